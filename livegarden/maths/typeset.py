"""Replaces the TeX the note renderer leaves in a page's HTML with typeset CHTML markup.

The renderer writes math as `<span class="arithmatex">\\(…\\)</span>` (inline) or with
`\\[…\\]` (display), TeX HTML-escaped; those elements stay as they are and receive MathJax's
`<mjx-container>` in place of their text, so the page's CSS and search exclusions still apply.
The CSS of the page's glyphs goes in a `<style>` at the top of the article, not in the page's
head: Material's instant navigation swaps the article and keeps the head, so a stylesheet there
would hold the glyphs of the first page read, and a page without math carries none.
Errors (an undefined macro, a missing brace) are returned with the formula, for the adapter to
report against the note; the page then shows MathJax's error box, as a browser would.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from livegarden.atomic import write_atomically
from livegarden.maths.server import MathJaxServer, MathJaxServers, PendingPage

MATH_ELEMENT = re.compile(
    r'(?P<open><(?P<tag>span|div) class="arithmatex[^"]*"[^>]*>)'
    r"(?P<delimiter>\\[(\[])(?P<tex>.*?)\\[)\]](?P<close></(?P=tag)>)",
    re.DOTALL,
)
ARTICLE = re.compile(r"<article\b[^>]*>")
FONT_URL_MARK = "lg-math-fonts:"
"""The font URL MathJax writes into the CSS; each page puts its own relative path there."""
ERROR = re.compile(r'<mjx-merror data-mjx-error="([^"]*)"')


@dataclass(frozen=True, slots=True)
class TexError:
    """A formula MathJax could not typeset, and what it said."""

    tex: str
    message: str


@dataclass(slots=True)
class TypesetPage:
    html: str
    formulas: int
    errors: list[TexError] = field(default_factory=list)


Formulas = tuple[tuple[str, bool], ...]  # a page's formulas: TeX and whether displayed
Typeset = tuple[list[str], str]  # each formula's markup, and the CSS of their glyphs
_CACHE_FORMAT = "livegarden-math-v1"


class PageTypesetter:
    """Typesets whole pages; a page whose formulas are unchanged since the last build is
    answered from memory (what `mkdocs serve` rebuilds mostly are), or from the file the
    last build left (`load`, `save`)."""

    def __init__(self, server: MathJaxServer | MathJaxServers) -> None:
        self.server = server
        self._pages: dict[tuple[tuple[str, bool], ...], tuple[list[str], str]] = {}
        self._earlier: dict[tuple[tuple[str, bool], ...], tuple[list[str], str]] = {}
        self._pending: dict[tuple[tuple[str, bool], ...], PendingPage] = {}
        # a page's content formulas -> the formulas of the whole page they ended up in (its
        # table of contents and backlinks may add some): what a prefetch should send
        self._final_of: dict[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]] = {}
        self._prefetched: dict[str, tuple[tuple[str, bool], ...]] = {}  # page -> content's
        self._saved: tuple[set[Formulas], dict[Formulas, Formulas]] | None = None  # on disk

    def start_build(self) -> None:
        """Keep only what the last build used, so edits do not pile up in memory."""
        self._earlier, self._pages = self._pages, {}
        self._pending = {}  # unread answers of a build that stopped early are read and dropped

    def load(self, file: Path, salt: str) -> None:
        """Reuse what the build that wrote `file` typeset, if it had the same `salt`."""
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("format") != _CACHE_FORMAT:
            return
        if data.get("salt") != salt or not isinstance(data.get("pages"), list):
            return
        for formulas, markups, css in data["pages"]:
            self._earlier.setdefault(_key(formulas), ([str(m) for m in markups], str(css)))
        for content, final in data.get("final_of", []):
            self._final_of.setdefault(_key(content), _key(final))
        self._saved = (set(self._earlier), dict(self._final_of))

    def save(self, file: Path, salt: str) -> None:
        """Keep what this build typeset for the next one (unless the file holds just that)."""
        if self._saved == (set(self._pages), dict(self._final_of)):
            return
        pages = [[list(key), markups, css] for key, (markups, css) in self._pages.items()]
        final_of = [
            [list(content), list(final)]
            for content, final in self._final_of.items()
            if final in self._pages  # this build's pages only: edits do not pile up
        ]
        data = {"format": _CACHE_FORMAT, "salt": salt, "pages": pages, "final_of": final_of}
        write_atomically(file, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        self._saved = (set(self._pages), dict(self._final_of))

    def prefetch(self, html_text: str, page: str = "") -> None:
        """Send the formulas of `html_text` (a page's content, before its page is written) to
        MathJax without waiting, so that `typeset` of the page finds them done. With `page`
        named, what the last build typeset for a page of this content is sent instead."""
        content = _formulas(list(MATH_ELEMENT.finditer(html_text)))
        if page:
            self._prefetched[page] = content
        formulas = self._final_of.get(content, content)
        known = formulas in self._pages or formulas in self._earlier or formulas in self._pending
        if formulas and not known:
            self._pending[formulas] = self.server.submit(list(formulas))

    def typeset(self, page_html: str, font_url: str, page: str = "") -> TypesetPage:
        """The page with every formula typeset, its CSS finding MathJax's fonts at `font_url`
        (raises MathJaxUnavailable if MathJax is)."""
        matches = list(MATH_ELEMENT.finditer(page_html))
        content = self._prefetched.pop(page, None) if page else None
        if not matches:
            return TypesetPage(page_html, 0)
        formulas = _formulas(matches)
        if content is not None:
            self._final_of[content] = formulas
        typeset = self._pages.get(formulas) or self._earlier.get(formulas)
        if typeset is None:
            pending = self._pending.pop(formulas, None)
            if pending is None:
                pending = self.server.submit(list(formulas))
            typeset = self.server.collect(pending)
        self._pages[formulas] = typeset
        markups, css = typeset
        article = ARTICLE.search(page_html, 0, matches[0].start())
        style_at = article.end() if article else matches[0].start()
        parts: list[str] = []
        errors: list[TexError] = []
        end = 0
        for match, (tex, _), markup in zip(matches, formulas, markups, strict=True):
            if end <= style_at <= match.start():
                parts += [
                    page_html[end:style_at],
                    f'<style class="lg-math-css">{css.replace(FONT_URL_MARK, font_url)}</style>',
                ]
                end = style_at
            parts += [page_html[end : match.start()], match["open"], markup, match["close"]]
            end = match.end()
            errors += [TexError(tex, html.unescape(message)) for message in ERROR.findall(markup)]
        parts.append(page_html[end:])
        return TypesetPage("".join(parts), len(matches), errors)


def _key(formulas: list[list[object]]) -> tuple[tuple[str, bool], ...]:
    return tuple((str(tex), bool(display)) for tex, display in formulas)


def _formulas(matches: list[re.Match[str]]) -> tuple[tuple[str, bool], ...]:
    return tuple(
        (html.unescape(match["tex"]).strip(), match["delimiter"] == "\\[") for match in matches
    )
