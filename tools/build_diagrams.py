"""Draw every lifecycle as an SVG diagram into routes/static/diagrams/ (Graphviz `dot`, no CDN, no browser script).

Run from the repository root: `.venv/bin/python -m tools.build_diagrams` (needs Debian's `graphviz`).
The drawings are committed: the pages serve them as static files, and tests/unit/test_diagrams.py checks that
each one was drawn from the lifecycle as it is now (every SVG carries the SHA-256 of its DOT source).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

from workflow.engine.lifecycles import ALL_LIFECYCLES, Lifecycle

OUTPUT = Path(__file__).resolve().parents[1] / "routes" / "static" / "diagrams"
FONT = "Liberation Sans"
SOURCE_MARK = "prikaz-diagram-source-sha256:"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_source(lifecycle: Lifecycle) -> str:
    """The DOT text of one lifecycle: states by their Russian names, arrows labelled with the actions."""
    lines = [
        f"digraph {_quoted(lifecycle.kind)} {{",
        "  rankdir=LR; nodesep=0.35; ranksep=0.5; bgcolor=white;",
        f'  node [shape=box, style="rounded,filled", fillcolor="#e3ecfa", color="#2457a6", fontname={_quoted(FONT)},'
        ' fontsize=12, fontcolor="#1d2733"];',
        f'  edge [color="#5b6675", fontname={_quoted(FONT)}, fontsize=10, fontcolor="#1d2733"];',
        '  start [shape=circle, width=0.18, label="", style=filled, fillcolor="#1d2733", color="#1d2733"];',
    ]
    for code, name in lifecycle.states.items():
        extra = ', peripheries=2, fillcolor="#e7f4ec", color="#1b6e3a"' if code in lifecycle.final else ""
        lines.append(f"  {_quoted(code)} [label={_quoted(name)}{extra}];")
    lines.append(f"  start -> {_quoted(lifecycle.initial)};")
    seen: set[tuple[str, str, str]] = set()
    for transition in lifecycle.transitions:
        for source in transition.sources:
            key = (source, transition.dest, transition.label)
            if key in seen:
                continue
            seen.add(key)
            lines.append(f"  {_quoted(source)} -> {_quoted(transition.dest)} [label={_quoted(transition.label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def source_hash(lifecycle: Lifecycle) -> str:
    """The SHA-256 of a lifecycle's DOT source, stamped into its SVG."""
    return hashlib.sha256(dot_source(lifecycle).encode()).hexdigest()


def render(lifecycle: Lifecycle, dot: str = "dot") -> str:
    """The SVG of one lifecycle, stamped with its source's hash."""
    svg = subprocess.run([dot, "-Tsvg"], input=dot_source(lifecycle), capture_output=True, text=True, check=True)
    # Graphviz's own comments name its version; the stamp replaces them so a rebuild elsewhere changes nothing.
    body = re.sub(r"<!--.*?-->\n?", "", svg.stdout, flags=re.DOTALL).rstrip()
    # Graphviz titles every node and arrow with its code (a hover tooltip); the drawing is named once instead.
    body = re.sub(r"<title>.*?</title>\n?", "", body)
    body = re.sub(r"(<svg [^>]*>)", rf"\1\n<title>Жизненный цикл: {lifecycle.label}</title>", body, count=1)
    return body.replace("<svg ", f"<!-- {SOURCE_MARK}{source_hash(lifecycle)} -->\n<svg ", 1) + "\n"


def main() -> int:
    """Write routes/static/diagrams/<kind>.svg for every lifecycle."""
    dot = shutil.which("dot")
    if dot is None:
        print("build_diagrams: нужен Graphviz (apt-get install graphviz)", file=sys.stderr)
        return 1
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for lifecycle in ALL_LIFECYCLES.values():
        (OUTPUT / f"{lifecycle.kind}.svg").write_text(render(lifecycle, dot), encoding="utf-8")
        print(f"build_diagrams: {lifecycle.kind}.svg")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
