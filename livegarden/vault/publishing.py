"""Which notes become pages and at which URL: decided once, from frontmatter, at index time.

Digital Garden keys honoured: `dg-publish`, `dg-home`, `permalink` / `dg-permalink`, `dg-hide`,
`dg-hide-in-graph`, `dg-show-backlinks`; `title` names the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from livegarden.vault.slugs import default_url, permalink_url

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
        permalink = frontmatter.get("dg-permalink") or frontmatter.get("permalink")
        if isinstance(permalink, str) and permalink.strip():
            return permalink_url(permalink, use_directory_urls=self.use_directory_urls)
        return default_url(path, use_directory_urls=self.use_directory_urls)


def is_home(frontmatter: dict[str, Any]) -> bool:
    """`dg-home: true`: the note is the site's home page."""
    return _is_true(frontmatter.get("dg-home"))


def is_hidden(frontmatter: dict[str, Any]) -> bool:
    """`dg-hide: true`: a page, but left out of the navigation."""
    return _is_true(frontmatter.get("dg-hide"))


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
