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
Anything it cannot match exactly (index pages, pages outside the navigation, icons or other
decorations) falls back to Material's full rendering.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.utils import normalize_url

from livegarden import mkdocs_nav_items as items

ORIGINAL = "livegarden/material-nav.html"
ORIGINAL_TOC = "livegarden/material-toc.html"
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

    def install(self, env: jinja2.Environment) -> None:
        """Serve the wrappers as Material's partials and the originals under other names."""
        self.folders.clear()
        self.verified.clear()
        self.toc_page, self.toc_html = None, ""
        if env.globals.get("livegarden_nav") is self:
            return
        if env.loader is None:
            return
        try:
            source, _, _ = env.loader.get_source(env, "partials/nav.html")
            toc_source, _, _ = env.loader.get_source(env, "partials/toc.html")
        except jinja2.TemplateNotFound:  # not Material: nothing to cache
            return
        templates = {
            "partials/nav.html": WRAPPER,
            ORIGINAL: source,
            "partials/toc.html": TOC_WRAPPER,
            ORIGINAL_TOC: toc_source,
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
        """Check the Python entries against Material's and keep the navigation of a new folder."""
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
        for sibling in siblings:
            rendered = str(item.render(sibling, "", 1))
            if items.shape(sibling) is None or template.count(rendered) != 1:
                continue  # Material renders it in full (no cache for that page)
            if rendered != items.inactive_item(sibling.title, normalize_url(sibling.url, page)):
                return Markup(html)  # Material's markup is not what we write: no cache here
            inactive[id(sibling)] = rendered
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

    def toc_ready(self, page: Any) -> bool:
        """Whether this page's table of contents was rendered already (nav before sidebar)."""
        return page is not None and page is self.toc_page

    def toc_keep(self, page: Any, html: str) -> str:
        """Remember the page's table of contents for its second appearance."""
        self.toc_page, self.toc_html = page, str(html)
        return self.toc_html


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
