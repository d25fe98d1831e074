"""Which notes become pages and at which URL: decided once, from frontmatter, at index time.

Digital Garden keys honoured: `dg-publish`, `dg-home`, `permalink` / `dg-permalink`, `dg-hide`,
`dg-hide-in-graph`, `dg-show-backlinks`; `title` names the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from livegarden.vault.slugs import default_url, permalink_url, unsafe_permalink

PublishMode = Literal["all", "digital-garden"]


@dataclass(frozen=True, slots=True)
class PublishPolicy:
    """How the vault is published; the plugin builds it from mkdocs.yml."""

    mode: PublishMode = "digital-garden"
    use_directory_urls: bool = True

    def is_published(self, frontmatter: dict[str, Any]) -> bool:
        """Whether a note with this frontmatter becomes a page."""
        if self.mode == "all":
            return True
        return _is_true(frontmatter.get("dg-publish"))

    def url(self, path: str, frontmatter: dict[str, Any]) -> str:
        """The note's site-relative URL (unquoted): home, permalink, or MkDocs' default."""
        if is_home(frontmatter):
            return ""
        permalink = permalink_of(frontmatter)
        if permalink is not None and unsafe_permalink(permalink) is None:
            return permalink_url(permalink, use_directory_urls=self.use_directory_urls)
        return default_url(path, use_directory_urls=self.use_directory_urls)


def permalink_of(frontmatter: dict[str, Any]) -> str | None:
    """The note's `dg-permalink` or `permalink`, when it gives one."""
    permalink = frontmatter.get("dg-permalink") or frontmatter.get("permalink")
    return permalink if isinstance(permalink, str) and permalink.strip() else None


def notebook_is_published(metadata: Any) -> bool:
    """A notebook's own `dg-publish: true` (in its metadata, at the top or under `livegarden`)."""
    if not isinstance(metadata, dict):
        return False
    nested = metadata.get("livegarden")
    return _is_true(metadata.get("dg-publish")) or (
        isinstance(nested, dict) and _is_true(nested.get("dg-publish"))
    )


def is_home(frontmatter: dict[str, Any]) -> bool:
    """`dg-home: true`: the note is the site's home page."""
    return _is_true(frontmatter.get("dg-home"))


def is_hidden(frontmatter: dict[str, Any]) -> bool:
    """`dg-hide: true`: a page, but left out of the navigation."""
    return _is_true(frontmatter.get("dg-hide"))


ORDER_KEY = "order"


def reading_order(frontmatter: dict[str, Any]) -> tuple[float | None, str | None]:
    """The note's `order:` (a number: lower comes first in navigation and previous/next),
    and a problem to report when the value is not a number."""
    value = frontmatter.get(ORDER_KEY)
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None, f"order: {value!r} is not a number (write e.g. order: 3); it is ignored"
    try:
        number = float(value)
    except ValueError:
        return None, f"order: {value!r} is not a number (write e.g. order: 3); it is ignored"
    if number != number or number in (float("inf"), float("-inf")):
        return None, f"order: {value!r} is not a finite number; it is ignored"
    return number, None


def shows_in_graph(frontmatter: dict[str, Any]) -> bool:
    """`dg-hide-in-graph: true` keeps a published note out of the graph."""
    return not _is_true(frontmatter.get("dg-hide-in-graph"))


def shows_backlinks(frontmatter: dict[str, Any]) -> bool:
    """`dg-show-backlinks: false` turns the backlinks section off for one note."""
    value = frontmatter.get("dg-show-backlinks")
    return value is None or _is_true(value)


def _is_true(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return value is True
