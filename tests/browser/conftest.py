"""Browser fixtures: built sites served on 127.0.0.1 and Debian's Chromium driven by Playwright.

The network of the machines we run on is closed except for package registries, so Playwright's
own browser download is not used: `scripts/test` installs Debian's `chromium` and we launch it.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, expect, sync_playwright

from tests.conftest import REPO, BuildResult

# Debian's Chromium by default; LIVEGARDEN_CHROMIUM names another Chromium or Chrome binary
# (a CI runner's Google Chrome, say).
CHROMIUM = Path(os.environ.get("LIVEGARDEN_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GARDEN = Path(__file__).resolve().parent / "vault"
ARTIFACTS = REPO / "test-artifacts"
VIEWPORT = {"width": 1400, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass(frozen=True)
class Served:
    """A built site behind a static HTTP server, as a reader's web host would serve it."""

    site_dir: Path
    base_url: str

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def pages(self) -> list[str]:
        """Site-relative URL of every page, the 404 page excepted."""
        found = []
        for html in sorted(self.site_dir.rglob("*.html")):
            relative = html.relative_to(self.site_dir).as_posix()
            if relative != "404.html":
                found.append(relative.removesuffix("index.html"))
        return found

    def file_for(self, url: str) -> Path | None:
        """The file the server answers `url` with, or None for a 404."""
        path = unquote(urlsplit(url).path)
        base = urlsplit(self.base_url).path
        if not path.startswith(base):
            return None
        target = self.site_dir / path[len(base) :]
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None


@dataclass
class PageLog:
    """What went wrong while a page was open: console errors, script errors, failed requests."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.errors.clear()
        self.failed.clear()


@contextmanager
def serve(site_dir: Path) -> Iterator[Served]:
    """Serve `site_dir` (which may still be empty) on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(site_dir, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


def build_for(served: Served, config_file: Path) -> BuildResult:
    """Build with --strict and site_url set to where it is served: Material's instant
    navigation only takes over links under site_url."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file)]
    command += ["-d", str(served.site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LIVEGARDEN_SITE_URL": served.base_url}
    done = subprocess.run(
        command, cwd=config_file.parent, capture_output=True, text=True, env=env, check=False
    )
    return BuildResult(served.site_dir, done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="session")
def garden(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The browser tests' own small vault (every reader feature on a few notes), built with
    the repository's mkdocs.yml (its config INHERITs it) and served."""
    with serve(tmp_path_factory.mktemp("garden-site")) as served:
        result = build_for(served, GARDEN / "mkdocs.yml")
        assert result.returncode == 0, result.log
        yield served


@pytest.fixture(scope="session")
def docs_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The repository's own vault, as published (site_url where it is served, so instant
    navigation works as on the real site)."""
    with serve(tmp_path_factory.mktemp("docs-site")) as served:
        result = build_for(served, REPO / "mkdocs.yml")
        assert result.returncode == 0, result.log
        yield served


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A page in a phone's browser: touch screen, mobile viewport 390 x 800."""
    context = browser.new_context(
        has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800}
    )
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `bash scripts/test` as root (it installs Debian's "
            "chromium) or `sudo apt-get install chromium`"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _open_page(browser: Browser, color_scheme: str) -> tuple[Page, PageLog]:
    context = browser.new_context(viewport=VIEWPORT, color_scheme=color_scheme)  # type: ignore[arg-type]
    page = context.new_page()
    log = PageLog()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            log.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            log.failed.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.errors.append(f"script: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", lambda request: log.failed.append(f"failed {request.url}"))
    page.set_default_timeout(15_000)
    return page, log


@pytest.fixture
def page_and_log(browser: Browser) -> Iterator[tuple[Page, PageLog]]:
    """A fresh tab in light mode and the log of what went wrong in it."""
    page, log = _open_page(browser, "light")
    yield page, log
    page.context.close()


@pytest.fixture
def dark_page_and_log(browser: Browser) -> Iterator[tuple[Page, PageLog]]:
    page, log = _open_page(browser, "dark")
    yield page, log
    page.context.close()


def wait_until_settled(page: Page, *, network_idle: bool = False) -> None:
    """Wait until the page's graphs are placed and laid out and its math is typeset; with
    `network_idle`, also until nothing has been fetched for half a second (late fonts)."""
    page.wait_for_load_state("networkidle" if network_idle else "load")
    page.wait_for_function(
        """() => {
            const math = document.querySelectorAll('.md-content .arithmatex');
            const done = document.querySelectorAll('.md-content .arithmatex mjx-container');
            const graphs = document.querySelectorAll('.lg-graph');
            const drawn = document.querySelectorAll('.lg-graph[data-lg-ready]');
            return document.body.dataset.lgGraph === 'placed'
                && math.length === done.length && graphs.length === drawn.length;
        }"""
    )


def title_of(page: Page) -> str:
    """The page's h1 as a reader sees it (without the permalink sign)."""
    return page.locator("article h1").first.inner_text().rstrip("\u00b6").strip()


def arrive(page: Page, url_glob: str, title: str) -> None:
    """Wait until navigation reached `url_glob` and its content is on screen: instant
    navigation changes the URL before it swaps the article."""
    page.wait_for_url(url_glob)
    expect(page.locator("article h1").first).to_have_text(re.compile(rf"^{re.escape(title)}\W*$"))


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot under test-artifacts/ (git-ignored) for a human to look at."""
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    return path
