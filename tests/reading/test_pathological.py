"""No note makes the parser superlinear, crash or drop text: pathological inputs of about 200 KB
each go through the index and the renderer within a generous time bound per megabyte (an
exponential regular expression takes minutes here, a linear pass a fraction of a second)."""

from __future__ import annotations

import time

import pytest

from tests.reading.helpers import PUBLISHED, Renderer, make_vault

# Linear, with markdown-it's own constant: at every `[` its link rule looks ahead up to the
# nesting limit (plain markdown-it CommonMark takes about 3 s/MB of brackets here). Anything
# superlinear takes minutes on these inputs.
SECONDS_PER_MB = 100.0

CASES = {
    "nested-list-400": "".join("  " * i + f"- item{i}\n" for i in range(400)),
    "nested-quotes-5000": "> " * 5000 + "deepest text\n",
    "nested-quotes-with-comment": ("> " * 30 + "text %% open\n") * 200,
    "nested-callouts": "".join("> " * i + "[!note] level\n" for i in range(1, 300)),
    "brackets": "[" * 50_000 + "x" + "]" * 50_000,
    "wikilink-openers": "[[" * 50_000,
    "emphasis": "*a " * 60_000,
    "dollars": "$" * 100_000 + " a $x$",
    "highlights": "==" * 100_000,
    "hashes": "#a" * 100_000,
    "backticks": "`" * 100_000,
    "comment-code-mix": "%%`" * 60_000,
    "pipes-table": "|" * 1000 + "\n" + "|---" * 300 + "|\n" + ("| x " * 300 + "|\n") * 150,
    "fence-like": "```python exec\n" * 10_000,
}


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_pathological_notes_are_linear_and_lose_nothing(tmp_path, text):
    started = time.perf_counter()
    index = make_vault(tmp_path, {"N.md": PUBLISHED + text})
    html = Renderer(index).render("N.md")
    elapsed = time.perf_counter() - started
    megabytes = len(text.encode()) / 1e6
    assert elapsed < max(1.0, SECONDS_PER_MB * megabytes), f"{elapsed:.2f} s"
    assert isinstance(html, str)


def test_text_nested_too_deep_is_shown_flat_with_a_warning(tmp_path):
    index = make_vault(
        tmp_path,
        {"N.md": PUBLISHED + CASES["nested-list-400"] + "\n" + CASES["nested-quotes-5000"]},
    )
    html = Renderer(index).render("N.md")
    assert "item399" in html and "deepest text" in html, "nothing past the limit is lost"
    (problem,) = index.problems
    assert problem.line == 4 + 21 and "nest deeper than livegarden shows" in problem.message


@pytest.mark.parametrize("text", ["[[==[[==", "[a ==b]==c", "[x==y==](u)", "[==a==](u) ==c=="])
def test_a_highlight_inside_a_link_label_never_stalls_the_parser(text: str) -> None:
    # Found by the privacy fuzz test: markdown-it skips over a link label's tokens in silent
    # mode, and a rule that matched there without moving on made it raise.
    from livegarden.reading.parser import NoteParser

    inline = NoteParser().parse(text)[1]
    shown = "".join(child.content for child in inline.children or [])
    # every letter is still there (the URL `u` of a link is an attribute, not text)
    assert [c for c in shown if c.isalnum()] == [c for c in text if c.isalnum() and c != "u"]
