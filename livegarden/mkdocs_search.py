"""Material's search entries for a page, split by a regex tokenizer instead of `html.parser`.

Material's search plugin feeds every page's HTML to a pure-Python `HTMLParser`: 11-13 % of a
large build (see .team/bench_findings.md). This adapter runs the same section-splitting state
machine as `material.plugins.search.plugin.Parser` (sections at h1-h6 with an id, kept tags,
skipped tags, whitespace collapsing, permalinks ignored; skip bookkeeping by tag name, as there)
over a tokenizer that knows only what Python-Markdown writes: text, start and end tags, comments.
A page holding anything else (a script or style body, `<!`, `<?`, a stray `<`) returns None and
Material indexes it itself. Entries go through Material's own `create_entry_for_section`, so
`search/search_index.json` is byte-identical (checked on 1,000- and 3,000-note vaults and the
repository's notes; tests/test_mkdocs_search.py compares the two parsers on generated HTML).

Wiring (plugin.py): call `SearchAccelerator.page_context` from `on_page_context` with a priority
above the search plugin's, and `post_page` from `on_post_page`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape, unescape
from typing import Any

from material.plugins.search.plugin import Element, Section, void

_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>|<!--.*?-->",
    re.S,
)
_ATTR = re.compile(
    r"""((?<=[\s"'/])|^)([^\s/>"'=][^\s/>=]*)"""
    r"""(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"'][^\s>]*)))?"""
)
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_KEEP = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))
_ALWAYS_SKIPPED = ("object", "script", "style")
_RAW_TEXT = frozenset(("script", "style"))  # html.parser reads their bodies as raw text


class _Unsupported(Exception):
    """Markup the tokenizer does not reproduce exactly; Material's parser takes the page."""


def _attributes(text: str) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for match in _ATTR.finditer(text):
        name = match.group(2).lower()
        value = next((v for v in match.group(3, 4, 5) if v is not None), None)
        found[name] = unescape(value) if value is not None else None  # last duplicate wins
    return found


class _Splitter:
    """The state machine of Material's `Parser`, with counters instead of list scans."""

    def __init__(self) -> None:
        self.skip: set[str] = set(_ALWAYS_SKIPPED)
        self.context: list[tuple[str, bool]] = []  # (tag, is a permalink `a.headerlink`)
        self.open: dict[str, int] = {}  # open elements by tag
        self.permalinks = 0
        self.skipping = 0  # open elements whose tag is in `skip`
        self.section: Any = None
        self.data: list[Any] = []

    def _section_title_open(self) -> bool:
        return bool(self.open.get(self.section.el.tag))

    def start(self, tag: str, raw: str) -> None:
        if tag in void:
            return
        lowered = raw.lower()
        wanted = tag in _HEADINGS or tag == "a" or "data-search-exclude" in lowered
        attrs = _attributes(raw) if (wanted or "linenodiv" in lowered) and raw.strip() else {}
        element = Element(tag, attrs)
        permalink = tag == "a" and attrs.get("class") == "headerlink"
        self.context.append((tag, permalink))
        self.open[tag] = self.open.get(tag, 0) + 1
        self.permalinks += permalink
        if tag in self.skip:
            self.skipping += 1
        if tag in _HEADINGS:
            depth = len(self.context)
            if "id" in attrs:
                if tag != "h1" and not self.data:
                    self.section = Section(Element("hx"), depth)
                    self.data.append(self.section)
                self.section = Section(element, depth)
                if self.data:
                    self.section.id = attrs["id"]
                self.data.append(self.section)
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        for key, value in attrs.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                if tag not in self.skip:
                    self.skip.add(tag)
                    self.skipping += self.open[tag]
                return
        if tag in _KEEP and not self.skipping:
            target = self.section.title if self._section_title_open() else self.section.text
            target.append(f"<{tag}>")

    def end(self, tag: str) -> None:
        context = self.context
        if not context or context[-1][0] != tag:
            return
        if self.section.depth > len(context):
            for section in reversed(self.data):
                if section.depth <= len(context):
                    self.section.depth = float("inf")
                    self.section = section
                    break
        _, permalink = context.pop()
        self.open[tag] -= 1
        self.permalinks -= permalink
        if tag in self.skip:
            self.skipping -= 1
            if tag not in _ALWAYS_SKIPPED:
                self.skip.remove(tag)
                self.skipping -= self.open[tag]
            return
        if tag in _KEEP and not self.skipping:
            data = self.section.title if self._section_title_open() else self.section.text
            index = data.index(f"<{tag}>")  # raises where Material's parser raises too
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def text(self, data: str) -> None:
        if self.skipping:
            return
        in_pre = bool(self.open.get("pre"))
        if not in_pre:
            data = data.replace("\n", " ") if not data.isspace() else " "
        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)
        section = self.section
        if self._section_title_open():
            if not self.permalinks:
                section.title.append(escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or in_pre:
                section.text.append(data)
        else:
            section.text.append(escape(data, quote=False))

    def feed(self, html: str) -> list[Any]:
        position = 0
        for match in _TOKEN.finditer(html):
            if match.start() > position:
                self._text_run(html[position : match.start()])
            position = match.end()
            closing, tag, raw, self_closing = match.groups()
            if tag is None:  # a comment
                continue
            tag = tag.lower()
            if tag in _RAW_TEXT:
                raise _Unsupported
            if closing:
                self.end(tag)
            else:
                self.start(tag, raw)
                if self_closing:
                    self.end(tag)
        if position < len(html):
            self._text_run(html[position:])
        return self.data

    def _text_run(self, run: str) -> None:
        if "<" in run:
            raise _Unsupported
        self.text(unescape(run))


def search_sections(html: str) -> list[Any] | None:
    """The sections Material's search `Parser` finds in `html`, or None to let it parse."""
    try:
        return _Splitter().feed(html)
    except _Unsupported:
        return None


@dataclass
class SearchAccelerator:
    """Adds each page's search entries itself, then tells Material's plugin to skip the page."""

    fast_pages: int = 0
    fallback_pages: int = 0
    _hidden: list[tuple[Any, object]] = field(default_factory=list)

    def page_context(self, page: Any, search_plugin: Any) -> None:
        """Before the search plugin's `on_page_context`: index `page` unless it must fall back."""
        if search_plugin is None or not getattr(search_plugin.config, "enabled", True):
            return
        meta = page.meta
        options = meta.get("search") or {}
        if not isinstance(options, dict) or options.get("exclude"):
            return
        sections = search_sections(page.content or "")
        if sections is None:
            self.fallback_pages += 1
            return
        self.fast_pages += 1
        index = search_plugin.search_index
        for section in sections:
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)
        self._hidden.append((page, meta.get("search", _ABSENT)))
        meta["search"] = {**options, "exclude": True}

    def post_page(self) -> None:
        """After the page is written: give its `search` metadata back as the author wrote it."""
        while self._hidden:
            page, options = self._hidden.pop()
            if options is _ABSENT:
                page.meta.pop("search", None)
            else:
                page.meta["search"] = options


_ABSENT = object()
