"""The reading order of MkDocs' navigation and of its previous/next links.

An author orders notes with a frontmatter `order:` (a number, lower first). Without a `nav:` in
mkdocs.yml, MkDocs lists files alphabetically by folder; here each folder's entries are sorted
by order (a folder by the smallest order inside it; entries without one keep MkDocs' order,
after the ordered ones; the home note first), and previous/next walk every ordered note in
order across folders (a learning path need not follow the folder tree), then the rest in
navigation order. An explicit `nav:` is the author's order for both and is left as it is.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page


def _pages(items: Iterable[Any]) -> list[Page]:
    found: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            found.append(item)
        elif isinstance(item, Section):
            found.extend(_pages(item.children))
    return found


def _rank(item: Any, orders: dict[str, float]) -> float:
    """An entry's order: its note's, or a folder's smallest; infinity when none."""
    pages = [item] if isinstance(item, Page) else _pages(getattr(item, "children", ()))
    ranks = [orders[page.file.src_uri] for page in pages if page.file.src_uri in orders]
    return min(ranks, default=math.inf)


def _sorted(items: list[Any], orders: dict[str, float]) -> list[Any]:
    for item in items:
        if isinstance(item, Section):
            item.children = _sorted(item.children, orders)
    ranked = sorted(enumerate(items), key=lambda pair: (_rank(pair[1], orders), pair[0]))
    return [item for _, item in ranked]


def apply_reading_order(
    nav: Navigation, orders: dict[str, float], hidden: set[str], *, explicit_nav: bool
) -> Navigation:
    """Sort `nav` by `orders` (vault path -> order; the home note -inf unless it has one)
    and link previous/next along the reading order, leaving out `hidden` pages."""
    if not explicit_nav and orders:
        nav.items = _sorted(nav.items, orders)
    listed = [page for page in _pages(nav.items) if page.file.src_uri not in hidden]
    if explicit_nav:
        sequence = listed
    else:
        ordered = sorted(
            (page for page in listed if page.file.src_uri in orders),
            key=lambda page: orders[page.file.src_uri],
        )
        sequence = ordered + [page for page in listed if page.file.src_uri not in orders]
    nav.pages = _pages(nav.items)
    for page in nav.pages:
        page.previous_page = page.next_page = None
    for before, after in itertools.pairwise(sequence):
        before.next_page, after.previous_page = after, before
    return nav
