"""One page's entry in Material's navigation, written with string joins instead of Jinja macros.

`livegarden.mkdocs_nav` renders Material's navigation once per folder; what changes from page to
page is one leaf entry: the current page's (active: its title as a toggle for narrow screens, its
link, its table of contents) and the plain entry of the folder's other pages. Calling Material's
`nav-item.html` macro for those costs more than all the splicing around it, so they are built here
byte for byte as the macro emits them, whitespace included, because the spliced navigation must be
exactly Material's. Only the plain shape is known here (no icon, subtitle, status, encryption or
typeset title): `shape` returns None otherwise, and the caller compares these strings with the
macro's own output before trusting them (per build and per shape), so a Material release that
changes its markup makes the cache step aside instead of drifting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Shape:
    """Which branches of Material's leaf macro a page takes (all that its bytes depend on)."""

    toc_starts_with_h1: bool  # Material then lists the h1's children, not the h1
    has_toc: bool  # an active page with a TOC gets a label toggle and the TOC itself


def shape(page: Any) -> Shape | None:
    """The branches `page` takes as a leaf, or None when its entry is not the plain case."""
    title = getattr(page, "title", None)
    if not isinstance(title, str) or getattr(page, "typeset", None):
        return None
    meta = getattr(page, "meta", None)
    if meta:
        if not isinstance(meta, dict) or getattr(page, "encrypted", None):
            return None
        if meta.get("icon") or meta.get("subtitle") or meta.get("status"):
            return None
    if getattr(page, "children", None) or getattr(page, "pages", None):
        return None
    toc = list(getattr(page, "toc", None) or ())
    h1 = bool(toc) and getattr(toc[0], "level", None) == 1
    if h1:
        toc = list(toc[0].children)
    return Shape(toc_starts_with_h1=h1, has_toc=bool(toc))


def _content(title: str) -> str:
    """The title block inside the entry's link (Material's `render_content`)."""
    return (
        '\n  \n  \n  <span class="md-ellipsis">\n    \n  \n    '
        + title
        + "\n  \n\n    \n  </span>\n  \n  \n"
    )


def inactive_item(title: str, href: str) -> str:
    """The entry of a page that is not the one being rendered."""
    return (
        '\n  \n  \n  \n  \n    <li class="md-nav__item">\n      <a href="'
        + href
        + '" class="md-nav__link">\n        '
        + _content(title)
        + "\n      </a>\n    </li>\n  \n"
    )


def active_item(title: str, href: str, toc_html: str, branches: Shape) -> str:
    """The entry of the page being rendered; `toc_html` is Material's `partials/toc.html` for it."""
    content = _content(title)
    parts = [
        "\n  \n  \n    \n  \n  \n  \n",
        '    <li class="md-nav__item md-nav__item--active">\n      \n',
        '      <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n      \n      ',
    ]
    if branches.toc_starts_with_h1:
        parts.append("\n        \n      ")
    parts.append("\n      ")
    if branches.has_toc:
        parts += [
            '\n        <label class="md-nav__link md-nav__link--active" for="__toc">\n          ',
            content,
            '\n          <span class="md-nav__icon md-icon"></span>\n        </label>\n      ',
        ]
    parts += [
        f'\n      <a href="{href}" class="md-nav__link md-nav__link--active">\n        ',
        content,
        "\n      </a>\n      ",
    ]
    if branches.has_toc:
        parts += ["\n        ", toc_html, "\n      "]
    parts.append("\n    </li>\n  \n")
    return "".join(parts)
