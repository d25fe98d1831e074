"""Wiki-links, image embeds and ordinary Markdown links to notes, resolved against the index.

Inline processors see text only after code spans and math were taken out, so nothing in code or
math is touched. Resolved hrefs are parked in `data-lg-href` and set after MkDocs' own relative
link pass (which would otherwise report our already-final URLs as unrecognised links).
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from re import Match

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from livegarden.obsidian.context import RenderContext
from livegarden.vault.note import Note
from livegarden.vault.resolver import Resolution, Resolved, ResolvedFile, Unpublished, Unresolved
from livegarden.vault.syntax import (
    IMAGE_SUFFIXES,
    WIKILINK_RE,
    LinkTarget,
    image_size,
    parse_markdown_href,
    parse_wikilink,
)

PARKED_HREF = "data-lg-href"
PARKED_SRC = "data-lg-src"


def unresolved_span(text: str, title: str) -> etree.Element:
    """Plain text for a link that goes nowhere: never a link to a 404."""
    span = etree.Element("span", {"class": "lg-unresolved", "title": title})
    span.text = text
    return span


def link_element(href: str, text: str, css_class: str = "lg-wikilink") -> etree.Element:
    """`<a class="lg-wikilink">` with its href parked until MkDocs' link pass is done."""
    anchor = etree.Element("a", {"class": css_class, "href": "", PARKED_HREF: href})
    anchor.text = text
    return anchor


def report(context: RenderContext, line: int, shown: str, outcome: Resolution) -> None:
    """One warning per unresolved, unpublished or imprecise link, naming the line."""
    if isinstance(outcome, Unresolved):
        suggestion = context.suggest(outcome.written)
        hint = f"did you mean [[{suggestion}]]?" if suggestion else "no similar note"
        context.warn(line, f"{shown} matches no note; shown as plain text; {hint}")
    elif isinstance(outcome, Unpublished):
        suggestion = context.suggest(outcome.note.name)
        hint = (
            f"did you mean [[{suggestion}]]?"
            if suggestion and suggestion != outcome.note.name
            else "publish it with `dg-publish: true` or remove the link"
        )
        shown_as = "nothing is embedded" if shown.startswith("!") else "shown as plain text"
        context.warn(line, f"{shown} points to an unpublished note; {shown_as}; {hint}")
    elif isinstance(outcome, (Resolved, ResolvedFile)) and outcome.problem:
        context.warn(line, f"{shown} {outcome.problem}")


def resolve_link(context: RenderContext, target: LinkTarget, *, markdown: bool) -> Resolution:
    """Resolve `target` as written in the current note."""
    if context.index is None:
        return Unresolved(target.path)
    return context.index.resolver.resolve(target, context.note, markdown=markdown)


def image_element(context: RenderContext, path: str, alias: str | None) -> etree.Element:
    """`<img>` for an image file of the vault, with Obsidian's `|200` / `|200x100` sizes."""
    alt, width, height = image_size(alias)
    image = etree.Element("img", {"src": "", PARKED_SRC: context.file_href(path)})
    image.set("alt", alt or path.rsplit("/", 1)[-1])
    if width is not None:
        image.set("width", str(width))
    if height is not None:
        image.set("height", str(height))
    return image


class WikiLinkProcessor(InlineProcessor):  # type: ignore[misc]  # Markdown ships no types
    """`[[Note#Heading|shown]]` -> link; `![[image.png|200]]` -> image; else unresolved text."""

    def __init__(self, md: Markdown, context: RenderContext) -> None:
        super().__init__(WIKILINK_RE.pattern, md)
        self.context = context

    def handleMatch(self, m: Match[str], data: str) -> tuple[etree.Element | str, int, int]:
        raw = m.group(0)
        is_embed = bool(m.group(1))
        target = parse_wikilink(m.group(2))
        context = self.context
        line = context.line_of(raw)
        outcome = resolve_link(context, target, markdown=False)
        shown = raw.replace("\\|", "|")
        report(context, line, shown, outcome)
        if isinstance(outcome, ResolvedFile):
            suffix = "." + outcome.path.rsplit(".", 1)[-1].lower() if "." in outcome.path else ""
            if is_embed and suffix in IMAGE_SUFFIXES:
                return image_element(context, outcome.path, target.alias), m.start(0), m.end(0)
            text = (
                target.alias if target.alias and not is_embed else outcome.path.rsplit("/", 1)[-1]
            )
            return (
                link_element(context.file_href(outcome.path), text, "lg-file"),
                m.start(0),
                m.end(0),
            )
        text = target.display
        if isinstance(outcome, Resolved):
            css = "lg-wikilink lg-embed-link" if is_embed else "lg-wikilink"
            anchor = link_element(context.note_href(outcome.note, outcome.fragment), text, css)
            return anchor, m.start(0), m.end(0)
        if isinstance(outcome, Unpublished):
            if is_embed:
                return "", m.start(0), m.end(0)
            return unresolved_span(text, "This note is not published"), m.start(0), m.end(0)
        return unresolved_span(text, "No note matches this link"), m.start(0), m.end(0)


