"""Every role's pages are readable: no sideways scroll at 1366 and 390 px, text contrast ≥ 4.5:1, no codes shown."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import LiveServer, screenshot
from tests.web.crawl import walk
from tools.demo import DEMO_LOGINS

ROLES = list(DEMO_LOGINS)
WIDTHS = ({"width": 1366, "height": 768}, {"width": 390, "height": 844})
MIN_CONTRAST = 4.5
# The header on one line at 1366 px is 48 px tall; a wrapped navigation doubles it.
ONE_LINE_HEADER = 64
# Beyond the crawl: pages a person opens by typing (the search results) or that a crawl may reach late.
EXTRA = ("/search?q=приказ", "/notifications")
EXTRA_OF = {"admin": ("/admin/lifecycles", "/admin/users/new"), "controller": ("/control",)}

# (a) the page is never wider than the window.
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"

# (b) every visible element with text of its own: its colour against the first opaque background behind it
# (walking up the ancestors, blending translucent layers), as WCAG 2 computes contrast.
CONTRAST = """(minimum) => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
  const rgba = (c) => { const v = parse(c); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const over = (top, bottom) => { const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]); };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const seen = new Map();
  const background = (el) => {
    if (!el || el.nodeType !== 1) return [255, 255, 255, 1];
    if (seen.has(el)) return seen.get(el);
    const bg = rgba(getComputedStyle(el).backgroundColor);
    const result = bg[3] >= 1 ? bg : bg[3] > 0 ? over(bg, background(el.parentElement)) : background(el.parentElement);
    seen.set(el, result);
    return result;
  };
  const opacities = new Map();
  const opacity = (el) => {
    if (!el || el.nodeType !== 1) return 1;
    if (!opacities.has(el)) opacities.set(el, Number(getComputedStyle(el).opacity) * opacity(el.parentElement));
    return opacities.get(el);
  };
  const problems = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg, script, style, template, [hidden], details:not([open]) > :not(summary)')) continue;
    const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.trim()).map(n => n.textContent.trim());
    if (!own.length) continue;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility !== 'visible' || style.display === 'none' || box.width <= 1 || box.height <= 1) continue;
    if (box.right <= 0 || box.bottom <= 0 || style.clip === 'rect(0px, 0px, 0px, 0px)') continue;
    const bg = background(el);
    const alpha = opacity(el);
    const fg = over(rgba(style.color).map((v, i) => i === 3 ? v * alpha : v), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const where = `${el.tagName.toLowerCase()}.${el.className}`;
    if (ratio < minimum) problems.push(`${ratio.toFixed(2)}: «${own.join(' ').slice(0, 40)}» (${where})`);
  }
  return problems;
}"""

# (c) codes that mean nothing to a person: state and event names, field names like new_deadline or parent_id.
CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def _check(page: Any, url: str, width: int) -> list[str]:
    problems = []
    sideways = page.evaluate(SIDEWAYS)
    if sideways > 0:
        problems.append(f"{url} @{width}: страница шире окна на {sideways} px")
    problems.extend(f"{url} @{width}: контраст {p}" for p in page.evaluate(CONTRAST, MIN_CONTRAST))
    header = page.evaluate("() => document.querySelector('header.top').getBoundingClientRect().height")
    if width >= 1366 and header > ONE_LINE_HEADER:
        problems.append(f"{url} @{width}: шапка не помещается в одну строку ({header:.0f} px)")
    codes = sorted(set(CODE.findall(page.inner_text("body"))))
    if codes:
        problems.append(f"{url} @{width}: коды вместо слов {codes}")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("login", ROLES)
def test_every_page_of_a_role_is_readable_on_a_desktop_and_a_phone(
    visit_as: Any, live_server: LiveServer, login: str
) -> None:
    page = visit_as(login).page
    problems: list[str] = []

    def fetch(url: str) -> list[str]:
        response = page.goto(live_server.url + url, wait_until="domcontentloaded")
        if response is None or response.status != 200:
            problems.append(f"{url}: {response.status if response else 'нет ответа'}")
            return []
        for size in reversed(WIDTHS):
            page.set_viewport_size(size)
            problems.extend(_check(page, url, size["width"]))
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        return [link for link in links if link]

    opened = walk(fetch, per_pattern=1, limit=22)
    for url in (*EXTRA, *EXTRA_OF.get(login, ())):
        if url not in opened:
            fetch(url)
    assert len(opened) > 5
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_the_checks_catch_white_on_light_grey_a_wide_table_and_a_code(visit_as: Any, live_server: LiveServer) -> None:
    page = visit_as("clerk").page
    page.goto(f"{live_server.url}/orders")
    page.evaluate("""() => {
        const badge = document.createElement('span');
        badge.textContent = 'Проект';
        badge.style.color = '#fff';
        badge.style.background = '#eceff3';
        document.querySelector('h1').after(badge);
        const wide = document.createElement('p');
        wide.textContent = 'on_approval';
        wide.style.width = '3000px';
        document.querySelector('main').append(wide);
    }""")
    problems = _check(page, "/orders", 1366)
    assert any("страница шире окна" in p for p in problems)
    assert any("контраст" in p and "«Проект»" in p for p in problems)
    assert any("коды вместо слов ['on_approval']" in p for p in problems)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("login", "path", "name"),
    [("clerk", "/orders", "phone-orders"), ("executor", "/tasks", "phone-my-tasks"), ("controller", "/", "phone-desk")],
)
def test_a_phone_screen_is_shot_with_the_menu_folded_and_nothing_sideways(
    visit_as: Any, live_server: LiveServer, screenshot_dir: Path, login: str, path: str, name: str
) -> None:
    page = visit_as(login).page
    page.set_viewport_size(WIDTHS[1])
    page.goto(live_server.url + path)
    assert page.get_by_role("button", name="Меню").is_visible()
    assert not page.get_by_role("link", name="Приказы").first.is_visible()
    assert page.evaluate(SIDEWAYS) <= 0
    page.get_by_role("button", name="Меню").click()
    assert page.get_by_role("link", name="Приказы").first.is_visible()
    page.get_by_role("button", name="Меню").click()
    assert screenshot(page, screenshot_dir, name).read_bytes().startswith(b"\x89PNG")
