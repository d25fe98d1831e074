"""Tokens to HTML as Obsidian's reading view shows them, in the markup Material styles.

Render rules are added to the one markdown-it instance that parsed the notes; the page being
rendered travels in `env["lg"]` (a `PageContext`). Links and embeds are resolved against the
vault index here; heading ids are the ones `read_document` put on the tokens, so every link
fragment the index resolves exists on the page. Embeds are rendered from the target note's
tokens (a section or a block sliced out), once per build, with heading ids prefixed and levels
shifted so the host page has no duplicate ids and a single title.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from typing import Any

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from livegarden.reading.callouts import callout_classes
from livegarden.reading.context import (
    LOGGER_NAME,
    PageContext,
    Recorder,
    Reporter,
    SiteLinks,
    at_page,
)
from livegarden.reading.document import link_text, read_document
from livegarden.reading.highlight import code_html, info_parts
from livegarden.reading.parser import NoteParser, ReadingSettings
from livegarden.reading.slugs import plain_text, slugify
from livegarden.vault.note import Note
from livegarden.vault.resolver import Resolved, ResolvedFile, Unpublished, UnpublishedFile
from livegarden.vault.syntax import (
    AUDIO_SUFFIXES,
    IMAGE_SUFFIXES,
    MEDIA_SUFFIXES,
    SIZE_RE,
    VIDEO_SUFFIXES,
    LinkTarget,
    file_suffix,
    image_size,
    parse_markdown_href,
)

MAX_EMBED_DEPTH = 4


@dataclass
class TocEntry:
    """One heading in the page's table of contents."""

    level: int
    id: str
    title: str  # HTML
    children: list[TocEntry] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """A note rendered as a page."""

    html: str
    toc: list[TocEntry]
    anchor_ids: frozenset[str]
    title: str


Rule = Callable[..., str]


def _ctx(env: Any) -> PageContext:
    context: PageContext = env["lg"]
    return context


