"""Turn session outcomes into the HTML that stands in for each exec block, and the author's
warnings.

The page renderer asks for a block by its fence token (note and line) and gets the source,
highlighted by the function it passes in, followed by the outputs; program output is HTML-escaped
here and never parsed as Markdown, except Markdown output (`output="markdown"`,
`_repr_markdown_`), which the renderer's own Markdown function turns into HTML.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from livegarden.execution.engine import NotePlan, SessionOutcome
from livegarden.execution.environment import KEY_PACKAGES
from livegarden.execution.results import (
    BlockResult,
    Display,
    ErrorInfo,
    Figure,
    Provenance,
    SessionResult,
    Stream,
)
from livegarden.execution.snippets import Snippet

ROOT_PLACEHOLDER = "{{lg-site-root}}"
CodeHtml = Callable[[str, str, str | None], str]  # (code, language, title) -> highlighted HTML
MarkdownHtml = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a snippet's block result lives: its session outcome and position in it."""

    snippet: Snippet
    outcome: SessionOutcome | None
    position: int


@dataclass(frozen=True, slots=True)
class Warning:
    line: int
    message: str


def placements(plan: NotePlan, outcomes: list[SessionOutcome]) -> dict[int, Placed]:
    by_name = {outcome.session.name: outcome for outcome in outcomes}
    placed: dict[int, Placed] = {}
    for session in plan.sessions:
        for position, snippet in enumerate(session.snippets):
            placed[snippet.index] = Placed(snippet, by_name.get(session.name), position)
    for snippet in plan.snippets:
        placed.setdefault(snippet.index, Placed(snippet, None, 0))
    return placed


def error_line(snippet: Snippet, error: ErrorInfo) -> int:
    """The note line an error points at: the failing line of inline code, else the fence."""
    if snippet.options.file is None and error.block_line is not None:
        return snippet.body_line + error.block_line - 1
    return snippet.line


_BLOCK_PLACE = re.compile(r'<block (\d+)>(?::(\d+):|", line (\d+))')


def note_locations(text: str, session_snippets: tuple[Snippet, ...]) -> str:
    """`text` with each place in a block's code (`<block N>:LINE:` as a warning writes it,
    `File "<block N>", line LINE` as a traceback does) written as the note's file and line."""
    if "<block " not in text:
        return text

    def mapped(match: re.Match[str]) -> str:
        number = int(match[1])
        if number >= len(session_snippets):
            return match[0]
        snippet = session_snippets[number]
        if match[2] is not None:
            return f"{snippet.note}:{snippet.body_line + int(match[2]) - 1}:"
        return f'{snippet.note}", line {snippet.body_line + int(match[3]) - 1}'

    return _BLOCK_PLACE.sub(mapped, text)


def traceback_text(session_snippets: tuple[Snippet, ...], error: ErrorInfo) -> str:
    """The traceback with `<block N>` frames mapped to the note's file and lines."""
    lines = []
    if error.frames:
        lines.append("Traceback (most recent call last):")
        for frame in error.frames:
            file, line = frame.file, frame.line
            match = re.fullmatch(r"<block (\d+)>", file)
            if match and int(match[1]) < len(session_snippets):
                snippet = session_snippets[int(match[1])]
                file, line = snippet.note, snippet.body_line + frame.line - 1
            lines.append(f'  File "{file}", line {line}, in {frame.function}')
            if frame.text:
                lines.append(f"    {frame.text}")
    lines.append(note_locations(error.exception, session_snippets) or error.summary)
    return "\n".join(lines)


def note_warnings(plan: NotePlan, outcomes: list[SessionOutcome]) -> list[Warning]:
    """What the author must fix: bad options, failed sessions (one each), stale frozen results."""
    warnings = [
        Warning(snippet.line, problem) for snippet in plan.snippets for problem in snippet.problems
    ]
    for outcome in outcomes:
        snippets = outcome.session.snippets
        for position, error in outcome.result.failures:
            snippet = snippets[position]
            where = ""
            if snippet.options.file is not None and error.block_line is not None:
                where = f" (at {snippet.options.file}:{error.block_line})"
            warnings.append(
                Warning(error_line(snippet, error), f"live code failed: {error.summary}{where}")
            )
        if outcome.notice is not None:
            warnings.append(Warning(snippets[0].line, f"frozen result shown is {outcome.notice}"))
    return sorted(warnings, key=lambda warning: warning.line)


