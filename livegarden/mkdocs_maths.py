"""MkDocs adapter of build-time math: each page's formulas sent to MathJax once its content is
rendered, typeset into the page when it is written, TeX errors reported against the note."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.structure.pages import Page

from livegarden.emitters.assets import MATH_FONTS, mathjax_root
from livegarden.maths.server import MathJaxServer, MathJaxUnavailable
from livegarden.maths.typeset import FONT_URL_MARK, PageTypesetter, TexError
from livegarden.mkdocs_pages import site_root

log = logging.getLogger("mkdocs.plugins.livegarden")


class MathHooks:
    """Kept across `mkdocs serve` rebuilds, so MathJax starts once per serve."""

    def __init__(self) -> None:
        self._typesetter = PageTypesetter(MathJaxServer(Path(str(mathjax_root())), FONT_URL_MARK))
        self.unavailable: str | None = None  # why math is left to the browser, when it is
        self.left_to_browser = False  # some page of this build still holds raw TeX

    def start_build(self) -> None:
        self._typesetter.start_build()
        self.left_to_browser = False
        if self.unavailable is not None:  # a `serve` rebuild tries Node.js again
            self.unavailable = None
            self._typesetter.server.reset()

    def prefetch(self, content: str) -> None:
        """Start typesetting a page's content (MkDocs renders every page before it writes any,
        so Node.js works on them while the build goes on)."""
        if self.unavailable is None:
            try:
                self._typesetter.prefetch(content)
            except MathJaxUnavailable as failure:
                self._give_up(failure)

    def post_page(self, output: str, page: Page) -> str:
        """The page's HTML with its math typeset; TeX errors are reported against the note."""
        if self.unavailable is None:
            try:
                typeset = self._typesetter.typeset(output, site_root(page) + MATH_FONTS)
            except MathJaxUnavailable as failure:
                self._give_up(failure)
            else:
                for error in typeset.errors:
                    log.warning(
                        "%s: TeX error: %s in $%s$", _where(page, error), error.message, error.tex
                    )
                return typeset.html
        self.left_to_browser = self.left_to_browser or 'class="arithmatex' in output
        return output

    def close(self) -> None:
        self._typesetter.server.close()

    def _give_up(self, failure: MathJaxUnavailable) -> None:
        """Leave math to the reader's browser for the rest of this build, and say why once."""
        self.unavailable = str(failure)
        log.warning("livegarden: math is left to the reader's browser: %s", failure)


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