class NoteRenderer:
    """Renders the notes of one build; embeds are kept, rendered once, until `start_build`."""

    def __init__(self, parser: NoteParser) -> None:
        self.parser = parser
        self.md = parser.md
        self._embeds: dict[tuple[str, str, int], tuple[str, tuple[tuple[str, int, str], ...]]] = {}
        rules: dict[str, Rule] = {
            "heading_open": self._heading_open,
            "heading_close": self._heading_close,
            "paragraph_open": self._with_prefixed_id,
            "list_item_open": self._with_prefixed_id,
            "table_open": self._with_prefixed_id,
            "blockquote_open": self._with_prefixed_id,
            "callout_open": self._callout_open,
            "callout_close": _callout_close,
            "callout_title_open": _callout_title_open,
            "callout_title_close": _callout_title_close,
            "fence": self._fence,
            "code_block": _code_block,
            "math_inline": _math_inline,
            "math_inline_double": _math_display_inline,
            "math_block": _math_block,
            "softbreak": _softbreak,
            "wikilink": self._wikilink,
            "embed": self._embed,
            "tag": _tag,
            "link_open": self._link_open,
            "link_close": _link_close,
            "image": self._image,
        }
        renderer = self.md.renderer
        assert isinstance(renderer, RendererHTML)  # markdown-it's default, never replaced here
        self.html = renderer
        self._defaults = dict(renderer.rules)  # e.g. list items with task-list checkboxes
        for name, rule in rules.items():  # methods come bound; functions get the renderer
            bound = rule if hasattr(rule, "__self__") else rule.__get__(renderer)
            renderer.rules[name] = bound  # type: ignore[assignment]  # rules are plain callables

    def start_build(self) -> None:
        """A new build: embeds render again (their targets may have changed)."""
        self._embeds.clear()

    def render_page(
        self, context: PageContext, tokens: list[Token], after_title: str = ""
    ) -> RenderedPage:
        """The page of `context.note`: headed by its title, then `after_title`, then the body."""
        note = context.note
        title = note.title if note is not None else ""
        context = replace(
            context, embed_stack=((note.path, ""),) if note is not None else (), cuts=[]
        )
        body = self._render(tokens, context)
        first = _first_block(tokens)
        heads_itself = (
            first is not None
            and tokens[first].type == "heading_open"
            and tokens[first].tag == "h1"
            and _same_title(plain_text(tokens[first + 1]), title)
        )
        toc = _toc(tokens)
        anchors = _anchor_ids(tokens)
        if heads_itself or not title:
            if after_title and heads_itself:
                cut = body.find("</h1>") + len("</h1>")
                body = body[:cut] + "\n" + after_title + body[cut:]
            elif after_title:
                body = after_title + "\n" + body
        else:
            title_id = slugify(title) or "title"
            while title_id in anchors:
                title_id += "_title"
            anchors = anchors | {title_id}
            heading = (
                f'<h1 id="{title_id}">{escape(title)}<a class="headerlink" href="#{title_id}" '
                'title="Permanent link">&para;</a></h1>\n'
            )
            body = heading + (after_title + "\n" if after_title else "") + body
            toc = [TocEntry(1, title_id, escape(title), toc)]
        return RenderedPage(body, toc, anchors, title)

    def render_markdown(self, text: str, context: PageContext) -> str:
        """Markdown that is not a note (program output, a generated page) in `context`."""
        return self._render(self.parser.parse(text), context)

    def _render(self, tokens: Sequence[Token], context: PageContext) -> str:
        html: str = self.html.render(tokens, self.md.options, {"lg": context})
        return html

    # -- headings and ids -------------------------------------------------------------------

    def _heading_open(self, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
        token = tokens[i]
        context = _ctx(env)
        tag = token.tag
        shift = env.get("lg_shift", 0)
        if shift:
            tag = f"h{min(6, int(tag[1]) + shift)}"
        if "id" not in token.attrs:
            return f"<{tag}>"
        heading_id = context.id_prefix + str(token.attrs["id"])
        return f'<{tag} id="{escape(heading_id)}">'

    def _heading_close(self, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
        opening = tokens[i - 2]  # markdown-it: heading_open, inline, heading_close
        context = _ctx(env)
        shift = env.get("lg_shift", 0)
        tag = f"h{min(6, int(tokens[i].tag[1]) + shift)}" if shift else tokens[i].tag
        if "id" not in opening.attrs:
            return f"</{tag}>\n"
        heading_id = escape(context.id_prefix + str(opening.attrs["id"]))
        link = f'<a class="headerlink" href="#{heading_id}" title="Permanent link">&para;</a>'
        return f"{link}</{tag}>\n"

    def _with_prefixed_id(self, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
        token = tokens[i]
        prefix = _ctx(env).id_prefix
        block_id = token.attrs.get("id")
        rule = self._defaults.get(token.type, self.html.renderToken)
        if prefix and isinstance(block_id, str):
            tokens = _patched(tokens, i, {"id": prefix + block_id})
        result: str = rule(tokens, i, o, env)
        return result

    # -- callouts -----------------------------------------------------------------------------

    def _callout_open(self, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
        token = tokens[i]
        classes = callout_classes(token.meta["kind"])
        block_id = token.attrs.get("id")
        id_attr = (
            f' id="{escape(_ctx(env).id_prefix + block_id)}"' if isinstance(block_id, str) else ""
        )
        fold = token.meta["fold"]
        if fold:
            opened = ' open="open"' if fold == "+" else ""
            return f'<details class="{classes}"{id_attr}{opened}>\n'
        return f'<div class="admonition {classes}"{id_attr}>\n'

    # -- code -----------------------------------------------------------------------------------

    def _fence(self, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
        token = tokens[i]
        context = _ctx(env)
        if context.exec_html is not None and context.note is not None and token.map is not None:
            shown = context.exec_html(context.note.path, token.map[0] + 1)
            if shown is not None:
                return shown
        language, title = info_parts(token.info)
        return code_html(token.content, language, title)

    # -- links and embeds -----------------------------------------------------------------------

    def _wikilink(self, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
        token = tokens[i]
        context = _ctx(env)
        target: LinkTarget = token.meta["target"]
        is_embed = bool(token.meta["embed"])
        line = int(token.meta.get("line", 0)) + 1
        outcome = context.resolve(target, markdown=False)
        shown = token.content.replace("\\|", "|")
        context.report(line, shown, outcome)
        if isinstance(outcome, ResolvedFile):
            href = context.href(outcome.path, _file_fragment(target))
            if is_embed:
                return _media_html(outcome.path, href, target)
            text = target.alias or outcome.path.rsplit("/", 1)[-1]
            return f'<a class="lg-file" href="{escape(href)}">{escape(text)}</a>'
        text = escape(target.display)
        if isinstance(outcome, Resolved):
            css = "lg-wikilink lg-embed-link" if is_embed else "lg-wikilink"
            href = context.note_href(outcome.note, outcome.fragment)
            return f'<a class="{css}" href="{escape(href)}">{text}</a>'
        if isinstance(outcome, (Unpublished, UnpublishedFile)):
            if is_embed:
                return ""
            return f'<span class="lg-unresolved" title="This note is not published">{text}</span>'
        if is_embed and file_suffix(target.path) in MEDIA_SUFFIXES:
            text = escape(target.path)
        return f'<span class="lg-unresolved" title="No note matches this link">{text}</span>'

    def _embed(self, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
        token = tokens[i]
        context = _ctx(env)
        target: LinkTarget = token.meta["target"]
        line = int(token.meta.get("line", token.map[0] if token.map else 0)) + 1
        outcome = context.resolve(target, markdown=False)
        if not isinstance(outcome, (Resolved, Unpublished)):  # a file or no such note: inline
            return f"<p>{self._wikilink(tokens, i, o, env)}</p>\n"
        shown = token.content.replace("\\|", "|")
        context.report(line, shown, outcome)
        if isinstance(outcome, Unpublished):
            return ""
        note = outcome.note
        key = (note.path, outcome.fragment)
        href = escape(context.note_href(note, outcome.fragment))
        title = escape(target.alias or (note.title if target.block else target.display))
        if outcome.problem and (target.headings or target.block) and not outcome.fragment:
            wanted = "^" + target.block if target.block else "#".join(target.headings)
            inner = (
                f'<p class="lg-embed-missing">Unable to find "{escape(wanted)}" in '
                f"{escape(note.title)}.</p>\n"
            )
        elif key in context.embed_stack or len(context.embed_stack) > MAX_EMBED_DEPTH:
            context.warn(line, f"{shown} embeds a note that embeds this one; shown as a link")
            context.cuts.append(key)
            inner = ""
        else:
            host_level = _section_level(tokens, i) + env.get("lg_shift", 0)
            inner = self._embedded(context, note, outcome.fragment, host_level)
        return (
            f'<lg-embed class="lg-embed" data-search-exclude><p class="lg-embed-title">'
            f'<a class="lg-wikilink" href="{href}">{title}</a></p>\n{inner}</lg-embed>\n'
        )

    def _embedded(self, context: PageContext, note: Note, fragment: str, host_level: int) -> str:
        """The embedded tokens' HTML: headings one level below the host's section. Each page
        that shows a kept embed gets the warnings its render gave, as if it rendered it."""
        key = (note.path, fragment)
        cache_key = (note.path, fragment, host_level)
        recorder = context.reporter if isinstance(context.reporter, Recorder) else None
        cached = self._embeds.get(cache_key)
        if cached is None:
            index = context.index
            document = index.documents.get(note.path) if index is not None else None
            tokens = _slice(document.tokens, fragment) if document is not None else []
            inner = replace(
                context,
                note=note,
                page_url="",
                at_root=True,
                embed_stack=(*context.embed_stack, key),
                id_prefix=f"{slugify(note.name) or 'note'}--",
            )
            cuts_before = len(context.cuts)
            warned_before = len(recorder.warnings) if recorder is not None else 0
            inner_env = {"lg": inner, "lg_shift": _shift(tokens, host_level)}
            html = self.html.render(tokens, self.md.options, inner_env)
            warned = tuple(recorder.warnings[warned_before:]) if recorder is not None else ()
            if len(context.cuts) == cuts_before:  # a cycle cut depends on the path: not kept
                self._embeds[cache_key] = (html, warned)
        else:
            html, warned = cached
            if recorder is not None:
                recorder.warnings.extend(warned)
        return html if context.at_root else at_page(html, context.page_url)

    def _link_open(self, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
        token = tokens[i]
        context = _ctx(env)
        href = str(token.attrs.get("href", ""))
        target = parse_markdown_href(href)
        if target is None or context.index is None:
            return self.html.renderToken(tokens, i, o, env)
        generated = _is_generated(context, target.path)
        outcome = context.resolve(target, markdown=True)
        line = int(token.meta.get("line", 0)) + 1
        shown = f"[{link_text(tokens, i)}]({href})"
        if isinstance(outcome, ResolvedFile):
            return _with_href(
                self.html,
                tokens,
                i,
                o,
                env,
                context.href(outcome.path, _file_fragment(target)),
            )
        if isinstance(outcome, Resolved):
            context.report(line, shown, outcome)
            new_href = context.note_href(outcome.note, outcome.fragment)
            return _with_href(self.html, tokens, i, o, env, new_href, "lg-wikilink")
        if generated:
            return _with_href(self.html, tokens, i, o, env, context.href(generated))
        context.report(line, shown, outcome)
        title = (
            "This note is not published"
            if isinstance(outcome, (Unpublished, UnpublishedFile))
            else "No note matches this link"
        )
        _close_for(tokens, i).meta["lg_span"] = True
        return f'<span class="lg-unresolved" title="{title}">'

    def _image(self, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
        token = tokens[i]
        context = _ctx(env)
        src = str(token.attrs.get("src", ""))
        alt = self.html.renderInlineAsText(token.children or [], o, env)
        target = parse_markdown_href(src)
        if target is not None and context.index is not None:
            outcome = context.resolve(target, markdown=True)
            if isinstance(outcome, ResolvedFile):
                src = context.href(outcome.path)
        attrs = {"alt": alt, "src": src}
        size = SIZE_RE.match(alt.strip())
        if size is None and "|" in alt:
            shown, width, height = image_size(alt)
            attrs["alt"] = shown or ""
        else:
            width = int(size.group(1)) if size else None
            height = int(size.group(2)) if size and size.group(2) else None
            if size:
                attrs["alt"] = ""
        if width is not None:
            attrs["width"] = str(width)
        if height is not None:
            attrs["height"] = str(height)
        title = token.attrs.get("title")
        if title:
            attrs["title"] = str(title)
        rendered = " ".join(f'{name}="{escape(value)}"' for name, value in attrs.items())
        return f"<img {rendered}>"


# -- rules without state ----------------------------------------------------------------------


def _callout_close(r: RendererHTML, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
    return "</details>\n" if tokens[i].meta.get("fold") else "</div>\n"


def _callout_title_open(r: RendererHTML, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
    return "<summary>" if tokens[i].meta.get("fold") else '<p class="admonition-title">'


def _callout_title_close(r: RendererHTML, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
    return "</summary>\n" if tokens[i].meta.get("fold") else "</p>\n"


def _code_block(r: RendererHTML, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
    return code_html(tokens[i].content)


def _math_inline(r: RendererHTML, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
    return (
        f'<span class="arithmatex" data-search-exclude>'
        f"\\({escape(tokens[i].content, quote=False)}\\)</span>"
    )


def _math_display_inline(r: RendererHTML, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
    math = escape(tokens[i].content.strip(), quote=False)
    return f'<span class="arithmatex lg-display" data-search-exclude>\\[{math}\\]</span>'


def _math_block(r: RendererHTML, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
    math = escape(tokens[i].content.strip(), quote=False)
    return f'<div class="arithmatex" data-search-exclude>\\[{math}\\]</div>\n'


def _softbreak(r: RendererHTML, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
    """A line break, except next to display math (which is a block of its own)."""
    near = (tokens[i - 1] if i > 0 else None, tokens[i + 1] if i + 1 < len(tokens) else None)
    if any(t is not None and t.type == "math_inline_double" for t in near):
        return "\n"
    return "<br />\n" if o["breaks"] else "\n"


def _tag(r: RendererHTML, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
    token = tokens[i]
    href = escape(_ctx(env).tag_href(token.meta["tag"]))
    return f'<a class="lg-tag" href="{href}">#{escape(token.content)}</a>'


def _link_close(r: RendererHTML, tokens: Sequence[Token], i: int, o: Any, env: Any) -> str:
    return "</span>" if tokens[i].meta.get("lg_span") else "</a>"


# -- helpers ------------------------------------------------------------------------------------


def _with_href(
    r: RendererHTML,
    tokens: Sequence[Token],
    i: int,
    o: Any,
    env: Any,
    href: str,
    css: str | None = None,
) -> str:
    attrs: dict[str, str | int | float] = {}
    if css:
        attrs["class"] = f"{tokens[i].attrs.get('class', '')} {css}".strip()
    attrs["href"] = href
    return r.renderToken(_patched(tokens, i, attrs), i, o, env)


def _patched(
    tokens: Sequence[Token], i: int, attrs: dict[str, str | int | float]
) -> Sequence[Token]:
    """`tokens` with token `i` copied and some attributes changed, leaving the parsed token
    untouched (the tokens are rendered again for other pages and embeds)."""
    patched = list(tokens)
    patched[i] = tokens[i].copy(attrs={**attrs, **tokens[i].attrs, **attrs})
    return patched


def _close_for(tokens: Sequence[Token], i: int) -> Token:
    depth = 0
    for token in tokens[i + 1 :]:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            if depth == 0:
                return token
            depth -= 1
    return tokens[i]


def _is_generated(context: PageContext, path: str) -> str | None:
    """The URL of a generated page (`tags.md`) a Markdown link names, if it names one."""
    folder = context.note.folder if context.note is not None else ""
    joined = posixpath.normpath(posixpath.join(folder, path))
    return context.site.generated_pages.get(joined)


def _file_fragment(target: LinkTarget) -> str:
    return "#".join(target.headings)


def _media_html(path: str, href: str, target: LinkTarget) -> str:
    suffix = file_suffix(path)
    name = escape(path.rsplit("/", 1)[-1])
    src = escape(href)
    if suffix in IMAGE_SUFFIXES:
        alt, width, height = image_size(target.alias)
        attrs = f' width="{width}"' if width is not None else ""
        attrs += f' height="{height}"' if height is not None else ""
        return f'<img alt="{escape(alt or name)}" src="{src}"{attrs}>'
    if suffix in AUDIO_SUFFIXES:
        return f'<audio class="lg-audio" controls preload="metadata" src="{src}"></audio>'
    if suffix in VIDEO_SUFFIXES:
        return f'<video class="lg-video" controls preload="metadata" src="{src}"></video>'
    if suffix == ".pdf":
        return f'<iframe class="lg-pdf" src="{src}" title="{name}" loading="lazy"></iframe>'
    return f'<a class="lg-file" href="{src}">{name}</a>'


def _first_block(tokens: Sequence[Token]) -> int | None:
    """The position of the first top-level block's opening token."""
    return next((n for n, t in enumerate(tokens) if t.nesting != -1 and t.level == 0), None)


def _same_title(text: str, title: str) -> bool:
    """Obsidian hides no heading: only one that reads exactly as the title is not repeated."""
    return " ".join(text.split()) == " ".join(title.split())


def _anchor_ids(tokens: Sequence[Token]) -> frozenset[str]:
    return frozenset(str(t.attrs["id"]) for t in tokens if t.nesting == 1 and "id" in t.attrs)


def _toc(tokens: Sequence[Token]) -> list[TocEntry]:
    roots: list[TocEntry] = []
    stack: list[TocEntry] = []
    for position, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[position + 1]
        entry = TocEntry(
            int(token.tag[1]), str(token.attrs.get("id", "")), escape(plain_text(inline))
        )
        while stack and stack[-1].level >= entry.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(entry)
        stack.append(entry)
    return roots


def _slice(tokens: list[Token], fragment: str) -> list[Token]:
    """The tokens an embed of `fragment` shows: all, one heading's section, or one block."""
    if not fragment:
        return tokens
    for position, token in enumerate(tokens):
        if token.nesting != 1 or token.attrs.get("id") != fragment:
            continue
        if token.type == "heading_open":
            level = int(token.tag[1])
            end = next(
                (
                    later
                    for later in range(position + 1, len(tokens))
                    if tokens[later].type == "heading_open"
                    and tokens[later].level == token.level
                    and int(tokens[later].tag[1]) <= level
                ),
                len(tokens),
            )
            return tokens[position:end]
        end = _matching_close(tokens, position)
        if token.type == "list_item_open":
            return _as_blocks(tokens[position + 1 : end])
        return tokens[position : end + 1]
    return tokens


def _matching_close(tokens: list[Token], position: int) -> int:
    opening = tokens[position]
    for later in range(position + 1, len(tokens)):
        candidate = tokens[later]
        if candidate.nesting == -1 and candidate.level == opening.level:
            return later
    return len(tokens) - 1


def _as_blocks(tokens: list[Token]) -> list[Token]:
    """A list item's content outside its list: hidden (tight) paragraphs shown again."""
    shown = []
    for token in tokens:
        if token.hidden and token.type in ("paragraph_open", "paragraph_close"):
            token = token.copy()
            token.hidden = False
        shown.append(token)
    return shown


def _shift(tokens: Sequence[Token], host_level: int) -> int:
    """How many levels the embedded headings go down: the top one sits below the host's."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    return max(0, host_level + 1 - min(levels)) if levels else 0


def _section_level(tokens: Sequence[Token], position: int) -> int:
    """The level of the heading whose section holds token `position` (1: the page title)."""
    for earlier in range(position - 1, -1, -1):
        if tokens[earlier].type == "heading_open":
            return int(tokens[earlier].tag[1])
    return 1


def wikilink_markdown(context: PageContext, token: Token) -> str:
    """A wiki-link or embed as plain Markdown for `context`'s page (a notebook's prose): a link
    or image where the page links, plain text where it shows plain text."""
    target: LinkTarget = token.meta["target"]
    outcome = context.resolve(target, markdown=False)
    text = target.display.replace("[", "\\[").replace("]", "\\]")
    if isinstance(outcome, ResolvedFile):
        href = context.href(outcome.path)
        if token.meta.get("embed") and file_suffix(outcome.path) in IMAGE_SUFFIXES:
            return f"![{outcome.path.rsplit('/', 1)[-1]}](<{href}>)"
        return f"[{target.alias or outcome.path.rsplit('/', 1)[-1]}](<{href}>)"
    if isinstance(outcome, Resolved):
        return f"[{text}](<{context.note_href(outcome.note, outcome.fragment)}>)"
    if isinstance(outcome, (Unpublished, UnpublishedFile)) and token.meta.get("embed"):
        return ""
    return text


def render_standalone(text: str, settings: ReadingSettings | None = None) -> str:
    """`text` as HTML with no vault around it (wiki-links show as unresolved text)."""
    renderer = NoteRenderer(NoteParser(settings))
    context = PageContext(None, None, "", Reporter(logging.getLogger(LOGGER_NAME)), SiteLinks())
    tokens = renderer.parser.parse(text)
    read_document(tokens, text.count("\n") + 1)
    return renderer._render(tokens, context)
