"""Which notes become pages and at which URL: decided once, from frontmatter, at index time.

Digital Garden keys honoured: `dg-publish`, `dg-home`, `permalink` / `dg-permalink`, `dg-hide`,
`dg-hide-in-graph`, `dg-show-backlinks`; `title` names the page. Obsidian Publish's and Quartz's
`publish: true` (mode `explicit`); in every mode a note that opts out (`draft: true`, Quartz's
default filter, or `publish: false` / `dg-publish: false`) stays private.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from livegarden.vault.slugs import default_url, permalink_url, unsafe_permalink

PublishMode = Literal["digital-garden", "explicit", "all"]
PUBLISH_MODES: tuple[PublishMode, ...] = ("digital-garden", "explicit", "all")


@dataclass(frozen=True, slots=True)
class PublishPolicy:
    """How the vault is published; the plugin builds it from mkdocs.yml."""

    mode: PublishMode = "digital-garden"
    use_directory_urls: bool = True

    def is_published(self, frontmatter: dict[str, Any]) -> bool:
        """Whether a note (or a notebook, by its metadata) with this frontmatter becomes a page:
        `digital-garden` by `dg-publish: true`, `explicit` by that or `publish: true`, `all`
        unless it opts out; an opt-out wins in every mode."""
        if opts_out(frontmatter):
            return False
        if self.mode == "all":
            return True
        if self.mode == "explicit" and _is_true(frontmatter.get("publish")):
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


def how_to_publish(mode: PublishMode, frontmatter: dict[str, Any]) -> str:
    """What to write so that an unpublished note becomes a page, in this mode."""
    if opts_out(frontmatter):
        return "its frontmatter keeps it private (draft: true or publish: false); change that"
    return f"publish it with `{publish_key(mode)}`"


def publish_key(mode: PublishMode) -> str:
    """The frontmatter line that publishes a note in this mode (`all` reads none)."""
    return "publish: true" if mode == "explicit" else "dg-publish: true"


def opts_out(frontmatter: dict[str, Any]) -> bool:
    """`draft: true`, `publish: false` or `dg-publish: false`: the owner said not this one."""
    return (
        _is_true(frontmatter.get("draft"))
        or _is_false(frontmatter.get("publish"))
        or _is_false(frontmatter.get("dg-publish"))
    )


def notebook_keys(metadata: Any) -> dict[str, Any]:
    """A notebook's publishing keys, read like a note's frontmatter: its metadata's top level,
    overridden by what it says under `livegarden`."""
    if not isinstance(metadata, dict):
        return {}
    nested = metadata.get("livegarden")
    return {**metadata, **nested} if isinstance(nested, dict) else dict(metadata)


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


def _is_false(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("false", "no", "0")
    return value is False