def _source_html(snippet: Snippet, repo_root: Path, code_html: CodeHtml, *, executed: bool) -> str:
    options = snippet.options
    code = snippet.code
    title = options.title
    if options.file is not None:
        path = repo_root / options.file
        try:
            code = path.read_text(encoding="utf-8")
        except OSError:
            code = snippet.code or f"# {options.file} (missing)\n"
        command = " ".join((options.file, *options.args))
        title = f"{title} · {command}" if title else command
    if options.source == "hidden" and executed:
        return ""
    block = code_html(code.rstrip("\n") + "\n", "python", title)
    if options.source == "folded" and executed:
        label = html.escape(f"Source: {title}" if title else "Source")
        # Folded code is there on demand: search finds the prose, not a whole script.
        return (
            f'<details class="example" data-search-exclude>\n<summary>{label}</summary>\n'
            f"{block}</details>\n"
        )
    return block


def ordered_versions(record: Provenance) -> list[tuple[str, str]]:
    """Key package versions in a fixed order (frozen JSON files store them sorted)."""
    rank = {name: number for number, name in enumerate(KEY_PACKAGES)}
    return sorted(record.versions.items(), key=lambda item: (rank.get(item[0], 99), item[0]))


def provenance_line(result: SessionResult, block: BlockResult, notice: str | None) -> str:
    record = result.provenance
    where = record.gpu or record.cpu
    if record.gpu:
        where = f"{record.gpu} · {record.cpu}"
    versions = " · ".join(f"{name} {version}" for name, version in ordered_versions(record))
    state = {"fresh": "ran at this build", "cached": "cached", "frozen": "frozen"}.get(
        result.origin, "STALE"
    )
    parts = [
        state,
        where,
        f"Python {record.python}",
        versions,
        record.date,
        f"{block.duration_s:.2f} s",
    ]
    text = " · ".join(part for part in parts if part)
    css = "lg-exec-provenance" + (" lg-exec-stale" if result.origin == "stale" else "")
    title = f' title="{html.escape(notice)}"' if notice else ""
    return f'<p class="{css}"{title} data-search-exclude>{html.escape(text)}</p>'


def _pre(css: str, text: str) -> str:
    return f'<pre class="{css}"><code>{html.escape(text)}</code></pre>'


def block_parts(placed: Placed, output: str, title_in_output: str | None) -> list[tuple[str, str]]:
    """The block's output as ("html" | "markdown", text) parts, in reading order."""
    parts: list[tuple[str, str]] = []
    if title_in_output:
        parts.append(("html", f'<p class="lg-exec-title">{html.escape(title_in_output)}</p>'))
    outcome = placed.outcome
    if outcome is None:
        return parts
    result = outcome.result
    block = result.blocks[placed.position]
    if block.status == "not-run":
        parts.append(
            (
                "html",
                '<p class="lg-exec-notrun">Not run: an earlier block of its session failed.</p>',
            )
        )
        return parts
    snippets = outcome.session.snippets
    figure_number = 0
    for item in block.outputs():
        if isinstance(item, Stream):
            text = note_locations(item.text, snippets)
            if item.name == "stderr":
                parts.append(("html", _pre("lg-exec-stderr", text)))
            elif output == "markdown":
                parts.append(("markdown", item.text))
            elif output == "html":
                parts.append(("html", f'<div class="lg-exec-html">{item.text}</div>'))
            else:
                parts.append(("html", _pre("lg-exec-stdout", text)))
        elif isinstance(item, Figure):
            figure_number += 1
            parts.append(("html", figure_html(item, _alt(item, figure_number, placed))))
        else:
            parts.append(_display_part(item, snippets))
    if block.error is not None and block.status == "ok":  # raised, as the block said it would
        text = traceback_text(outcome.session.snippets, block.error)
        parts.append(
            (
                "html",
                '<div class="lg-exec-raised"><p class="lg-exec-raised-title">Raised, as expected: '
                f"{html.escape(block.error.summary)}</p>{_pre('lg-exec-traceback', text)}</div>",
            )
        )
    elif block.error is not None:
        line = error_line(placed.snippet, block.error)
        summary = html.escape(f"{block.error.summary} ({placed.snippet.note}:{line})")
        text = traceback_text(outcome.session.snippets, block.error)
        parts.append(
            (
                "html",
                '<div class="admonition failure lg-exec-error">'
                f'<p class="admonition-title">Error: {summary}</p>{_pre("lg-exec-traceback", text)}'
                "</div>",
            )
        )
    parts.append(("html", provenance_line(result, block, outcome.notice)))
    return parts


CSS_DPI = 96  # a CSS pixel is 1/96 inch
_SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)(pt|px)?"[^>]*?\sheight="([\d.]+)(pt|px)?"')


