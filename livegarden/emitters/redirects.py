"""Redirect pages for notes' `aliases`: an old or other name of a note still reaches it, as on
Obsidian Publish and Quartz. Each is a tiny static page (no theme, no search entry, not in the
sitemap), written only where no page of the site is."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from livegarden.vault.index import VaultIndex
from livegarden.vault.slugs import dest_path, relative_url


@dataclass(frozen=True, slots=True)
class Redirect:
    """`url` (site-relative, unquoted) sends the reader to the note at `target`."""

    url: str
    target: str
    note: str


def alias_url(note_url: str, alias: str, *, use_directory_urls: bool) -> str:
    """The URL of `alias` beside the note: `AI/Old Name/` for `AI/Note/`."""
    folder = note_url.rstrip("/").rpartition("/")[0]
    clean = alias.strip().strip("/").replace("/", " ")
    stem = f"{folder}/{clean}" if folder else clean
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def plan_redirects(
    index: VaultIndex, taken: set[str], *, use_directory_urls: bool
) -> tuple[list[Redirect], list[str]]:
    """Redirects for every alias of a published note, and why some were left out."""
    redirects: list[Redirect] = []
    skipped: list[str] = []
    used = {url.casefold() for url in taken}  # one folder on macOS and Windows
    for note in index.published_notes():
        for alias in note.aliases:
            url = alias_url(note.url, alias, use_directory_urls=use_directory_urls)
            if not alias.strip() or url.casefold() == note.url.casefold():
                continue
            if url.casefold() in used:
                skipped.append(f"{note.path}: alias '{alias}' would take the URL '{url}', in use")
                continue
            used.add(url.casefold())
            redirects.append(Redirect(url, note.url, note.path))
    return redirects, skipped


def redirect_html(redirect: Redirect, site_url: str | None) -> str:
    """A page that sends the reader on at once (and says where, for browsers without it)."""
    href = quote(relative_url(redirect.target, redirect.url))
    canonical = (site_url.rstrip("/") + "/" + quote(redirect.target)) if site_url else href
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Redirecting</title>"
        f'<link rel="canonical" href="{escape(canonical)}">'
        '<meta name="robots" content="noindex">'
        f'<meta http-equiv="refresh" content="0; url={escape(href)}">'
        f'</head><body><p>This page has moved to <a href="{escape(href)}">{escape(href)}</a>.'
        "</p></body></html>\n"
    )


def write_redirects(site_dir: Path, redirects: list[Redirect], site_url: str | None) -> int:
    """Write every redirect page; returns how many were written."""
    for redirect in redirects:
        path = site_dir / dest_path(redirect.url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(redirect_html(redirect, site_url), encoding="utf-8")
    return len(redirects)
