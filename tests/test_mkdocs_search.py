"""The fast search splitter finds exactly the sections Material's own search parser finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser

from livegarden.mkdocs_search import search_sections
from scripts.bench_vault import derive_config, run_build
from scripts.synthetic_vault import generate_vault
from tests.conftest import REPO


def material_sections(html: str) -> object:
    parser = Parser()
    try:
        parser.feed(html)
        parser.close()
    except ValueError:  # Material's parser gives up on some broken nesting; so must we
        return "raised"
    return describe(parser.data)


def fast_sections(html: str) -> object:
    try:
        found = search_sections(html)
    except ValueError:
        return "raised"
    return None if found is None else describe(found)


def describe(sections: list[object]) -> list[tuple[object, ...]]:
    return [
        (s.el.tag, s.id, s.depth, "".join(s.title), "".join(s.text), s.is_excluded())
        for s in sections
    ]


CASES = {
    "paragraphs": "<p>One</p>\n<p>Two &amp; three</p>",
    "headings-with-permalinks": (
        '<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1><p>a</p>'
        '<h2 id="s">Sub &lt;x&gt;<a class="headerlink" href="#s">¶</a></h2><p>b</p>'
    ),
    "preface-before-h2": '<p>before</p><h2 id="x">X</h2><p>after</p>',
    "heading-without-id": "<h2>No id</h2><p>text</p>",
    "excluded-section": (
        '<p>keep</p><section class="lg-backlinks" data-search-exclude><h2>Backlinks</h2>'
        "<ul><li>gone</li></ul></section><p>kept again</p>"
    ),
    "nested-excluded-divs": "<div data-search-exclude><div>in</div>still?</div><p>out</p>",
    "pre-keeps-whitespace": "<pre><code>a  =  1\n\n  b = 2\n</code></pre><p>x\ny</p>",
    "void-and-self-closing": '<p>a<br/>b<br>c<img src="x.png" alt="1"><span/>d</p>',
    "uppercase-tags": '<P>Up</P><H2 ID="u">Upper</H2><LI>item</LI>',
    "attribute-with-angle-bracket": '<p><a href="y" title="a > b">link</a> after</p>',
    "line-numbers-skipped": '<table class="linenodiv"><tr><td>1 2 3</td></tr></table><p>code</p>',
    "heading-nested-in-div": '<div><h2 id="in">Inside</h2><p>a</p></div><p>b</p>',
    "comments-dropped": "<p>a<!-- hidden <p>not a tag</p> -->b</p>",
    "entities": "<p>&copy; &#169; &nbsp;x &lt;tag&gt; a&amp;b</p>",
    "empty-kept-tag-removed": "<p>  </p><ul>\n</ul><p>real</p>",
}


@pytest.mark.parametrize("html", CASES.values(), ids=CASES.keys())
def test_same_sections_as_material(html: str) -> None:
    assert fast_sections(html) == material_sections(html)


FALLBACK = {
    "script-body": "<p>a</p><script>if (a < b) {}</script>",
    "style-body": "<style>p > a { }</style><p>x</p>",
    "doctype": "<!DOCTYPE html><p>x</p>",
    "stray-less-than": "<p>a < b</p>",
    "processing-instruction": "<?xml version='1.0'?><p>x</p>",
}


@pytest.mark.parametrize("html", FALLBACK.values(), ids=FALLBACK.keys())
def test_unusual_markup_falls_back_to_material(html: str) -> None:
    assert search_sections(html) is None


PIECES = [
    "<p>", "</p>", '<h2 id="a&amp;b">', "</h2>", "<h1 id='x'>", "</h1>", "<h3>", "</h3>",
    "<pre>", "</pre>", "<code>", "</code>", "<div data-search-exclude>", "</div>", "<div>",
    '<a class="headerlink" href="#x">', "</a>", "<a href='y' title=\"a > b\">", "<br/>",
    "<img src=x alt='1'>", "<LI>", "</li>", "<ul>", "</UL>", "<span/>", "text", " ", "\n",
    "  \n ", "a &lt; b", "&amp;", "&nbsp;x", "<!-- c -->", '<table class="linenodiv">',
    "</table>", "<sub>", "</sub>", '<section data-search-exclude="">', "</section>",
    '<h2 id=b class="c">', "&#169;", "x&y", "<em>", "</em>", '<h6 ID="U">', "</h6>",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_same_sections_on_generated_html(pieces: list[str]) -> None:
    html = "".join(pieces)
    assert fast_sections(html) == material_sections(html)


HOOK = """
from mkdocs.plugins import event_priority
from livegarden.mkdocs_search import SearchAccelerator

accelerator = SearchAccelerator()


@event_priority(50)
def on_page_context(context, page, config, nav):
    accelerator.page_context(page, config.plugins.get("material/search"))
    return context


def on_post_page(output, page, config):
    accelerator.post_page()
    return output
"""


def test_search_index_is_byte_identical_in_a_real_build(tmp_path: Path) -> None:
    vault = generate_vault(tmp_path / "vault", 30)
    config = derive_config(REPO / "mkdocs.yml", vault.root, "livegarden")
    (tmp_path / "hook.py").write_text(HOOK, "utf-8")
    (tmp_path / "material.yml").write_text(config, "utf-8")
    (tmp_path / "fast.yml").write_text(config + f"hooks:\n- {tmp_path / 'hook.py'}\n", "utf-8")
    slow = run_build(tmp_path / "material.yml", tmp_path, "material", 30, 0, keep_site=True)
    fast = run_build(tmp_path / "fast.yml", tmp_path, "fast", 30, 0, keep_site=True)
    assert slow.returncode == 0 and fast.returncode == 0
    index = "search/search_index.json"
    expected = (tmp_path / "site-material" / index).read_bytes()
    assert (tmp_path / "site-fast" / index).read_bytes() == expected
    assert b"Backlinks" not in expected  # excluded sections stay out either way
