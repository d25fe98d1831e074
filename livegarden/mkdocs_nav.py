"""Material's navigation rendered once per folder instead of once per page.

With `navigation.prune`, the navigation of two pages in the same folder differs only in which
item is active (and that item carries the page's table of contents); every URL in it is the
same, because both pages sit at the same depth. Material nevertheless renders the whole tree for
every page, which is a fifth of a large build. This adapter overrides `partials/nav.html` with a
wrapper around Material's own template: the first page of a folder renders it and stores it with
its own item cut out; every later page of that folder renders just two items (itself, active,
and the first page, inactive) and splices them in. Anything it cannot match exactly (index
pages, pages outside the navigation) falls back to Material's full rendering.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

ORIGINAL = "livegarden/material-nav.html"
WRAPPER = """{% import "partials/nav-item.html" as item with context %}
{%- set cached = livegarden_nav.lookup(page, item) -%}
{%- if cached is not none -%}{{ cached }}{%- else -%}
{%- set full -%}{% include "livegarden/material-nav.html" %}{%- endset -%}
{{- livegarden_nav.store(page, item, full) -}}
{%- endif -%}"""
_HOLE = "\x00livegarden-active-item\x00"


@dataclass
class _Folder:
    template: str  # the navigation with the first page's item replaced by _HOLE
    first: Any  # that page
    inactive: dict[int, str]  # id(page) -> its inactive item, as rendered in the template


@dataclass
class NavCache:
    """One rendered navigation per folder (parent section and URL depth); reset every build."""

    folders: dict[tuple[int, str, int], _Folder] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def install(self, env: jinja2.Environment) -> None:
        """Serve the wrapper as `partials/nav.html` and Material's original under another name."""
        self.folders.clear()
        if env.globals.get("livegarden_nav") is self:
            return
        if env.loader is None:
            return
        try:
            source, _, _ = env.loader.get_source(env, "partials/nav.html")
        except jinja2.TemplateNotFound:  # not Material: nothing to cache
            return
        env.loader = jinja2.ChoiceLoader(
            [jinja2.DictLoader({"partials/nav.html": WRAPPER, ORIGINAL: source}), env.loader]
        )
        env.globals["livegarden_nav"] = self

    def lookup(self, page: Any, item: Any) -> Markup | None:
        """The page's navigation from its folder's stored one, or None to render it in full."""
        if page is None:
            return None
        folder = self.folders.get(_key(page))
        if folder is None or folder.first is page:
            return None
        own = folder.inactive.get(id(page))
        if own is None:
            return None
        active = str(item.render(page, "", 1))
        first = str(item.render(folder.first, "", 1))
        self.hits += 1
        return Markup(folder.template.replace(own, active, 1).replace(_HOLE, first, 1))

    def store(self, page: Any, item: Any, full: str) -> Markup:
        """Keep the navigation Material rendered for the first page of a folder."""
        self.misses += 1
        html = str(full)
        if page is None or _key(page) in self.folders:
            return Markup(html)
        active = str(item.render(page, "", 1))
        if html.count(active) != 1:
            return Markup(html)
        template = html.replace(active, _HOLE, 1)
        inactive: dict[int, str] = {}
        for sibling in _siblings(page):
            if sibling is page:
                continue
            rendered = str(item.render(sibling, "", 1))
            if template.count(rendered) == 1:
                inactive[id(sibling)] = rendered
        self.folders[_key(page)] = _Folder(template, page, inactive)
        return Markup(html)


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
