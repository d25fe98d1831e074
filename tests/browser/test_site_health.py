"""Every page of a built site opens in Chromium with no script error, no console error, no
failed request, and no link, asset or fragment that leads nowhere."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page

from tests.browser.conftest import PageLog, Served, wait_until_settled

LINKS = """() => [
    ...[...document.querySelectorAll('a[href]')]
        .map(e => ['a', e.href, !!e.closest('.md-content')]),
    ...[...document.querySelectorAll('link[href]')].map(e => ['link', e.href, false]),
    ...[...document.querySelectorAll('[src]')].map(e => ['src', e.src, false]),
]"""

BAD_MATH = """() => [...document.querySelectorAll('.md-content .arithmatex')]
    .filter(e => !e.querySelector('mjx-container') || e.querySelector('mjx-merror'))
    .map(e => e.textContent)"""

# What a reader would see of math that never reached MathJax: `$$`, `\(`, `\[`, an environment,
# or a dollar right before a command or a braced sub/superscript. Prices ($5) do not match.
RAW_TEX = re.compile(r"\$\$|\\[(\[]|\\begin\{|\$\\[A-Za-z]+|\$[^$\s][^$\n]*?[_^]\{")
PROSE_TEXT = """() => {
    const copy = document.querySelector('article.md-content__inner').cloneNode(true);
    copy.querySelectorAll('pre, code, mjx-container, .lg-graph').forEach(e => e.remove());
    return copy.textContent;
}"""


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def walk(served: Served, page: Page, log: PageLog) -> list[str]:
    problems: list[str] = []
    ids_of: dict[str, set[str]] = {}
    for path in served.pages():
        log.clear()
        page.goto(served.url(path))
        wait_until_settled(page, network_idle=True)
        problems += [f"{path or '/'}: {problem}" for problem in log.errors + log.failed]
        problems += [
            f"{path or '/'}: formula not typeset: {tex}" for tex in page.evaluate(BAD_MATH)
        ]
        prose = page.evaluate(PROSE_TEXT)
        problems += [f"{path or '/'}: raw TeX in the text: {m}" for m in RAW_TEX.findall(prose)]
        for kind, url, in_content in page.evaluate(LINKS):
            if not url.startswith(served.base_url):
                if url.startswith(("http:", "https:")) and kind != "a":
                    problems.append(f"{path or '/'}: loads {url} from outside the site")
                continue
            target = served.file_for(url)
            if target is None:
                problems.append(f"{path or '/'}: {kind} {url} is a 404")
                continue
            fragment = unquote(urlsplit(url).fragment)
            if in_content and fragment and target.suffix == ".html":
                if str(target) not in ids_of:
                    ids_of[str(target)] = _ids(target.read_text(encoding="utf-8"))
                if fragment not in ids_of[str(target)]:
                    problems.append(f"{path or '/'}: {url} names no id in its page")
    return problems


def test_every_page_of_the_browser_garden_is_healthy(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, log = page_and_log
    assert len(garden.pages()) >= 4
    assert walk(garden, page, log) == []


def test_every_page_of_the_repository_vault_is_healthy(
    docs_served: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, log = page_and_log
    assert walk(docs_served, page, log) == []
