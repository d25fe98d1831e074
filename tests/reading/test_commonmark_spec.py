"""Every CommonMark spec example through the reading renderer, with CommonMark line breaks.

The examples are the spec's own (the `commonmark.json` that markdown-it-py ships in its sdist;
`scripts/fetch-commonmark-spec` puts it in the virtual environment). Like the spec's own test
runner, the comparison is of normalised HTML: whitespace between block tags, attribute order,
entity spelling and `<br />` against `<br>` do not count. Our Material-specific markup is turned
back into CommonMark's first: heading ids and their `headerlink` anchors go, and a Pygments
block (`<div class="highlight"><pre><span></span><code>spans</code></pre></div>`) becomes
`<pre><code>text</code></pre>`. Pygments' markup does not keep a fence's info string, so the
`language-x` class of the expected HTML is dropped too; the code itself is compared exactly.

`DEVIATIONS` lists the examples that read differently on purpose, because Obsidian's syntax
takes them; they are rendered (no comparison). `KNOWN_BUGS` lists examples that differ because
of a renderer bug: they are expected to fail (strict xfail), so fixing the bug shows up here.
"""

from __future__ import annotations

import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from livegarden.reading.html import render_standalone
from livegarden.reading.parser import ReadingSettings

SPEC = Path(sys.prefix) / "share" / "livegarden" / "commonmark.json"
MISSING = (
    f"the CommonMark spec examples are not at {SPEC}; run scripts/fetch-commonmark-spec "
    "(scripts/env.sh runs it when the file is missing)"
)
SETTINGS = ReadingSettings(strict_line_breaks=True)

#: Examples whose Obsidian reading differs from CommonMark on purpose.
DEVIATIONS: dict[int, str] = {
    64: "`#hashtag` at a line's start is an Obsidian tag, not text",
    548: "`[[foo]]` is an Obsidian wiki-link, so `[[[foo]]]` is a bracket around a link",
    559: "`[[*foo* bar]]` is an Obsidian wiki-link, not a bracket around a reference link",
    590: "`![[foo]]` is an Obsidian embed and `[[foo]]` a wiki-link, not text",
    608: "a bare URL is a link in Obsidian (GFM autolinks), also between spaced angle brackets",
    611: "a bare email address is a link in Obsidian (GFM autolinks)",
    612: "a bare URL is a link in Obsidian (GFM autolinks), even after `<`",
}

KNOWN_BUGS: dict[int, str] = {}


def _load_examples() -> list[dict[str, Any]]:
    if not SPEC.is_file():
        return []
    examples: list[dict[str, Any]] = json.loads(SPEC.read_text(encoding="utf-8"))
    return examples


EXAMPLES = _load_examples()


def _id(example: dict[str, Any]) -> str:
    section = re.sub(r"[^a-z0-9]+", "-", str(example["section"]).lower()).strip("-")
    return f"{example['example']:03d}-{section}"


def _compared() -> list[Any]:
    if not EXAMPLES:  # a failing case, never an empty (skipped) parameter set
        return [pytest.param(None, id="spec-examples-missing")]
    cases = []
    for example in EXAMPLES:
        number = example["example"]
        if number in DEVIATIONS:
            continue
        marks = []
        if number in KNOWN_BUGS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[number]))
        cases.append(pytest.param(example, id=_id(example), marks=marks))
    return cases


def _deviating() -> list[Any]:
    if not EXAMPLES:
        return [pytest.param(None, id="spec-examples-missing")]
    by_number = {example["example"]: example for example in EXAMPLES}
    return [
        pytest.param(
            by_number.get(number),
            id=f"{number:03d}-{re.sub(r'[^a-z0-9]+', '-', reason.lower()).strip('-')}",
        )
        for number, reason in sorted(DEVIATIONS.items())
    ]


# -- normalisation ----------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "col", "colgroup",
        "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
        "hr", "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "meta", "nav",
        "noframes", "ol", "optgroup", "option", "p", "param", "pre", "section", "source", "summary",
        "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul"
    }
)  # fmt: skip
_PYGMENTS_RE = re.compile(
    r'<div class="highlight">(?:<span class="filename">.*?</span>)?'
    r"<pre><span></span><code>(?P<spans>.*?)</code></pre></div>",
    re.DOTALL,
)
_HEADERLINK_RE = re.compile(r'<a class="headerlink" href="[^"]*" title="Permanent link">&para;</a>')
_HEADING_ID_RE = re.compile(r'<(h[1-6]) id="[^"]*">')
_LANGUAGE_RE = re.compile(r'<code class="language-[^"]*">')
_MARKUP_RE = re.compile(r"<[^>]*>")


def _plain_code(match: re.Match[str]) -> str:
    text = html.unescape(_MARKUP_RE.sub("", match["spans"]))
    return f"<pre><code>{html.escape(text, quote=False)}</code></pre>"


def as_commonmark(ours: str) -> str:
    """Our HTML with the Material-specific markup turned back into CommonMark's."""
    ours = _PYGMENTS_RE.sub(_plain_code, ours)
    ours = _HEADERLINK_RE.sub("", ours)
    ours = _HEADING_ID_RE.sub(r"<\1>", ours)
    return ours.replace("<span></span>", "")


