"""Backlinks, tags and graph data: pure functions of the index, published notes only."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from livegarden.emitters.backlinks import backlinks_html, context_text
from livegarden.emitters.graph import graph_data, write_graph
from livegarden.emitters.tags import (
    note_tags_html,
    tag_page_markdown,
    tag_source,
    tags_page_markdown,
)
from livegarden.reading.html import render_standalone
from livegarden.vault.index import VaultIndex
from tests.reading.helpers import PUBLISHED, make_vault

VAULT = {
    "A.md": PUBLISHED + "#topic [[B]] [[B#x]] [[Private]] [[A]]\n",
    "B.md": "---\ndg-publish: true\ntags: [topic, ai/nlp]\n---\n# x\n",
    "C.md": "---\ndg-publish: true\ndg-hide-in-graph: true\n---\n[[B]]\n",
    "Private.md": "---\ndg-publish: false\ntags: [secret-tag]\n---\n[[B]] [[A]]\n",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> VaultIndex:
    return make_vault(tmp_path_factory.mktemp("vault"), VAULT)


def test_backlinks_are_published_sources_only(index):
    assert [n.path for n in index.backlinks(index.notes["B.md"])] == ["A.md", "C.md"]
    assert index.backlinks(index.notes["A.md"]) == []  # self-links and private sources do not count
    target = index.notes["B.md"]
    html = backlinks_html(
        index.backlinks(target), lambda n: f"../{n.name}/", lambda n: index.link_context(n, target)
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("section.lg-backlinks > h2").get_text() == "Backlinks"
    assert [(a["href"], a.get_text()) for a in soup.select("ul a")] == [
        ("../A/", "A"),
        ("../C/", "C"),
    ]
    contexts = [span.get_text() for span in soup.select(".lg-backlink-context")]
    assert contexts == ["#topic B B > x Private A", "B"]  # the linking line, as plain text
    assert backlinks_html([], str, str) == ""


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (
            "- See [[Mainfolder/AI/Backpropagation\\|the backward pass]] for **why**.",
            "See the backward pass for why.",
        ),
        (
            "> [!tip] Read [[Calculus for Deep Learning#Gradients]] first ^block-1",
            "Read Calculus for Deep Learning > Gradients first",
        ),
        ("## A ==marked== [link](x.md) and ![[picture.png]] `code`", "A marked link and code"),
        ("1. [ ] task with [[Note|alias]]", "task with alias"),
        ("x " * 150, ("x " * 100).strip() + " …"),
    ],
)
def test_a_backlinks_context_is_its_line_as_plain_text(line: str, shown: str) -> None:
    assert context_text(line) == shown


def test_a_backlinks_context_never_shows_a_comment(tmp_path) -> None:
    vault = make_vault(
        tmp_path,
        {
            "A.md": PUBLISHED + "Public %%secret remark%% words [[B]] here\n",
            "B.md": PUBLISHED + "# B\n",
        },
    )
    line, link = vault.link_context(vault.notes["A.md"], vault.notes["B.md"])
    assert "secret" not in line and "[[B]] here" in line and link == "[[B]]"


def test_a_backlinks_formulas_are_typeset_like_the_pages() -> None:
    from livegarden.emitters.backlinks import _with_math

    assert _with_math("slope $\\lvert z \\rvert$ costs $5 & <b>") == (
        'slope <span class="arithmatex">\\(\\lvert z \\rvert\\)</span> costs $5 &amp; &lt;b&gt;'
    )


def test_a_long_lines_context_is_cut_around_its_link() -> None:
    line = "word " * 80 + "see [[Target|the target]] and " + "more " * 80
    shown = context_text(line, "[[Target|the target]]")
    assert "see the target and" in shown and shown.startswith("… ") and shown.endswith(" …")
    assert len(shown) <= 210


def test_graph_has_published_nodes_and_links_between_them(index, tmp_path):
    data = graph_data(index)
    assert [node["id"] for node in data["nodes"]] == ["A.md", "B.md"]  # C: dg-hide-in-graph
    assert data["links"] == [{"source": "A.md", "target": "B.md"}]
    assert data["nodes"][1] == {
        "id": "B.md",
        "title": "B",
        "url": "B/",
        "tags": ["topic", "ai/nlp"],
    }
    assert data["global"] is None  # no page draws the whole graph
    written = json.loads(write_graph(tmp_path, index, "Graph/").read_text(encoding="utf-8"))
    assert written == {**data, "global": "Graph/"}
    assert (tmp_path / "livegarden/graph.json").is_file()


def test_tags_index_counts_and_a_page_per_tag(index):
    tags = index.tags()
    assert list(tags) == ["ai/nlp", "topic"]  # no tag of the private note
    assert {tag: tag_source(tag) for tag in tags} == {
        "ai/nlp": "tags/ai/nlp.md",
        "topic": "tags/topic.md",
    }
    urls = {"ai/nlp": "tags/ai/nlp/", "topic": "tags/topic/"}
    page = tags_page_markdown(tags, urls, "tags/")
    assert page.splitlines()[4:6] == ["- \\#ai · 1 note", '  - <a href="ai/nlp/">#nlp</a> · 1 note']
    nlp = tag_page_markdown("ai/nlp", tags, urls, "tags/")
    assert nlp.startswith("# Tag: ai/nlp\n\n1 note with the tag ai/nlp.")
    note = index.notes["B.md"]
    href = f"../../../{note.url}"
    assert f'- <a href="{href}">B</a> (<a href="../../topic/">#topic</a>)' in nlp
    assert nlp.rstrip().endswith('<a href="../../">All tags</a>')
    html = note_tags_html(note, lambda tag: f"tags/{tag}/")
    links = BeautifulSoup(html, "html.parser").select("a.lg-tag")
    assert [(a["href"], a.get_text()) for a in links] == [
        ("tags/topic/", "#topic"),
        ("tags/ai/nlp/", "#ai/nlp"),
    ]


def test_a_parent_tag_page_lists_its_nested_tags():
    from livegarden.vault.note import Note

    notes = [
        Note("A.md", "A", True, "A/", tags=("ai",)),
        Note("B.md", "B", True, "B/", tags=("ai/nlp",)),
    ]
    tags = {"ai": [notes[0]], "ai/nlp": [notes[1]]}
    urls = {"ai": "tags/ai/", "ai/nlp": "tags/ai/nlp/"}
    parent = tag_page_markdown("ai", tags, urls, "tags/")
    assert "Nested tags:" in parent and '- <a href="nlp/">#ai/nlp</a> · 1 note' in parent
    assert "Nested tags:" not in tag_page_markdown("ai/nlp", tags, urls, "tags/")


def test_a_tag_page_links_a_notes_other_tags_whatever_their_letter_case():
    from livegarden.vault.note import Note

    first = Note("A.md", "A", True, "A/", tags=("ML",))
    second = Note("B.md", "B", True, "B/", tags=("ml", "x"))  # `ml` is the tag shown as `ML`
    tags = {"ML": [first, second], "x": [second]}
    urls = {"ML": "tags/ml/", "x": "tags/x/"}
    page = tag_page_markdown("x", tags, urls, "tags/")
    assert '- <a href="../../B/">B</a> (<a href="../ml/">#ML</a>)' in page
    ml_page = tag_page_markdown("ML", tags, urls, "tags/")
    assert '- <a href="../../B/">B</a> (<a href="../x/">#x</a>)' in ml_page  # not itself again


def test_the_tags_index_is_a_tree_counting_the_notes_under_each_tag():
    """As Obsidian's tag pane: `#ai/nlp` under `#ai`; a parent counts its own notes and those of
    the tags nested under it, once each; a parent no note has is a name without a page."""
    from livegarden.vault.note import Note

    a = Note("A.md", "A", True, "A/", tags=("ai",))
    b = Note("B.md", "B", True, "B/", tags=("ai/nlp", "ai"))
    c = Note("C.md", "C", True, "C/", tags=("ai/vision/cnn",))
    tags = {"ai": [a, b], "ai/nlp": [b], "ai/vision/cnn": [c], "zoo": [a]}
    urls = {tag: f"tags/{tag}/" for tag in tags}
    lines = tags_page_markdown(tags, urls, "tags/").splitlines()[4:]
    assert lines == [
        '- <a href="ai/">#ai</a> · 3 notes',
        '  - <a href="ai/nlp/">#nlp</a> · 1 note',
        "  - \\#vision · 1 note",
        '    - <a href="ai/vision/cnn/">#cnn</a> · 1 note',
        '- <a href="zoo/">#zoo</a> · 1 note',
    ]
    html = render_standalone("\n".join(lines))
    nested = BeautifulSoup(html, "html.parser").select("ul > li > ul > li > ul > li > a")
    assert [a.get_text() for a in nested] == ["#cnn"]  # the tree is a real nested list
