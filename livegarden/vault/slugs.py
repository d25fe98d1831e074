"""Heading ids as the `toc` extension will assign them, and page URLs for note paths.

Written by hand because the ids must be known before any page renders (links into a page are
resolved while another page renders), so we replay `toc`'s slugify-and-deduplicate rule on the
heading's text with the Markdown syntax stripped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote

from livegarden.vault.syntax import WIKILINK_RE, parse_wikilink

Slugify = Callable[[str, str], str]

_COUNT_RE = re.compile(r"^(.*)_([0-9]+)$")
_MDLINK_TEXT_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CODE_RE = re.compile(r"(`+)(.+?)\1")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_|==|~~)(?=\S)(.+?)(?<=\S)\1")
_TAG_HTML_RE = re.compile(r"<[^>]+>")


def toc_slugify(value: str, separator: str) -> str:
    """The default slugify of Python-Markdown's `toc` extension (ASCII)."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(rf"[{separator}\s]+", separator, value)


def heading_text(markdown: str) -> str:
    """The plain text a heading written in Markdown shows (what `toc` slugifies)."""
    text = WIKILINK_RE.sub(
        lambda match: "" if match.group(1) else parse_wikilink(match.group(2)).display, markdown
    )
    text = _CODE_RE.sub(lambda match: match.group(2).strip(), text)
    text = _MDLINK_TEXT_RE.sub(lambda match: match.group(1), text)
    for _ in range(3):
        text = _EMPHASIS_RE.sub(lambda match: match.group(2), text)
    text = _TAG_HTML_RE.sub("", text)
    return text.replace("\\", "").strip()


class HeadingIds:
    """Hands out unique ids in document order, as `toc` does (`id`, `id_1`, `id_2`, ...)."""

    def __init__(self, slugify: Slugify = toc_slugify, separator: str = "-") -> None:
        self._slugify = slugify
        self._separator = separator
        self._used: set[str] = set()

    def take(self, heading_id: str) -> str:
        """Record an id the author set (`{#custom}`); `toc` keeps it as it is."""
        self._used.add(heading_id)
        return heading_id

    def next_id(self, text: str) -> str:
        """The id `toc` gives the next heading whose plain text is `text`."""
        candidate = self._slugify(text, self._separator)
        while candidate in self._used or not candidate:
            match = _COUNT_RE.match(candidate)
            candidate = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{candidate}_1"
        self._used.add(candidate)
        return candidate


def default_url(path: str, *, use_directory_urls: bool) -> str:
    """The site-relative URL MkDocs gives the note at vault path `path` (unquoted)."""
    stem = path[: -len(".md")] if path.lower().endswith(".md") else path
    folder, _, name = stem.rpartition("/")
    if name.lower() in ("index", "readme"):
        return f"{folder}/" if folder else ""
    if use_directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


def permalink_url(permalink: str, *, use_directory_urls: bool) -> str:
    """The site-relative URL for a Digital Garden `permalink` such as `/Folder/My Note/`."""
    stem = permalink.strip().strip("/")
    if not stem:
        return ""
    if stem.endswith(".html"):
        return stem
    return f"{stem}/" if use_directory_urls else f"{stem}/index.html"


def dest_path(url: str) -> str:
    """The file in the site that serves `url`."""
    if not url or url.endswith("/"):
        return f"{url}index.html"
    return url


def quote_url(url: str) -> str:
    """Percent-encode a site-relative URL the way MkDocs does (spaces become %20)."""
    return quote(url)


def relative_url(target: str, source: str) -> str:
    """The href from the page at site-relative URL `source` to the one at `target`."""
    source_dir = source.rsplit("/", 1)[0] + "/" if "/" in source else ""
    source_parts = [part for part in source_dir.split("/") if part]
    target_parts = target.split("/")
    common = 0
    while (
        common < len(source_parts)
        and common < len(target_parts) - 1
        and source_parts[common] == target_parts[common]
    ):
        common += 1
    ups = [".."] * (len(source_parts) - common)
    rest = target_parts[common:]
    joined = "/".join(ups + rest)
    if not joined:
        return "./"
    if joined.startswith("/"):
        return "." + joined
    return joined