def _escape_text(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


class _Normaliser(HTMLParser):
    """HTML re-serialised the way the spec's test runner compares it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.text: list[str] = []
        self.in_pre = 0
        self.after_block = True  # at the start, or just after a block tag

    def flush(self, before_block: bool) -> None:
        text = "".join(self.text)
        self.text.clear()
        if not self.in_pre:
            text = re.sub(r"\s+", " ", text)
            if self.after_block:
                text = text.lstrip()
            if before_block:
                text = text.rstrip()
        if text:
            self.out.append(text)
            self.after_block = False

    def _tag(self, markup: str, name: str) -> None:
        block = name in _BLOCK_TAGS or name == "br"  # white space at a line's ends shows not
        self.flush(before_block=block)
        self.out.append(markup)
        self.after_block = block

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rendered = "".join(
            f" {name}" if value is None else f' {name}="{_escape_text(value)}"'
            for name, value in sorted(attrs)
        )
        self._tag(f"<{tag}{rendered}>", tag)
        if tag == "pre":
            self.in_pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "pre":
            self.in_pre -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.flush(before_block=False)
            self.in_pre = max(0, self.in_pre - 1)
        self._tag(f"</{tag}>", tag)

    def handle_data(self, data: str) -> None:
        self.text.append(_escape_text(data))

    def handle_entityref(self, name: str) -> None:
        self.text.append(_escape_text(html.unescape(f"&{name};")))

    def handle_charref(self, name: str) -> None:
        self.text.append(_escape_text(html.unescape(f"&#{name};")))

    def handle_comment(self, data: str) -> None:
        self._tag(f"<!--{data}-->", "")

    def handle_decl(self, decl: str) -> None:
        self._tag(f"<!{decl}>", "")

    def unknown_decl(self, data: str) -> None:
        self._tag(f"<![{data}]>", "")

    def handle_pi(self, data: str) -> None:
        self._tag(f"<?{data}>", "")


def normalise(markup: str) -> str:
    """`markup` with the differences the spec does not count taken out."""
    parser = _Normaliser()
    parser.feed(markup)
    parser.close()
    parser.flush(before_block=True)
    return "".join(parser.out)


# -- tests ------------------------------------------------------------------------------------


def test_the_spec_examples_are_there() -> None:
    assert EXAMPLES, MISSING
    assert len(EXAMPLES) > 600, f"{SPEC} holds only {len(EXAMPLES)} examples"


def test_deviations_and_known_bugs_name_real_examples() -> None:
    assert EXAMPLES, MISSING
    numbers = {example["example"] for example in EXAMPLES}
    assert set(DEVIATIONS) <= numbers
    assert set(KNOWN_BUGS) <= numbers
    assert not set(DEVIATIONS) & set(KNOWN_BUGS)
    assert all(reason.strip() for reason in (*DEVIATIONS.values(), *KNOWN_BUGS.values()))


@pytest.mark.parametrize("example", _compared())
def test_spec_example(example: dict[str, Any] | None) -> None:
    if example is None:
        pytest.fail(MISSING)
    expected = normalise(_LANGUAGE_RE.sub("<code>", example["html"]))
    actual = normalise(as_commonmark(render_standalone(example["markdown"], SETTINGS)))
    assert actual == expected, f"markdown: {example['markdown']!r}"


@pytest.mark.parametrize("example", _deviating())
def test_deviating_example_still_renders(example: dict[str, Any] | None) -> None:
    """A deviation is not compared, but it must still render (and name a real example)."""
    if example is None:
        pytest.fail(MISSING)
    assert render_standalone(example["markdown"], SETTINGS).strip()


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        pytest.param(
            '<h2 id="foo">foo<a class="headerlink" href="#foo" title="Permanent link">'
            "&para;</a></h2>\n",
            "<h2>foo</h2>",
            id="heading-id-and-anchor",
        ),
        pytest.param(
            '<div class="highlight"><pre><span></span><code><span class="n">a</span> '
            '<span class="o">&lt;</span> b\n</code></pre></div>\n',
            "<pre><code>a &lt; b\n</code></pre>",
            id="pygments-block",
        ),
        pytest.param("<p>a<br />\nb</p>\n", "<p>a<br>b</p>", id="line-break"),
        pytest.param(
            '<a title="x" href="y">&#x41;&quot;</a>',
            '<a href="y" title="x">A&quot;</a>',
            id="attrs-and-entities",
        ),
        pytest.param(
            "<ul>\n<li>  a  b\n</li>\n</ul>\n", "<ul><li>a b</li></ul>", id="block-whitespace"
        ),
        pytest.param(
            "<pre><code>  a\n\n</code></pre>", "<pre><code>  a\n\n</code></pre>", id="pre-kept"
        ),
    ],
)
def test_normalisation(ours: str, theirs: str) -> None:
    assert normalise(as_commonmark(ours)) == theirs


def test_normalisation_still_sees_differences() -> None:
    assert normalise("<p>a b</p>") != normalise("<p>ab</p>")
    assert normalise("<pre><code>a\n</code></pre>") != normalise("<pre><code>\na\n</code></pre>")
    assert normalise("<p><em>a</em></p>") != normalise("<p>a</p>")
