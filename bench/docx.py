"""Benchmark: the prepared, sandboxed renderer against plain docxtpl on the same order template.

`python bench/docx.py` renders order № 533 with a 20-row and a 200-row roadmap appendix with both, checks
that the two give the same text, prints documents per second and the ratio, then times a 1,000-row
appendix. No assertion on speed: the figures are for reading.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named docx.py: run as a script, its own folder would shadow the python-docx package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import io  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402

from docxtpl import DocxTemplate  # noqa: E402
from lxml import etree  # noqa: E402

from documents.contexts import template_path  # noqa: E402
from documents.examples import order_533  # noqa: E402
from documents.render import PreparedTemplate  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def document_text(data: bytes) -> str:
    """Text of the body and headers, paragraph by paragraph, with breaks and tabs as characters."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = ["word/document.xml", *sorted(n for n in zf.namelist() if n.startswith("word/header"))]
        for name in names:
            root = etree.fromstring(zf.read(name))
            for p in root.iter(f"{W}p"):
                parts = []
                for el in p.iter(f"{W}t", f"{W}br", f"{W}tab"):
                    parts.append(el.text or "" if el.tag == f"{W}t" else ("\t" if el.tag == f"{W}tab" else "\n"))
                out.append("".join(parts))
    return "\n".join(out)


def plain_docxtpl(path: Path, context: dict) -> bytes:
    """What rendering looks like without preparation: load, patch, compile and save on every call."""
    tpl = DocxTemplate(path)
    tpl.render(context, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def rate(fn, min_seconds: float, min_runs: int) -> tuple[float, int]:
    """Documents per second of fn over at least min_seconds and min_runs calls."""
    runs, start = 0, time.perf_counter()
    while True:
        fn()
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds and runs >= min_runs:
            return runs / elapsed, runs


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args(argv)

    path = template_path("order")
    prepare_start = time.perf_counter()
    prepared = PreparedTemplate(path)
    prepare_ms = (time.perf_counter() - prepare_start) * 1000

    rows = []
    for n in (20, 200):
        context = order_533(rows=n).to_context()
        ours, theirs = prepared.render(context), plain_docxtpl(path, context)
        if document_text(ours) != document_text(theirs):
            print(f"Тексты документов различаются ({n} строк)", file=sys.stderr)
            return 1
        ours_rate, ours_runs = rate(lambda c=context: prepared.render(c), args.seconds, 5)
        plain_rate, plain_runs = rate(lambda c=context: plain_docxtpl(path, c), args.seconds, 5)
        rows.append((f"order + {n}-row roadmap", ours_rate, plain_rate, ours_runs, plain_runs, len(ours)))

    big = order_533(rows=1000).to_context()
    start = time.perf_counter()
    big_doc = prepared.render(big)
    ours_big = time.perf_counter() - start
    start = time.perf_counter()
    plain_docxtpl(path, big)
    plain_big = time.perf_counter() - start

    print(f"template: {path.name}, prepared once in {prepare_ms:.1f} ms; texts identical: yes")
    print()
    print(f"{'document':<26} {'prepared docs/s':>16} {'docxtpl docs/s':>15} {'ratio':>7} {'runs':>11} {'size':>9}")
    for name, ours_rate, plain_rate, ours_runs, plain_runs, size in rows:
        print(f"{name:<26} {ours_rate:>16.1f} {plain_rate:>15.1f} {ours_rate / plain_rate:>6.1f}x "
              f"{ours_runs:>5}/{plain_runs:<5} {size / 1024:>7.0f} KB")
    print(f"{'order + 1000-row roadmap':<26} {ours_big * 1000:>13.0f} ms {plain_big * 1000:>12.0f} ms "
          f"{plain_big / ours_big:>6.1f}x {'1/1':>11} {len(big_doc) / 1024:>7.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
