"""Obsidian's reading view, construct by construct, as Obsidian's help describes it.

Each table is one construct: lists, math, line breaks, heading ids, raw HTML, callouts,
comments, highlights, tags and block ids. Cases are rendered with `render_standalone` (no vault
around them: wiki-links show unresolved) and checked on the HTML's structure with
BeautifulSoup. A case the renderer gets wrong keeps Obsidian's behaviour as its expectation and
is marked `xfail(strict=True)` with the reason, so a fix shows up as an unexpected pass.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from livegarden.reading.html import render_standalone
from livegarden.reading.parser import ReadingSettings

STRICT = ReadingSettings(strict_line_breaks=True)
BLOCKS = frozenset(
    {
        "p", "ul", "ol", "li", "blockquote", "div", "details", "summary", "h1", "h2",
        "h3", "h4", "h5", "h6", "pre", "table", "hr", "section",
    }
)  # fmt: skip


def render(source: str, settings: ReadingSettings | None = None) -> str:
    return render_standalone(source, settings)


def soup(source: str, settings: ReadingSettings | None = None) -> BeautifulSoup:
    return BeautifulSoup(render(source, settings), "html.parser")


def own_text(element: Tag) -> str:
    """The text an element shows itself (not its nested blocks'); a line break reads `↵`."""
    parts: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                parts.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "br":
                    parts.append(" ↵ ")
                elif child.name not in BLOCKS and child.name != "input":
                    walk(child)

    walk(element)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def outline(html: str) -> list[str]:
    """The block structure of `html`, one indented line a block: `ol start=3`, `li [x]: Milk`."""
    lines: list[str] = []

    def walk(node: Tag, depth: int) -> None:
        for child in node.children:
            if not isinstance(child, Tag):
                continue
            if child.name not in BLOCKS:  # an inline element: look for blocks inside
                walk(child, depth)
                continue
            label = child.name
            if child.name == "ol" and child.get("start"):
                label += f" start={child['start']}"
            box = child.find("input", recursive=False) if child.name == "li" else None
            if box is not None and box.get("type") == "checkbox":
                label += " [x]" if box.has_attr("checked") else " [ ]"
            text = own_text(child)
            lines.append("  " * depth + label + (f": {text}" if text else ""))
            walk(child, depth + 1)

    walk(BeautifulSoup(html, "html.parser"), 0)
    return lines


def xfail(reason: str) -> Any:
    return pytest.mark.xfail(strict=True, reason=reason)


# -- lists --------------------------------------------------------------------------------------


LISTS = [
    pytest.param(
        "Flow networks are graphs such that\n"
        "1. An edge's flow is at most its capacity\n"
        "2. Flow is conserved at every inner node",
        [
            "p: Flow networks are graphs such that",
            "ol",
            "  li: An edge's flow is at most its capacity",
            "  li: Flow is conserved at every inner node",
        ],
        id="ordered-list-interrupts-a-paragraph",
    ),
    pytest.param(
        "Ingredients:\n- flour\n- water",
        ["p: Ingredients:", "ul", "  li: flour", "  li: water"],
        id="bullet-list-interrupts-a-paragraph",
    ),
    pytest.param(
        "- a\n  - b\n    - c\n- d",
        ["ul", "  li: a", "    ul", "      li: b", "        ul", "          li: c", "  li: d"],
        id="nested-by-two-spaces",
    ),
    pytest.param(
        "- a\n    - b\n        - c",
        ["ul", "  li: a", "    ul", "      li: b", "        ul", "          li: c"],
        id="nested-by-four-spaces",
    ),
    pytest.param(
        "- a\n\t- b\n\t\t- c",
        ["ul", "  li: a", "    ul", "      li: b", "        ul", "          li: c"],
        id="nested-by-tabs",
    ),
    pytest.param(
        "1. First list item\n   1. Ordered nested list item\n"
        "2. Second list item\n   - Unordered nested list item",
        [
            "ol",
            "  li: First list item",
            "    ol",
            "      li: Ordered nested list item",
            "  li: Second list item",
            "    ul",
            "      li: Unordered nested list item",
        ],
        id="ordered-and-unordered-mixed",
    ),
    pytest.param(
        "1. one\n\t- under one\n2. two",
        ["ol", "  li: one", "    ul", "      li: under one", "  li: two"],
        id="tab-nests-under-an-ordered-item",
    ),
    pytest.param(
        "- an item that\nwraps lazily\n- next",
        ["ul", "  li: an item that ↵ wraps lazily", "  li: next"],
        id="lazy-continuation",
    ),
    pytest.param(
        "- item\n\n  second paragraph of the item\n- next",
        [
            "ul",
            "  li",
            "    p: item",
            "    p: second paragraph of the item",
            "  li",
            "    p: next",
        ],
        id="loose-item-with-two-paragraphs",
    ),
    pytest.param(
        "3. three\n4. four", ["ol start=3", "  li: three", "  li: four"], id="ordered-from-three"
    ),
    pytest.param(
        "Text\n\n10) ten\n11) eleven",
        ["p: Text", "ol start=10", "  li: ten", "  li: eleven"],
        id="ordered-with-parenthesis-from-ten",
    ),
    pytest.param(
        "1\\. This won't be a list item.", ["p: 1. This won't be a list item."], id="escaped-period"
    ),
    pytest.param(
        "- [x] This is a completed task.\n- [ ] This is an incomplete task.",
        ["ul", "  li [x]: This is a completed task.", "  li [ ]: This is an incomplete task."],
        id="task-list",
    ),
    pytest.param(
        "- [ ] Task item 1\n\t- [ ] Subtask 1\n- [ ] Task item 2",
        [
            "ul",
            "  li [ ]: Task item 1",
            "    ul",
            "      li [ ]: Subtask 1",
            "  li [ ]: Task item 2",
        ],
        id="nested-task-list",
    ),
]


@pytest.mark.parametrize(("source", "expected"), LISTS)
def test_lists(source: str, expected: list[str]) -> None:
    assert outline(render(source)) == expected


def test_task_items_are_marked_even_without_their_checkbox() -> None:
    items = soup("- [x] done\n- [ ] open").select("li.task-list-item")
    assert [own_text(item) for item in items] == ["done", "open"]


def test_any_character_completes_a_task() -> None:
    items = soup("- [x] Milk\n- [?] Eggs\n- [-] Flour").select("li")
    assert [("task-list-item" in (item.get("class") or []), own_text(item)) for item in items] == [
        (True, "Milk"),
        (True, "Eggs"),
        (True, "Flour"),
    ]


# -- math ---------------------------------------------------------------------------------------

_DELIMITERS = {"inline": ("\\(", "\\)"), "display": ("\\[", "\\]"), "block": ("\\[", "\\]")}


def maths(html: str) -> list[tuple[str, str, str]]:
    """Every formula as (kind, TeX, the block it sits in): inline, display (in a paragraph or
    item) or block (a display formula that is a block of its own)."""
    found = []
    for element in BeautifulSoup(html, "html.parser").select(".arithmatex"):
        classes = element.get("class") or []
        kind = (
            "block" if element.name == "div" else "display" if "lg-display" in classes else "inline"
        )
        opening, closing = _DELIMITERS[kind]
        text = element.get_text()
        assert text.startswith(opening) and text.endswith(closing), text
        parent = element.find_parent(list(BLOCKS))
        found.append((kind, text[len(opening) : -len(closing)], parent.name if parent else "-"))
    return found


MATH = [
    pytest.param(
        "You can also do inline math like $e^{2i\\pi} = 1$ .",
        [("inline", "e^{2i\\pi} = 1", "p")],
        id="inline",
    ),
    pytest.param(
        "$$\\begin{vmatrix}a & b\\\\\nc & d\n\\end{vmatrix}=ad-bc$$",
        [("block", "\\begin{vmatrix}a & b\\\\\nc & d\n\\end{vmatrix}=ad-bc", "-")],
        id="display-block",
    ),
    pytest.param(
        "Before\n\n$$\nx_i\n$$\n\nAfter",
        [("block", "x_i", "-")],
        id="display-block-between-paragraphs",
    ),
    pytest.param(
        "The energy is\n$$\nE = mc^2\n$$\nfor a body at rest.",
        [("display", "E = mc^2", "p")],
        id="display-inside-a-paragraph",
    ),
    pytest.param(
        "- the line\n  $$\n  y = mx + b\n  $$\n- next item",
        [("display", "y = mx + b", "li")],
        id="display-inside-a-list-item",
    ),
    pytest.param(
        "a $$ x \\text{cost $5} $$ b",
        [("display", "x \\text{cost $5}", "p")],
        id="dollar-inside-text-in-display-in-a-paragraph",
    ),
    pytest.param(
        "$$\n\\text{costs $5 today}\n$$",
        [("block", "\\text{costs $5 today}", "-")],
        id="dollar-inside-text-in-a-display-block",
    ),
    pytest.param("$a$ and $b_1$", [("inline", "a", "p"), ("inline", "b_1", "p")], id="two-inline"),
    pytest.param("Price \\$5 and \\$10.", [], id="escaped-dollars"),
    pytest.param("It costs $5 and $10 later.", [], id="prices-are-not-math"),
    pytest.param("a $ x $ b", [], id="space-inside-dollars-is-not-math"),
    pytest.param("`$x$` and `$$y$$` in code", [], id="code-span"),
    pytest.param("```\n$x$ and $$y$$\n```", [], id="backtick-fence"),
    pytest.param("~~~\n$$\nx\n$$\n~~~", [], id="tilde-fence"),
    pytest.param("    $x$ indented code", [], id="indented-code"),
    pytest.param(
        "> [!note] Energy\n> $$\n> E = mc^2\n> $$",
        [("display", "E = mc^2", "p")],
        id="display-right-under-a-callout-title",
    ),
    pytest.param(
        "> [!note] Energy\n>\n> $$\n> E = mc^2\n> $$",
        [("block", "E = mc^2", "div")],
        id="display-block-in-a-callout",
    ),
]


@pytest.mark.parametrize(("source", "expected"), MATH)
def test_math(source: str, expected: list[tuple[str, str, str]]) -> None:
    html = render(source)
    assert maths(html) == expected
    if not expected:
        assert "$" in BeautifulSoup(html, "html.parser").get_text()
    assert "<em>" not in html  # `_` and `*` in TeX are never emphasis


def test_math_text_keeps_its_surroundings() -> None:
    paragraph = soup("The energy is\n$$\nE = mc^2\n$$\nfor a body at rest.").p
    assert paragraph is not None
    text = own_text(paragraph)
    assert text.startswith("The energy is") and text.endswith("for a body at rest.")


# -- line breaks --------------------------------------------------------------------------------

LINE_BREAKS = [
    pytest.param(
        "[5] a\n[9] b\n[11] c",
        None,
        ["p: [5] a ↵ [9] b ↵ [11] c"],
        id="default-references-stay-lines",
    ),
    pytest.param(
        "[5] a\n[9] b\n[11] c", STRICT, ["p: [5] a [9] b [11] c"], id="strict-references-join"
    ),
    pytest.param(
        "line one\nline two", None, ["p: line one ↵ line two"], id="default-single-newline"
    ),
    pytest.param(
        "line one\nline two", STRICT, ["p: line one line two"], id="strict-single-newline"
    ),
    pytest.param(
        "line three  \nline four", STRICT, ["p: line three ↵ line four"], id="strict-two-spaces"
    ),
    pytest.param(
        "line three\\\nline four", STRICT, ["p: line three ↵ line four"], id="strict-backslash"
    ),
    pytest.param("line five\n\nline six", None, ["p: line five", "p: line six"], id="blank-line"),
    pytest.param(
        "line five\n\n\n\nline six", STRICT, ["p: line five", "p: line six"], id="many-blank-lines"
    ),
    pytest.param(
        "- one\n  still one", None, ["ul", "  li: one ↵ still one"], id="default-in-a-list-item"
    ),
    pytest.param(
        "> [!note]\n> first\n> second",
        None,
        ["div", "  p: Note", "  p: first ↵ second"],
        id="default-in-a-callout",
    ),
]


@pytest.mark.parametrize(("source", "settings", "expected"), LINE_BREAKS)
def test_line_breaks(source: str, settings: ReadingSettings | None, expected: list[str]) -> None:
    assert outline(render(source, settings)) == expected


# -- heading ids --------------------------------------------------------------------------------

HEADING_IDS = [
    pytest.param("# The `code` part", ["the-code-part"], id="code"),
    pytest.param("# Energy $E=mc^2$ at rest", ["energy-emc2-at-rest"], id="math"),
    pytest.param("# See [the docs](https://example.com) now", ["see-the-docs-now"], id="link"),
    pytest.param("# A [[Wiki note]] heading", ["a-wiki-note-heading"], id="wiki-link"),
    pytest.param("# Salt &amp; pepper", ["salt-pepper"], id="entity"),
    pytest.param("# AT&T", ["att"], id="ampersand"),
    pytest.param("# snake_case_name", ["snake_case_name"], id="underscores-kept"),
    pytest.param("# _Why_ it works", ["why-it-works"], id="underscore-emphasis"),
    pytest.param("# ==marked== **bold** *em*", ["marked-bold-em"], id="marks"),
    pytest.param("# Tagged #topic heading", ["tagged-topic-heading"], id="tag"),
    pytest.param("# Step 1: go!", ["step-1-go"], id="punctuation"),
    pytest.param("# a -- b", ["a-b"], id="dashes-collapse"),
    pytest.param("# Über Straße", ["über-straße"], id="german"),
    pytest.param("# Διανύσματα και πίνακες", ["διανύσματα-και-πίνακες"], id="greek"),
    pytest.param("# 数学 ノート", ["数学-ノート"], id="cjk"),
    pytest.param("# Same\n## Same\n### Same", ["same", "same_1", "same_2"], id="duplicates"),
    pytest.param("# Sam\n# Sam_1\n# Sam", ["sam", "sam_1", "sam_2"], id="duplicate-of-a-numbered"),
    pytest.param("Title\n=====\n\nSub\n---", ["title", "sub"], id="setext"),
]


@pytest.mark.parametrize(("source", "expected"), HEADING_IDS)
def test_heading_ids(source: str, expected: list[str]) -> None:
    headings = soup(source).find_all(re.compile(r"^h[1-6]$"))
    assert [heading.get("id") for heading in headings] == expected
    for heading in headings:
        link = heading.find("a", class_="headerlink")
        assert link is not None and link.get("href") == f"#{heading['id']}"


# -- raw HTML -----------------------------------------------------------------------------------

RAW_HTML = [
    pytest.param(
        "<div>\nThis **will not** be bold.\n</div>",
        "div",
        "This **will not** be bold.",
        id="markdown-inside-a-block-is-text",
    ),
    pytest.param(
        "<div>\n\n*This* is Markdown.\n\n</div>",
        "div > p > em",
        "This",
        id="markdown-after-a-blank-line-is-parsed",
    ),
    pytest.param(
        "<details><summary>More</summary>\n\nHidden **text**\n\n</details>",
        "details > p > strong",
        "text",
        id="details-with-markdown-body",
    ),
    pytest.param("Press <kbd>Ctrl</kbd> + <kbd>C</kbd>.", "p > kbd", "Ctrl", id="inline-tag"),
    pytest.param(
        "<table>\n<tr><td>*cell*</td></tr>\n</table>", "table td", "*cell*", id="table-block"
    ),
]


@pytest.mark.parametrize(("source", "selector", "text"), RAW_HTML)
def test_raw_html_follows_commonmark(source: str, selector: str, text: str) -> None:
    found = soup(source).select_one(selector)
    assert found is not None
    assert own_text(found) == text


def test_html_comment_is_kept_as_a_comment() -> None:
    page = soup("<!-- hidden -->\ntext")
    assert [str(c) for c in page.find_all(string=lambda s: isinstance(s, Comment))] == [" hidden "]
    assert page.get_text().strip() == "text"


# -- callouts -----------------------------------------------------------------------------------


def callout(html: str) -> dict[str, Any]:
    """The first callout: its element, classes, open state, title HTML and body outline."""
    root = BeautifulSoup(html, "html.parser").find(["div", "details"])
    assert isinstance(root, Tag), html
    title = root.find("summary" if root.name == "details" else "p", recursive=False)
    assert isinstance(title, Tag), html
    if root.name == "div":
        assert title.get("class") == ["admonition-title"]
    body = [child for child in root.children if isinstance(child, Tag) and child is not title]
    return {
        "tag": root.name,
        "classes": " ".join(root.get("class") or []),
        "open": root.get("open"),
        "title": title.decode_contents(),
        "body": outline("".join(str(child) for child in body)),
    }


CALLOUTS = [
    pytest.param(
        "> [!info]\n> Here's a callout block.\n> It supports **Markdown**.",
        {
            "tag": "div",
            "classes": "admonition info",
            "open": None,
            "title": "Info",
            "body": ["p: Here's a callout block. ↵ It supports Markdown."],
        },
        id="default-title-is-the-type",
    ),
    pytest.param(
        "> [!tip] Callouts can have custom titles\n> Like this one.",
        {
            "tag": "div",
            "classes": "admonition tip",
            "open": None,
            "title": "Callouts can have custom titles",
            "body": ["p: Like this one."],
        },
        id="custom-title",
    ),
    pytest.param(
        "> [!tip] Title-only callout",
        {
            "tag": "div",
            "classes": "admonition tip",
            "open": None,
            "title": "Title-only callout",
            "body": [],
        },
        id="title-only",
    ),
    pytest.param(
        "> [!faq]- Are callouts foldable?\n> Yes!",
        {
            "tag": "details",
            "classes": "faq",
            "open": None,
            "title": "Are callouts foldable?",
            "body": ["p: Yes!"],
        },
        id="folded-with-minus",
    ),
    pytest.param(
        "> [!faq]+ Open by default\n> Shown.",
        {
            "tag": "details",
            "classes": "faq",
            "open": "open",
            "title": "Open by default",
            "body": ["p: Shown."],
        },
        id="expanded-with-plus",
    ),
    pytest.param(
        "> [!todo]-\n> Folded, no title.",
        {
            "tag": "details",
            "classes": "todo",
            "open": None,
            "title": "Todo",
            "body": ["p: Folded, no title."],
        },
        id="folded-default-title",
    ),
    pytest.param(
        "> [!warning] A **bold** title with `code` and $x$\n> Body.",
        {
            "tag": "div",
            "classes": "admonition warning",
            "open": None,
            "title": "A <strong>bold</strong> title with <code>code</code> and "
            '<span class="arithmatex" data-search-exclude="">\\(x\\)</span>',
            "body": ["p: Body."],
        },
        id="title-with-markdown",
    ),
    pytest.param(
        "> [!TIP] Shouting\n> Body.",
        {
            "tag": "div",
            "classes": "admonition tip",
            "open": None,
            "title": "Shouting",
            "body": ["p: Body."],
        },
        id="type-is-case-insensitive",
    ),
    pytest.param(
        "> [!custom-question-type] Custom\n> Body.",
        {
            "tag": "div",
            "classes": "admonition note lg-callout-custom-question-type",
            "open": None,
            "title": "Custom",
            "body": ["p: Body."],
        },
        id="unknown-type-reads-as-note",
    ),
    pytest.param(
        "> [!summary]\n> Short.",
        {
            "tag": "div",
            "classes": "admonition summary",
            "open": None,
            "title": "Summary",
            "body": ["p: Short."],
        },
        id="alias-type",
    ),
    pytest.param(
        "> [!note]\n> - a list\n> - in a callout\n>\n> ```\n> code\n> ```",
        {
            "tag": "div",
            "classes": "admonition note",
            "open": None,
            "title": "Note",
            "body": ["ul", "  li: a list", "  li: in a callout", "div", "  pre: code"],
        },
        id="list-and-code-in-the-body",
    ),
]


@pytest.mark.parametrize(("source", "expected"), CALLOUTS)
def test_callouts(source: str, expected: dict[str, Any]) -> None:
    assert callout(render(source)) == expected


def test_nested_callouts() -> None:
    html = render(
        "> [!question] Can callouts be nested?\n"
        "> > [!todo] Yes!, they can.\n"
        "> > > [!example]  You can even use multiple layers of nesting."
    )
    outer = callout(html)
    assert (outer["classes"], outer["title"]) == ("admonition question", "Can callouts be nested?")
    page = BeautifulSoup(html, "html.parser")
    chain = [
        (div["class"], div.find("p", class_="admonition-title", recursive=False).get_text())
        for div in page.select("div.admonition")
    ]
    assert chain == [
        (["admonition", "question"], "Can callouts be nested?"),
        (["admonition", "todo"], "Yes!, they can."),
        (["admonition", "example"], "You can even use multiple layers of nesting."),
    ]
    assert page.select_one("div.question > div.todo > div.example") is not None
    assert page.find("blockquote") is None


def test_quote_with_a_marker_on_a_later_line_is_a_quote() -> None:
    assert outline(render("> Plain quote\n> [!note] not a header")) == [
        "blockquote",
        "  p: Plain quote ↵ [!note] not a header",
    ]


# -- comments -----------------------------------------------------------------------------------

COMMENTS = [
    pytest.param("This is an %%inline%% comment.", "This is an comment.", "inline", id="inline"),
    pytest.param(
        "Before\n\n%%\nThis is a block comment.\n\n"
        "Block comments can span multiple lines.\n%%\n\nAfter",
        "Before After",
        "block comment",
        id="block-across-paragraphs",
    ),
    pytest.param("a %%one%% b %%two%% c", "a b c", "one", id="two-on-a-line"),
    pytest.param(
        "- one\n- two %%hidden%%\n- three", "one two three", "hidden", id="in-a-list-item"
    ),
    pytest.param(
        "%%comment with `code` inside%% visible", "visible", "code", id="code-span-inside-a-comment"
    ),
    pytest.param(
        "Shown %% from here\nnothing\n\n- shows\n\n# again",
        "Shown",
        "nothing",
        id="unclosed-hides-the-rest",
    ),
    pytest.param("`%%kept%%` in code", "%%kept%% in code", None, id="kept-in-a-code-span"),
    pytest.param(
        "```\n%% kept in a fence %%\n```", "%% kept in a fence %%", None, id="kept-in-a-fence"
    ),
]


@pytest.mark.parametrize(("source", "shown", "hidden"), COMMENTS)
def test_comments(source: str, shown: str, hidden: str | None) -> None:
    text = re.sub(r"\s+", " ", soup(source).get_text()).strip()
    assert text == shown
    if hidden is not None:
        assert hidden not in render(source)


# -- highlights ---------------------------------------------------------------------------------

HIGHLIGHTS = [
    pytest.param("==Highlighted text==", ["Highlighted text"], id="plain"),
    pytest.param("a ==one== and ==two== b", ["one", "two"], id="two"),
    pytest.param(
        "==mark with **bold**==", ["mark with <strong>bold</strong>"], id="markdown-inside"
    ),
    pytest.param("**Bold ==and marked==**", ["and marked"], id="inside-bold"),
    pytest.param("`==code==`", [], id="not-in-code"),
    pytest.param("==not closed", [], id="unclosed"),
    pytest.param("a === b", [], id="three-equals"),
]


@pytest.mark.parametrize(("source", "expected"), HIGHLIGHTS)
def test_highlights(source: str, expected: list[str]) -> None:
    assert [mark.decode_contents() for mark in soup(source).find_all("mark")] == expected


# -- tags ---------------------------------------------------------------------------------------

TAGS = [
    pytest.param("#meeting notes", ["#meeting"], id="at-the-start"),
    pytest.param("notes from the #meeting today", ["#meeting"], id="mid-line"),
    pytest.param(
        "#inbox/to-read and #inbox/processing", ["#inbox/to-read", "#inbox/processing"], id="nested"
    ),
    pytest.param(
        "#camelCase #PascalCase #snake_case #kebab-case",
        ["#camelCase", "#PascalCase", "#snake_case", "#kebab-case"],
        id="word-styles",
    ),
    pytest.param("#1984 is not a tag but #y1984 is", ["#y1984"], id="needs-a-non-digit"),
    pytest.param("#123", [], id="digits-only"),
    pytest.param("#über and #数学", ["#über", "#数学"], id="letters-of-any-script"),
    pytest.param("end of a sentence #done.", ["#done"], id="stops-at-a-period"),
    pytest.param("a#b is not a tag", [], id="inside-a-word"),
    pytest.param("see https://example.com/page#section", [], id="in-a-bare-url"),
    pytest.param("[a link](https://example.com/#frag)", [], id="in-a-link-destination"),
    pytest.param("<https://example.com/#frag>", [], id="in-an-autolink"),
    pytest.param("[[Note#Heading]]", [], id="in-a-wiki-link"),
    pytest.param("`#code`", [], id="in-a-code-span"),
    pytest.param("\\#escaped", [], id="escaped"),
    pytest.param("# Heading", [], id="heading-marker"),
    pytest.param("## Heading with #tag", ["#tag"], id="in-a-heading"),
]


@pytest.mark.parametrize(("source", "expected"), TAGS)
def test_tags(source: str, expected: list[str]) -> None:
    assert [tag.get_text() for tag in soup(source).select("a.lg-tag")] == expected


def test_bare_url_is_a_link() -> None:
    link = soup("see https://example.com/page#section").find("a")
    assert link is not None and link.get("href") == "https://example.com/page#section"


def test_bare_url_text_is_kept_whole() -> None:
    assert (
        "https://example.com/page#section"
        in soup("see https://example.com/page#section").get_text()
    )


# -- block ids ----------------------------------------------------------------------------------

BLOCK_IDS = [
    pytest.param(
        "A paragraph with an id ^para-1",
        [("p", "^para-1", "A paragraph with an id")],
        id="paragraph",
    ),
    pytest.param(
        "Two lines\nthe second ^two",
        [("p", "^two", "Two lines ↵ the second")],
        id="multi-line-paragraph",
    ),
    pytest.param("- first item ^item1\n- second", [("li", "^item1", "first item")], id="list-item"),
    pytest.param(
        "> a quote\n\n^quote-id", [("blockquote", "^quote-id", "")], id="quote-by-a-lone-line"
    ),
    pytest.param(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n^table-id",
        [("table", "^table-id", "")],
        id="table-by-a-lone-line",
    ),
    pytest.param("> [!note] Title\n> body ^cid", [("p", "^cid", "body")], id="in-a-callout"),
    pytest.param("Line one ^notid here", [], id="not-mid-line"),
    pytest.param("```\ncode ^notid\n```", [], id="not-in-code"),
]


@pytest.mark.parametrize(("source", "expected"), BLOCK_IDS)
def test_block_ids(source: str, expected: list[tuple[str, str, str]]) -> None:
    found = [
        (element.name, element["id"], own_text(element) if element.name in ("p", "li") else "")
        for element in soup(source).find_all(id=re.compile(r"^\^"))
    ]
    assert found == expected
    assert all("^" not in text for _, _, text in found)
