"""A reader follows wiki-links from page to page and lands on the heading a link names."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page

from tests.browser.conftest import PageLog, Served, arrive, wait_until_settled


def test_wikilinks_lead_across_pages(garden: Served, page_and_log: tuple[Page, PageLog]) -> None:
    page, log = page_and_log
    page.goto(garden.url(""))
    wait_until_settled(page)
    page.evaluate("window.__same_document = true")
    page.locator("article a.lg-wikilink", has_text="Matrices").first.click()
    arrive(page, "**/maths/matrices/", "Matrices")
    page.locator("article a.lg-wikilink", has_text="Eigenvectors").first.click()
    arrive(page, "**/maths/eigenvectors/", "Eigenvectors")
    wait_until_settled(page)
    # Instant navigation swapped the page in place, and our scripts ran again for it.
    assert page.evaluate("window.__same_document === true")
    graph = page.locator(".lg-graph--local")
    assert graph.evaluate("e => e.lgGraph.byId[e.lgGraph.options.current].title") == "Eigenvectors"
    page.locator("article a.lg-wikilink", has_text="matrix").first.click()
    arrive(page, "**/maths/matrices/", "Matrices")
    wait_until_settled(page)
    assert page.locator(".lg-graph--local").count() == 1, "one local graph, not one per visit"
    assert log.errors == [] and log.failed == []


def test_a_link_to_a_heading_lands_on_it(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, _ = page_and_log
    page.goto(garden.url(""))
    page.locator("article a.lg-wikilink", has_text="the characteristic equation").click()
    arrive(page, "**/maths/eigenvectors/#*", "Eigenvectors")
    fragment = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    heading = page.locator(f"[id='{fragment}']")
    assert heading.inner_text().startswith("The characteristic equation")
    wait_until_settled(page)
    assert heading.evaluate("e => e.getBoundingClientRect().top") < 300, "not scrolled to it"


def test_tags_and_backlinks_are_shown(garden: Served, page_and_log: tuple[Page, PageLog]) -> None:
    page, _ = page_and_log
    page.goto(garden.url("maths/matrices/"))
    tag = page.locator("article a.lg-tag", has_text="linear-algebra").first
    assert tag.is_visible()
    backlinks = page.locator("section.lg-backlinks a")
    assert sorted(backlinks.all_inner_texts()) == ["Browser garden", "Eigenvectors"]
    tag.click()
    page.wait_for_load_state("networkidle")
    assert "tags" in page.url
    assert page.locator("article a", has_text="Matrices").count() >= 1


def test_material_features_a_reader_expects_are_on(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, _ = page_and_log
    page.goto(garden.url("maths/eigenvectors/"))
    wait_until_settled(page)
    toc = page.locator(".md-sidebar--secondary nav.md-nav--secondary")
    assert "The characteristic equation" in toc.inner_text()
    copy = page.locator("article pre button.md-code__button[data-md-type='copy']")
    assert copy.count() >= 1, "no copy button"
    updated = page.locator("article .md-source-file").inner_text()
    assert re.search(r"[A-Z][a-z]+ \d{1,2}, \d{4}", updated), updated
    assert page.locator("form[data-md-component='palette'] label").count() == 2


def test_the_previous_pages_anchor_does_not_follow_into_the_next_address(
    docs_served: Served, phone_page: Page
) -> None:
    # Seen on a phone: a tap on the page, then on a link, gave `Calculus.../#livegarden` (the
    # home page's title anchor, which the new page does not have).
    page = phone_page
    page.goto(docs_served.url(""))
    wait_until_settled(page)
    page.touchscreen.tap(5, 400)
    page.locator("article a.lg-wikilink", has_text="Calculus for Deep Learning").first.tap()
    page.wait_for_url("**/Calculus%20for%20Deep%20Learning/**")
    wait_until_settled(page)
    page.wait_for_timeout(1500)
    fragment = urlsplit(page.url).fragment
    assert fragment == "" or page.locator(f"[id='{unquote(fragment)}']").count() == 1, page.url
