"""Material's search finds a word that only one note contains, in its prose or only in the
output of its live code, and leads to that note."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import PageLog, Served, arrive


@pytest.mark.parametrize(
    ("word", "url_glob", "title"),
    [
        pytest.param("quaternionic", "**/maths/matrices/**", "Matrices", id="word-in-prose"),
        # The block's source spells it in two halves: only its output has the whole word.
        pytest.param("zygomorphic", "**/maths/eigenvectors/**", "Eigenvectors", id="code-output"),
    ],
)
def test_search_finds_a_word_and_reaches_its_page(
    garden: Served, page_and_log: tuple[Page, PageLog], word: str, url_glob: str, title: str
) -> None:
    page, log = page_and_log
    index_requests: list[str] = []
    page.on("request", lambda r: index_requests.append(r.url) if "search_index" in r.url else None)
    page.goto(garden.url(""))
    page.wait_for_load_state("networkidle")
    assert index_requests == [], "the index waits until the reader goes to search"
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.keyboard.type(word, delay=20)  # as a reader types: Material's search listens to keys
    result = page.locator(".md-search-result__item a").first
    result.wait_for()
    result.click()
    arrive(page, url_glob, title)
    assert page.get_by_text(word).count() >= 1
    assert log.errors == [] and log.failed == []
