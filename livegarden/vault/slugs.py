"""Page URLs for note paths, and hrefs between pages (heading ids: livegarden.reading.slugs)."""

from __future__ import annotations

import re
from urllib.parse import quote


def default_url(path: str, *, use_directory_urls: bool) -> str:
    """The site-relative URL MkDocs gives the note at vault path `path` (unquoted)."""
    stem = path[: -len(".md")] if path.lower().endswith(".md") else path
    folder, _, name = stem.rpartition("/")
    if name.lower() in ("index", "readme"):
        return f"{folder}/" if folder else ""
    if use_directory_urls:
        return f"{stem}/"
    return f"{stem}.html"


_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def unsafe_permalink(permalink: str) -> str | None:
    """Why a permalink cannot be a page of this site (None when it can): a URL with a scheme or
    host, a `..` segment that would leave the site folder, or characters no path may hold."""
    value = permalink.strip()
    if _SCHEME_RE.match(value) or value.startswith("//") or value.startswith("\\"):
        return "is not a path on this site (it has a scheme or a host)"
    if any(char in value for char in "\x00\\?#") or any(ord(char) < 32 for char in value):
        return "holds a character a page path cannot hold (\\, ?, # or a control character)"
    if any(part in ("..", ".") for part in value.strip("/").split("/")):
        return "has a `.` or `..` segment, which would leave the site folder"
    return None


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