class MarkdownLinkTreeprocessor(Treeprocessor):  # type: ignore[misc]  # Markdown ships no types
    """`[x](Some%20Note.md#Heading)` and `![](image.png)`: resolved like wiki-links."""

    def __init__(self, md: Markdown, context: RenderContext) -> None:
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        context = self.context
        if context.index is None or not getattr(self.md, "lg_link_pass", True):
            return
        for parent in root.iter():
            for position, element in enumerate(list(parent)):
                if element.tag == "a" and PARKED_HREF not in element.attrib:
                    self._link(parent, position, element)
                elif element.tag == "img" and PARKED_SRC not in element.attrib:
                    self._image(element)

    def _link(self, parent: etree.Element, position: int, anchor: etree.Element) -> None:
        href = anchor.get("href", "")
        target = parse_markdown_href(href)
        if target is None:
            return
        is_note = target.path.lower().endswith(".md") and not self._is_generated(target.path)
        outcome = resolve_link(self.context, target, markdown=True)
        if isinstance(outcome, ResolvedFile) or (isinstance(outcome, Unresolved) and not is_note):
            if isinstance(outcome, ResolvedFile):
                anchor.set(PARKED_HREF, self.context.file_href(outcome.path))
                anchor.set("href", "")
            return  # not a note: MkDocs checks it
        text = "".join(anchor.itertext())
        shown = f"[{text}]({href})"
        line = self._line(text, href)
        report(self.context, line, shown, outcome)
        if isinstance(outcome, Resolved):
            anchor.set(PARKED_HREF, self.context.note_href(outcome.note, outcome.fragment))
            anchor.set("href", "")
            anchor.set("class", (anchor.get("class", "") + " lg-wikilink").strip())
            return
        title = (
            "This note is not published"
            if isinstance(outcome, Unpublished)
            else "No note matches this link"
        )
        span = unresolved_span(text, title)
        span.tail = anchor.tail
        parent.remove(anchor)
        parent.insert(position, span)

    def _is_generated(self, path: str) -> bool:
        """A page the plugin generates (the tags page): MkDocs resolves links to it."""
        folder = self.context.note.folder if self.context.note is not None else ""
        joined = posixpath.normpath(posixpath.join(folder, path))
        return joined in self.context.generated_pages

    def _image(self, image: etree.Element) -> None:
        target = parse_markdown_href(image.get("src", ""))
        if target is None:
            return
        outcome = resolve_link(self.context, target, markdown=True)
        if isinstance(outcome, ResolvedFile):
            image.set(PARKED_SRC, self.context.file_href(outcome.path))
            image.set("src", "")

    def _line(self, text: str, href: str) -> int:
        note: Note | None = self.context.note
        if note is None:
            return 1
        for link in note.links:
            if not link.is_wikilink and href in link.raw and text in link.raw:
                return link.line
        return self.context.line_of(f"[{text}]({href})")


class ParkedUrlTreeprocessor(Treeprocessor):  # type: ignore[misc]  # Markdown ships no types
    """Moves parked hrefs and srcs into place, after MkDocs' relative-link pass."""

    def __init__(self, md: Markdown, context: RenderContext) -> None:
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        mark = self.context.mark
        for element in root.iter():
            href = element.attrib.pop(PARKED_HREF, None)
            if href is not None:
                element.set("href", mark(href))
            src = element.attrib.pop(PARKED_SRC, None)
            if src is not None:
                element.set("src", mark(src))
