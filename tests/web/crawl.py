"""Walking the pages a user can reach by links: every distinct kind of page once or twice, downloads left out."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

# Links that change nothing but are not pages: files, the logout form's target, static assets.
SKIPPED = re.compile(r"(\.docx|\.pdf|\.xlsx|/file)$|^/static/|^/logout|/files/\d+|^/api/")
_NUMBER = re.compile(r"\d+")


def pattern(url: str) -> str:
    """The kind of a page: its path with numbers replaced, its query's parameter names."""
    parts = urlsplit(url)
    names = ",".join(sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair}))
    return _NUMBER.sub("N", parts.path) + ("?" + names if names else "")


def walk(fetch: Callable[[str], list[str]], start: str = "/", per_pattern: int = 2, limit: int = 150) -> list[str]:
    """Breadth first from `start`: `fetch` opens a page and returns its links; the pages opened, in order."""
    opened: list[str] = []
    seen: set[str] = set()
    per: dict[str, int] = {}
    queue = [start]
    while queue and len(opened) < limit:
        url = queue.pop(0)
        key = pattern(url)
        if url in seen or per.get(key, 0) >= per_pattern:
            continue
        seen.add(url)
        per[key] = per.get(key, 0) + 1
        opened.append(url)
        for link in fetch(url):
            path = link.split("#")[0]
            if path.startswith("/") and not SKIPPED.search(path.split("?")[0]) and path not in seen:
                queue.append(path)
    return opened
