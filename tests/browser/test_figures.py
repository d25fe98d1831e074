"""Figures as a reader sees them: fitting the colour scheme (no white box on a dark page,
dark text turned light) and readable at phone width. Pixels of real screenshots."""

from __future__ import annotations

import io

from PIL import Image, ImageStat
from playwright.sync_api import Browser, Page

from tests.browser.conftest import PageLog, Served, wait_until_settled

CALCULUS = "Mainfolder/AI/Calculus%20for%20Deep%20Learning/"


def luminance(png: bytes) -> float:
    """Mean brightness, 0 (black) to 255 (white)."""
    return ImageStat.Stat(Image.open(io.BytesIO(png)).convert("L")).mean[0]


def first_line_art(page: Page, served: Served, path: str) -> bytes:
    page.goto(served.url(path))
    wait_until_settled(page, network_idle=True)
    figure = page.locator(".lg-figure-lineart img").first
    figure.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=figure.element_handle()
    )
    return figure.screenshot()


def test_line_art_follows_the_colour_scheme(
    docs_served: Served,
    page_and_log: tuple[Page, PageLog],
    dark_page_and_log: tuple[Page, PageLog],
) -> None:
    light = luminance(first_line_art(page_and_log[0], docs_served, CALCULUS))
    dark = luminance(first_line_art(dark_page_and_log[0], docs_served, CALCULUS))
    assert light > 200, "a light page shows the figure on its light background"
    assert dark < 80, f"a dark page shows no white box (mean brightness {dark:.0f})"


def test_figure_text_stays_readable_at_phone_width(docs_served: Served, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 780})
    try:
        page.goto(docs_served.url(CALCULUS))
        wait_until_settled(page, network_idle=True)
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.lg-exec-figure img[width]')].map(img => {
                const box = img.getBoundingClientRect();
                return box.width / Number(img.getAttribute('width'));
            })"""
        )
        assert sizes, "the page has figures with a known size"
        # matplotlib's 10 pt labels are 13.3 CSS px at full size: they stay at 10 px or more
        # (a figure wider than the screen scrolls inside its box).
        assert all(scale * 13.3 >= 9.9 or scale >= 1 for scale in sizes), sizes
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 361, "the page itself does not scroll sideways"
    finally:
        page.close()


ENLARGED = """() => {
    const image = document.querySelector('dialog.lg-lightbox[open] img');
    if (!image || !image.complete) return null;
    const box = image.getBoundingClientRect();
    return {width: box.width, src: image.getAttribute('src')};
}"""


def test_a_click_enlarges_a_figure_and_a_tap_on_a_phone_too(
    docs_served: Served, page_and_log: tuple[Page, PageLog], phone_page: Page
) -> None:
    page, log = page_and_log
    for reader in (page, phone_page):
        reader.goto(docs_served.url(CALCULUS))
        wait_until_settled(reader, network_idle=True)
        start = reader.url
        figure = reader.locator(".lg-exec-figure img").first
        figure.scroll_into_view_if_needed()
        shown = figure.bounding_box()
        assert shown is not None
        if reader is phone_page:
            figure.tap()
        else:
            figure.click()
        reader.wait_for_function(ENLARGED)
        enlarged = reader.evaluate(ENLARGED)
        assert enlarged["src"] == figure.get_attribute("src")
        assert enlarged["width"] > shown["width"] * 1.2, (enlarged, shown)
        assert reader.url == start, "the page stays; the figure is shown over it"
        reader.keyboard.press("Escape")
        reader.wait_for_function("() => !document.querySelector('dialog.lg-lightbox[open]')")
    assert log.errors == [] and log.failed == []
