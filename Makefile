# The two commands: `make run` serves the demo office, `make test` passes the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run test install lint bench diagrams clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/flask db upgrade
	$(VENV)/bin/flask demo load
	@echo "prikaz: http://$(HOST):$(PORT)/"
	$(VENV)/bin/gunicorn --workers 2 --bind $(HOST):$(PORT) --access-logfile - wsgi:app

test: install
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n 2

lint: install
	$(VENV)/bin/ruff check .

bench: install
	$(PY) bench/engine.py

diagrams: install
	$(VENV)/bin/flask workflow diagram

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
