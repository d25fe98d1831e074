"""Material's navigation rendered once per folder instead of once per page.

With `navigation.prune`, the navigation of two pages in the same folder differs only in which
item is active (and that item carries the page's table of contents); every URL in it is the
same, because both pages sit at the same depth. Material nevertheless renders the whole tree for
every page, which is a fifth of a large build. This adapter overrides `partials/nav.html` with a
wrapper around Material's own template: the first page of a folder renders it in full, and it is
stored with every page of the folder shown inactive; every later page of that folder swaps its
own inactive entry for its active one, built by `livegarden.mkdocs_nav_items` (string joins, no
macro call). Those entries are checked against Material's macro before they are trusted (each
folder's inactive ones, and each shape of active one once per build). The page's table of
contents is rendered once and reused: Material shows it twice (in the active entry, for narrow
screens, and in the right sidebar), so `partials/toc.html` is wrapped to keep the last one.
`partials/header.html` is kept per folder the same way: it differs between a folder's pages only
by the page title, unless sticky tabs put links in it (then it is not kept). Anything it cannot
match exactly (index pages, pages outside the navigation, icons or other decorations) falls back
to Material's full rendering.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.utils import normalize_url

from livegarden import mkdocs_nav_items as items

ORIGINAL = "livegarden/material-nav.html"
ORIGINAL_TOC = "livegarden/material-toc.html"
ORIGINAL_HEADER = "livegarden/material-header.html"
WRAPPER = """{%- if livegarden_nav.ready(page) -%}
{%- set toc_html -%}{% include "partials/toc.html" %}{%- endset -%}
{{- livegarden_nav.splice(page, page.url | url, toc_html) -}}
{%- else -%}
{%- import "partials/nav-item.html" as item with context -%}
{%- set full -%}{% include "livegarden/material-nav.html" %}{%- endset -%}
{{- livegarden_nav.store(page, item, full, (page.url | url) if page else "") -}}
{%- endif -%}"""
TOC_WRAPPER = """{%- if livegarden_nav.toc_ready(page) -%}{{ livegarden_nav.toc_html }}{%- else -%}
{%- set fresh -%}{% include "livegarden/material-toc.html" %}{%- endset -%}
{{- livegarden_nav.toc_keep(page, fresh) -}}
{%- endif -%}"""
HEADER_WRAPPER = """{%- set spliced = livegarden_nav.header(page) -%}
{%- if spliced is not none -%}{{ spliced }}{%- else -%}
{%- set fresh -%}{% include "livegarden/material-header.html" %}{%- endset -%}
{{- livegarden_nav.header_keep(page, fresh) -}}
{%- endif -%}"""
_TOPIC = 'data-md-component="header-topic">'  # the header's only page-specific text follows
_HREF = re.compile(r'href="([^"]*)"')
_ABSOLUTE = re.compile(r"(#|/|[a-z][a-z0-9+.-]*:)", re.IGNORECASE)  # same from every page


@dataclass
class _Folder:
    template: str  # the navigation as a page outside the folder would see it
    inactive: dict[int, str]  # id(page) -> its inactive entry, which occurs once in template


@dataclass
class NavCache:
    """One rendered navigation per folder (parent section and URL depth); reset every build."""

    folders: dict[tuple[int, str, int], _Folder] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    verified: dict[items.Shape, bool] = field(default_factory=dict)  # active-entry check
    toc_page: Any = None  # the page whose table of contents toc_html is
    toc_html: str = ""
    headers: dict[tuple[tuple[int, str, int], bool], tuple[str, str]] = field(
        default_factory=dict
    )  # (folder, title from front matter?) -> the header around the page title
    header_hits: int = 0

    def install(self, env: jinja2.Environment) -> None:
        """Serve the wrappers as Material's partials and the originals under other names."""
        self.folders.clear()
        self.hits = self.misses = 0
        self.verified.clear()
        self.toc_page, self.toc_html = None, ""
        self.headers.clear()
        self.header_hits = 0
        if env.globals.get("livegarden_nav") is self:
            return
        if env.loader is None:
            return
        try:
            source, _, _ = env.loader.get_source(env, "partials/nav.html")
            toc_source, _, _ = env.loader.get_source(env, "partials/toc.html")
            header_source, _, _ = env.loader.get_source(env, "partials/header.html")
        except jinja2.TemplateNotFound:  # not Material: nothing to cache
            return
        templates = {
            "partials/nav.html": WRAPPER,
            ORIGINAL: source,
            "partials/toc.html": TOC_WRAPPER,
            ORIGINAL_TOC: toc_source,
            "partials/header.html": HEADER_WRAPPER,
            ORIGINAL_HEADER: header_source,
        }
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(templates), env.loader])
        env.globals["livegarden_nav"] = self

    def ready(self, page: Any) -> bool:
        """Whether the page's navigation can be spliced from its folder's stored one."""
        if page is None:
            return False
        folder = self.folders.get(_key(page))
        if folder is None or id(page) not in folder.inactive:
            return False
        branches = items.shape(page)
        return branches is not None and self.verified.get(branches, False)

    def splice(self, page: Any, href: str, toc_html: str) -> Markup:
        """The page's navigation: its folder's, with its own entry made active."""
        folder = self.folders[_key(page)]
        branches = items.shape(page)
        assert branches is not None  # ready() said so
        active = items.active_item(page.title, str(href), str(toc_html), branches)
        self.hits += 1
        return Markup(folder.template.replace(folder.inactive[id(page)], active, 1))

    def store(self, page: Any, item: Any, full: str, href: str) -> Markup:
        """Keep the navigation Material rendered for a new folder, our entries checked in it."""
        self.misses += 1
        html = str(full)
        if page is None:
            return Markup(html)
        active = str(item.render(page, "", 1))
        self._verify(page, active, str(href))
        key = _key(page)
        if key in self.folders or html.count(active) != 1 or items.shape(page) is None:
            return Markup(html)
        siblings = [s for s in _siblings(page) if s is not page and _key(s) == key]
        if not siblings:
            return Markup(html)
        own = items.inactive_item(page.title, normalize_url(page.url, siblings[0]))
        template = html.replace(active, own, 1)
        inactive = {id(page): own}
        for sibling in siblings:  # each entry must be Material's, and once in the template
            if items.shape(sibling) is None:
                continue  # Material renders that page's navigation in full
            entry = items.inactive_item(sibling.title, normalize_url(sibling.url, page))
            if template.count(entry) == 1:
                inactive[id(sibling)] = entry
        if template.count(own) != 1:
            return Markup(html)
        self.folders[key] = _Folder(template, inactive)
        return Markup(html)

    def _verify(self, page: Any, active: str, href: str) -> None:
        """Compare, once per shape and build, our active entry with Material's for this page."""
        branches = items.shape(page)
        if branches is None or branches in self.verified:
            return
        if branches.has_toc and self.toc_page is not page:
            return  # its table of contents was not rendered through the wrapper: cannot tell
        ours = items.active_item(page.title, href, self.toc_html, branches)
        self.verified[branches] = ours == active

    def header(self, page: Any) -> Markup | None:
        """The page's header from its folder's: the same but for the page title in it."""
        shown = _header_title(page)
        parts = None if shown is None else self.headers.get((_key(page), shown[1]))
        if shown is None or parts is None:
            return None
        self.header_hits += 1
        return Markup(parts[0] + shown[0] + parts[1])

    def header_keep(self, page: Any, html: str) -> Markup:
        """Keep the header Material rendered for a folder's first page, split at its title."""
        html = str(html)
        shown = _header_title(page)
        if shown is None or (_key(page), shown[1]) in self.headers:
            return Markup(html)
        start = html.find(_TOPIC)
        end = html.find("</span>", start)
        if start < 0 or end < 0 or html.count(_TOPIC) != 1:
            return Markup(html)
        if any(not _ABSOLUTE.match(href) for href in _HREF.findall(html)[1:]):
            return Markup(html)  # a link besides the logo's (sticky tabs) may be to the page
        topic = html[start:end]
        if topic.count(shown[0]) != 1:
            return Markup(html)
        cut = start + topic.index(shown[0])
        self.headers[_key(page), shown[1]] = (html[:cut], html[cut + len(shown[0]) :])
        return Markup(html)

    def toc_ready(self, page: Any) -> bool:
        """Whether this page's table of contents was rendered already (nav before sidebar)."""
        return page is not None and page is self.toc_page

    def toc_keep(self, page: Any, html: str) -> str:
        """Remember the page's table of contents for its second appearance."""
        self.toc_page, self.toc_html = page, str(html)
        return self.toc_html


def _header_title(page: Any) -> tuple[str, bool] | None:
    """The title Material's header shows for the page, and whether it is the front matter's."""
    if page is None:
        return None
    meta = getattr(page, "meta", None)
    meta_title = meta.get("title") if isinstance(meta, dict) else None
    from_meta = bool(meta_title)
    title = meta_title if from_meta else getattr(page, "title", None)
    if not isinstance(title, str) or not title.strip():
        return None
    return title, from_meta


def _key(page: Any) -> tuple[int, str, int]:
    """Pages share a navigation when they share a parent section and every relative URL: same
    folder, same depth (`Folder/A/` and `Folder/B/`, not `Folder/` and the home page)."""
    url = str(getattr(page, "url", "") or "")
    return id(getattr(page, "parent", None)), posixpath.dirname(url.rstrip("/")), url.count("/")


def _siblings(page: Any) -> list[Any]:
    parent = getattr(page, "parent", None)
    children = getattr(parent, "children", None) if parent is not None else None
    if children is None:
        return []
    return [child for child in children if getattr(child, "is_page", False)]
