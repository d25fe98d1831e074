"""MkDocs adapter of build-time math: each page's formulas sent to MathJax once its content is
rendered, typeset into the page when it is written, TeX errors reported against the note."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from mkdocs.structure.pages import Page

from livegarden.emitters.assets import MATH_FONTS, mathjax_root
from livegarden.maths.node import node_executable
from livegarden.maths.server import NO_NODE, SERVER_SCRIPT, MathJaxServers, MathJaxUnavailable
from livegarden.maths.typeset import FONT_URL_MARK, PageTypesetter, TexError
from livegarden.mkdocs_pages import site_root

log = logging.getLogger("mkdocs.plugins.livegarden")


class MathHooks:
    """Kept across `mkdocs serve` rebuilds, so MathJax starts once per serve."""

    def __init__(self) -> None:
        self._servers = MathJaxServers(Path(str(mathjax_root())), FONT_URL_MARK)
        self._typesetter = PageTypesetter(self._servers)
        self.unavailable: str | None = None  # why math is left to the browser, when it is
        self.left_to_browser = False  # some page of this build still holds raw TeX
        self._without_node = False
        self.cache_file: Path | None = None
        self._salt = ""

    def start_build(self, cache_dir: Path | None = None, processes: int = 1) -> None:
        """A new build: up to `processes` MathJax processes; the first build (of a `serve`)
        reuses what the last build typeset, kept in `cache_dir`."""
        self._typesetter.start_build()
        self._servers.count = processes
        cache_file = cache_dir / MATH_CACHE if cache_dir is not None else None
        if cache_file != self.cache_file:
            self.cache_file, self._salt = cache_file, _salt()
            if cache_file is not None:
                self._typesetter.load(cache_file, self._salt)
        self.left_to_browser = False
        # no Node.js (or LIVEGARDEN_NODE=none): math goes to the browser even where the cache
        # could typeset it, so that a build's pages do not depend on what an earlier one kept
        self._without_node = node_executable() is None
        if self.unavailable is not None:  # a `serve` rebuild tries Node.js again
            self.unavailable = None
            self._typesetter.server.reset()

    def prefetch(self, content: str, page: Page | None = None) -> None:
        """Start typesetting a page's content (MkDocs renders every page before it writes any,
        so Node.js works on them while the build goes on)."""
        if self._typesets(content):
            try:
                self._typesetter.prefetch(content, page.file.src_uri if page else "")
            except MathJaxUnavailable as failure:
                self._give_up(failure)

    def post_page(self, output: str, page: Page) -> str:
        """The page's HTML with its math typeset; TeX errors are reported against the note."""
        if self._typesets(output):
            try:
                typeset = self._typesetter.typeset(
                    output, site_root(page) + MATH_FONTS, page.file.src_uri
                )
            except MathJaxUnavailable as failure:
                self._give_up(failure)
            else:
                for error in typeset.errors:
                    log.warning(
                        "%s: TeX error: %s in $%s$", _where(page, error), error.message, error.tex
                    )
                return typeset.html
        self.left_to_browser = self.left_to_browser or MATH_CLASS in output
        return output

    def save(self) -> None:
        """Keep what this build typeset for the next (nothing when math was left to the
        browser)."""
        if self.cache_file is not None and self.unavailable is None:
            self._typesetter.save(self.cache_file, self._salt)

    def close(self) -> None:
        self._typesetter.server.close()

    def _typesets(self, html: str) -> bool:
        """Whether math is typeset here in this build (without Node.js, a page with math
        gives it up, even where the cache could typeset it)."""
        if self.unavailable is None and self._without_node and MATH_CLASS in html:
            self._give_up(MathJaxUnavailable(NO_NODE))
        return self.unavailable is None

    def _give_up(self, failure: MathJaxUnavailable) -> None:
        """Leave math to the reader's browser for the rest of this build, and say why once."""
        self.unavailable = str(failure)
        log.warning("livegarden: math is left to the reader's browser: %s", failure)


MATH_CACHE = "math.json"
MATH_CLASS = 'class="arithmatex'  # what the renderer wraps each formula in


def _salt() -> str:
    """What typeset markup depends on: the MathJax copy and how it is driven."""
    digest = hashlib.sha256(SERVER_SCRIPT.read_bytes())
    digest.update(f"{mathjax_root()}|{FONT_URL_MARK}".encode())
    return digest.hexdigest()


def _where(page: Page, error: TexError) -> str:
    """`note.md:LINE` of the formula's first appearance in the note, or the note alone."""
    note = page.file.src_uri
    source = page.file.abs_src_path
    if source is None:
        return note
    try:
        text = Path(source).read_text(encoding="utf-8")
    except OSError:
        return note
    found = text.find(error.tex)
    return f"{note}:{text.count(chr(10), 0, found) + 1}" if found >= 0 else note
