"""Page weight as a reader's browser transfers it, uncompressed, with an empty cache.

Counted: every response while a page loads at 1366 px until the network is idle (what a page
costs on arrival: figures further down are `loading="lazy"` and come as the reader scrolls),
and, reported beside it, the same page with every figure fetched. The budgets are the issue's,
a page with math and figures under 1 MB and the home page under 500 KB, in the binary units
Lighthouse reports page weight in (1 KiB = 1,024 bytes).
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Browser, Response

from tests.browser.conftest import Served, wait_until_settled

KIB = 1024
PAGE_BUDGET = 1024 * KIB
HOME_BUDGET = 500 * KIB


@dataclass(frozen=True)
class Weight:
    path: str
    on_arrival: int
    with_every_figure: int
    math: int  # MathJax's fonts, the only math asset a typeset page fetches
    search_index_on_arrival: bool  # fetched only once the reader goes to search


def weigh(browser: Browser, served: Served, path: str) -> Weight:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sizes: dict[str, int] = {}

    def on_response(response: Response) -> None:
        file = served.file_for(response.url)
        sizes[response.url] = file.stat().st_size if file is not None else len(response.body())

    page.on("response", on_response)
    try:
        page.goto(served.url(path))
        wait_until_settled(page, network_idle=True)
        arrival = sum(sizes.values())
        index_early = any("search_index" in url for url in sizes)
        page.evaluate("document.querySelectorAll('img').forEach(img => { img.loading = 'eager'; })")
        page.wait_for_function("[...document.images].every(img => img.complete)")
        page.wait_for_load_state("networkidle")
        math = sum(size for url, size in sizes.items() if "/mathjax/" in url)
        return Weight(path, arrival, sum(sizes.values()), math, index_early)
    finally:
        context.close()


def test_every_page_is_within_its_weight_budget(docs_served: Served, browser: Browser) -> None:
    weights = [weigh(browser, docs_served, path) for path in docs_served.pages()]
    for weight in weights:  # shown with -rA or on failure: the figures for the closing note
        print(
            f"{weight.on_arrival / KIB:7.0f} KiB on arrival {weight.with_every_figure / KIB:7.0f}"
            f" KiB with every figure  (math fonts {weight.math / KIB:4.0f} KiB)  /{weight.path}"
        )
    over = [w for w in weights if w.on_arrival > (HOME_BUDGET if w.path == "" else PAGE_BUDGET)]
    assert over == [], over
    assert any(weight.math > 0 for weight in weights), "no page drew math: nothing was weighed"
    assert not any(weight.search_index_on_arrival for weight in weights)