def _alt(figure: Figure, number: int, placed: Placed) -> str:
    """A figure's alt text: the block's `alt=`, else what the figure's titles and labels say,
    else the block's title, else where the figure comes from."""
    options = placed.snippet.options
    if options.alt:
        return options.alt if number == 1 else f"{options.alt} (figure {number})"
    if figure.alt:
        return figure.alt
    if options.title:
        return options.title if number == 1 else f"{options.title} (figure {number})"
    return f"Figure {number} of the code at line {placed.snippet.line}"


def figure_html(figure: Figure, alt: str) -> str:
    """A figure as the page shows it: its CSS size (from the SVG, so the page does not jump
    when it loads), and whether it is line art (`lg-figure-lineart`: drawn inverted in dark
    mode) or holds pixels (a PNG, or an SVG with an embedded image: shown as it is). The image
    links to itself: a click or tap enlarges it (`figures.js`), or opens it without scripts."""
    src = f"{ROOT_PLACEHOLDER}livegarden/figures/{figure.filename}"
    size = ""
    kind = "lg-figure-raster"
    if figure.mime == "image/svg+xml":
        match = _SVG_SIZE.search(figure.data[:2000])
        if match:
            scale = 4 / 3 if match[2] == "pt" else 1.0  # CSS pixels per unit
            width, height = (round(float(match[n]) * scale) for n in (1, 3))
            size = f' width="{width}" height="{height}" style="--lg-natural-width: {width}px"'
        if "<image" not in figure.data:
            kind = "lg-figure-lineart"
    else:
        css_size = raster_css_size(figure)
        if css_size is not None:
            width, height = css_size
            size = f' width="{width}" height="{height}" style="--lg-natural-width: {width}px"'
    return (
        f'<figure class="lg-exec-figure {kind}"><a class="lg-figure-open" href="{src}">'
        f'<img src="{src}" alt="{html.escape(alt)}"{size} loading="lazy"></a></figure>'
    )


def raster_css_size(figure: Figure) -> tuple[int, int] | None:
    """A PNG's or JPEG's size in CSS pixels: its pixels at the resolution it was saved with
    (matplotlib's figures are 150 dpi; an image without one is shown pixel for pixel)."""
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with matplotlib; without it the image sizes itself
        return None
    try:
        with Image.open(io.BytesIO(base64.b64decode(figure.data))) as image:
            dpi = image.info.get("dpi", (CSS_DPI, CSS_DPI))[0] or CSS_DPI
            scale = CSS_DPI / float(dpi)
            return round(image.width * scale), round(image.height * scale)
    except (OSError, ValueError):
        return None


def _display_part(display: Display, snippets: tuple[Snippet, ...]) -> tuple[str, str]:
    """How a displayed value reads on the page: HTML as is, Markdown and LaTeX through the
    page's Markdown (LaTeX as display math unless it brings its own delimiters), else text."""
    if display.mime == "text/markdown":
        return ("markdown", display.data)
    if display.mime == "text/latex":
        latex = display.data.strip()
        if not latex.startswith(("$", "\\[", "\\(")):
            latex = f"$$\n{latex}\n$$"
        return ("markdown", latex)
    if display.mime == "text/html":
        return ("html", f'<div class="lg-exec-html">{display.data}</div>')
    return ("html", _pre("lg-exec-result", note_locations(display.data, snippets)))


def snippet_html(
    placed: Placed,
    repo_root: Path,
    code_html: CodeHtml,
    markdown_html: MarkdownHtml,
    *,
    executed: bool,
) -> str:
    """What stands in for one exec block on the page: its source, then its outputs."""
    snippet = placed.snippet
    if snippet.is_refused:
        return ""
    pieces = [_source_html(snippet, repo_root, code_html, executed=executed)]
    if executed:
        hidden_title = snippet.options.title if snippet.options.source == "hidden" else None
        for kind, group in _grouped(block_parts(placed, snippet.options.output, hidden_title)):
            if kind == "markdown":
                pieces.append(markdown_html(group.strip("\n")))
            else:
                pieces.append(f'<div class="lg-exec-output">{group}</div>\n')
    return "".join(pieces)


def _grouped(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Merge neighbouring HTML parts, so each run of HTML gets a single output box."""
    groups: list[tuple[str, str]] = []
    for kind, text in parts:
        if kind == "html" and groups and groups[-1][0] == "html":
            groups[-1] = ("html", groups[-1][1] + text)
        else:
            groups.append((kind, text))
    return groups
