# `make run` serves the demo office on the runtime dependencies, with the background worker beside gunicorn; `make test` installs the dev tools and the
# Debian packages the tests need, lints and passes the whole suite. requirements*.in list what we depend on,
# requirements*.txt are their pip-compile locks (README, "Dependencies and tests").
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

# What test-fast leaves out: whatever needs a Debian package of `make setup` (browser, PostgreSQL, LibreOffice, Redis)
# and the long runs.
FAST_MARKERS := not browser and not postgres and not libreoffice and not redis and not slow

.PHONY: run install install-dev setup lint test-fast test bench diagrams clean

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements.txt -r requirements-dev.txt
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

setup:
	@bash tools/setup_test_env.sh

# gunicorn's default access line without the query string (%(U)s, not %(r)s): the calendar feed's token is in it.
ACCESS_LOG_FORMAT = %(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s"

run: install
	$(VENV)/bin/flask db upgrade
	$(VENV)/bin/flask demo load
	@VENV=$(VENV) HOST=$(HOST) PORT=$(PORT) ACCESS_LOG_FORMAT='$(ACCESS_LOG_FORMAT)' bash tools/run.sh

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test-fast: install-dev
	$(PY) -m pytest -n 2 -m "$(FAST_MARKERS)" tests/unit tests/integration

test: install-dev setup lint
	$(PY) -m pytest -n 2

bench: install
	$(PY) bench/engine.py
	$(PY) bench/dispatch.py
	$(PY) bench/http.py

diagrams: install
	$(VENV)/bin/flask workflow diagram

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
