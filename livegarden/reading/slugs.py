"""Heading ids: one slugger, used for the ids a page gets and for every link fragment.

Ids are made from the heading's plain text as the parser produced it (never predicted from
raw Markdown), keep letters of any script, and are made unique in document order with `_1`,
`_2`, ... as Python-Markdown's `toc` did, so links written for the old site keep working.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it.token import Token

_DROP_RE = re.compile(r"[^\w\s-]", re.UNICODE)
_SPACES_RE = re.compile(r"[-\s]+", re.UNICODE)
_COUNT_RE = re.compile(r"^(.*)_([0-9]+)$")


def slugify(text: str) -> str:
    """`Part Two: the *end*` -> `part-two-the-end`; letters of every script are kept."""
    value = unicodedata.normalize("NFKC", text).lower()
    value = _DROP_RE.sub("", value).strip()
    return _SPACES_RE.sub("-", value)


class Slugger:
    """Hands out unique ids in document order (`id`, `id_1`, `id_2`, ...)."""

    def __init__(self, prefix: str = "") -> None:
        self._prefix = prefix
        self._used: set[str] = set()

    def reserve(self, used: str) -> None:
        """An id already on the page (an element id such as `^block`)."""
        self._used.add(used)

    def take(self, text: str) -> str:
        """The id for the next heading whose plain text is `text`."""
        candidate = self._prefix + (slugify(text) or "section")
        while candidate in self._used:
            match = _COUNT_RE.match(candidate)
            candidate = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{candidate}_1"
        self._used.add(candidate)
        return candidate


def plain_text(inline: Token) -> str:
    """What an inline token shows as text: code, math and link texts included, markup not."""
    parts: list[str] = []
    for child in inline.children or []:
        kind = child.type
        if kind in ("text", "code_inline", "math_inline", "math_inline_double"):
            parts.append(child.content)
        elif kind == "tag":
            parts.append("#" + child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "wikilink" and not child.meta.get("embed"):
            parts.append(child.meta["target"].display)
        elif kind == "image":
            parts.append(plain_text(child))
    return "".join(parts).strip()
