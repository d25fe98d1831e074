"""Hovering an internal link shows the target note's title and opening, typeset, in place."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import PageLog, Served, screenshot, wait_until_settled


def test_hovering_a_wikilink_to_a_heading_previews_that_section(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, log = page_and_log
    page.goto(garden.url(""))
    wait_until_settled(page)
    page.locator("article a.lg-wikilink", has_text="the characteristic equation").hover()
    preview = page.locator(".lg-preview")
    preview.wait_for(state="visible")
    title = preview.locator(".lg-preview__title").inner_text()
    assert title == "Eigenvectors \u203a The characteristic equation"
    preview.locator("mjx-container").first.wait_for()  # its formula is typeset too
    assert "eigenvector of a square" not in preview.inner_text(), "showed the whole page"
    screenshot(page, "preview-light", full_page=False)
    page.mouse.move(5, 5)
    preview.wait_for(state="hidden")
    assert log.errors == [] and log.failed == []


def test_hovering_an_ordinary_link_previews_the_opening_of_the_note(
    garden: Served, page_and_log: tuple[Page, PageLog]
) -> None:
    page, _ = page_and_log
    page.goto(garden.url(""))
    wait_until_settled(page)
    page.locator("article a", has_text="full graph").hover()
    preview = page.locator(".lg-preview")
    preview.wait_for(state="visible")
    assert preview.locator(".lg-preview__title").inner_text() == "Graph of notes"
    assert "Every published note is a dot" in preview.inner_text()
