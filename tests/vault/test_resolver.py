"""Link resolution as Obsidian does it: a table of links written in a small real vault."""

from __future__ import annotations

from pathlib import Path

import pytest

from livegarden.vault.index import VaultIndex
from livegarden.vault.resolver import Resolved, ResolvedFile, Unpublished, Unresolved
from livegarden.vault.syntax import parse_markdown_href, parse_wikilink
from tests.reading.helpers import PUBLISHED, make_vault

NOTE_BODY = """# Note

## Setup

### Details

A paragraph with an id. ^blk1

## Usage

### Details

## The **bold** `code` part

- an item ^item-2
"""

VAULT = {
    "Home.md": "---\ndg-publish: true\ndg-home: true\n---\n# Home\n",
    "AI/Note.md": PUBLISHED + NOTE_BODY,
    "AI/Deep/Note.md": PUBLISHED + "# Deeper note\n",
    "AI/Source.md": PUBLISHED + "text\n",
    "AI/Local.md": PUBLISHED + "local in AI\n",
    "AI/Sub/Rel.md": PUBLISHED + "relative\n",
    "Local.md": PUBLISHED + "local at the root\n",
    "A/Zeta.md": PUBLISHED + "one\n",
    "B/Zeta.md": PUBLISHED + "two\n",
    "Math/Linear Algebra.md": "---\ndg-publish: true\naliases: [LA, Lin Alg]\n---\n# LA\n",
    "Private/Secret.md": "---\ndg-publish: false\n---\nsecret\n",
    "attachments/pic one.png": "not really a png",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> VaultIndex:
    return make_vault(tmp_path_factory.mktemp("vault"), VAULT)


CASES = [
    # id, source, written, kind, path, fragment
    ("same-folder-first", "AI/Source.md", "Note", Resolved, "AI/Note.md", ""),
    ("shortest-path-from-root", "Home.md", "Note", Resolved, "AI/Note.md", ""),
    ("any-case", "Home.md", "nOtE", Resolved, "AI/Note.md", ""),
    ("md-suffix", "Home.md", "Note.md", Resolved, "AI/Note.md", ""),
    ("partial-path-suffix", "Home.md", "Deep/Note", Resolved, "AI/Deep/Note.md", ""),
    ("full-path", "Home.md", "AI/Deep/Note", Resolved, "AI/Deep/Note.md", ""),
    ("full-path-any-case", "Home.md", "ai/deep/note.md", Resolved, "AI/Deep/Note.md", ""),
    ("exact-path-beats-folder", "AI/Source.md", "Local", Resolved, "Local.md", ""),
    ("relative-to-folder", "AI/Source.md", "Sub/Rel", Resolved, "AI/Sub/Rel.md", ""),
    ("dot-dot", "AI/Sub/Rel.md", "../Source", Resolved, "AI/Source.md", ""),
    ("heading", "Home.md", "Note#Usage", Resolved, "AI/Note.md", "usage"),
    ("heading-any-case", "Home.md", "Note#usage", Resolved, "AI/Note.md", "usage"),
    ("nested-heading-first", "Home.md", "Note#Setup#Details", Resolved, "AI/Note.md", "details"),
    ("nested-heading-second", "Home.md", "Note#Usage#Details", Resolved, "AI/Note.md", "details_1"),
    ("block", "Home.md", "Note#^blk1", Resolved, "AI/Note.md", "^blk1"),
    (
        "formatted-heading",
        "Home.md",
        "Note#The **bold** `code` part",
        Resolved,
        "AI/Note.md",
        "the-bold-code-part",
    ),
    (
        "heading-by-id",
        "Home.md",
        "Note#the-bold-code-part",
        Resolved,
        "AI/Note.md",
        "the-bold-code-part",
    ),
    ("block-in-list", "Home.md", "Note#^item-2", Resolved, "AI/Note.md", "^item-2"),
    ("same-page-heading", "AI/Note.md", "#Setup", Resolved, "AI/Note.md", "setup"),
    ("alias", "Home.md", "LA", Resolved, "Math/Linear Algebra.md", ""),
    ("alias-with-space", "Home.md", "lin alg", Resolved, "Math/Linear Algebra.md", ""),
    ("unpublished", "Home.md", "Secret", Unpublished, "Private/Secret.md", ""),
    ("unresolved", "Home.md", "Nothing Here", Unresolved, None, ""),
    ("attachment-by-name", "Home.md", "pic one.png", ResolvedFile, "attachments/pic one.png", ""),
]


@pytest.mark.parametrize(
    ("source", "written", "kind", "path", "fragment"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_wikilink_resolution(index, source, written, kind, path, fragment):
    outcome = index.resolver.resolve(parse_wikilink(written), index.notes[source])
    assert isinstance(outcome, kind)
    if isinstance(outcome, Resolved):
        assert (outcome.note.path, outcome.fragment, outcome.problem) == (path, fragment, None)
    elif isinstance(outcome, Unpublished):
        assert outcome.note.path == path
    elif isinstance(outcome, ResolvedFile):
        assert outcome.path == path


MARKDOWN_CASES = [
    ("relative-first", "AI/Source.md", "Local.md", "AI/Local.md", ""),
    ("parent-folder", "AI/Source.md", "../Local.md", "Local.md", ""),
    ("percent-encoded", "Home.md", "Math/Linear%20Algebra.md", "Math/Linear Algebra.md", ""),
    ("obsidian-shortest-path", "Home.md", "Linear%20Algebra.md", "Math/Linear Algebra.md", ""),
    ("with-fragment", "Home.md", "AI/Note.md#Usage", "AI/Note.md", "usage"),
]


@pytest.mark.parametrize(
    ("source", "href", "path", "fragment"),
    [case[1:] for case in MARKDOWN_CASES],
    ids=[case[0] for case in MARKDOWN_CASES],
)
def test_markdown_link_resolution(index, source, href, path, fragment):
    target = parse_markdown_href(href)
    assert target is not None
    outcome = index.resolver.resolve(target, index.notes[source], markdown=True)
    assert isinstance(outcome, Resolved)
    assert (outcome.note.path, outcome.fragment) == (path, fragment)


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("Zeta", "is ambiguous: it matches A/Zeta.md and B/Zeta.md; linked to A/Zeta.md"),
        ("Note#Nowhere", "has no heading 'Nowhere' in AI/Note.md"),
        ("Note#^nope", "has no block ^nope in AI/Note.md"),
    ],
    ids=["ambiguous-name", "missing-heading", "missing-block"],
)
def test_imprecise_links_still_resolve_and_say_why(index, written, problem):
    outcome = index.resolver.resolve(parse_wikilink(written), index.notes["Home.md"])
    assert isinstance(outcome, Resolved)
    assert outcome.problem == problem


@pytest.mark.parametrize(
    ("written", "suggestion"),
    [
        ("Noet", "Note"),
        ("Target Nte", None),
        ("Linear Algebro", "Linear Algebra"),
        ("Lineer Algebre", "Linear Algebra"),
        ("Secret", None),
        ("Secrets", None),
    ],
    ids=[
        "one-edit",
        "nothing-close",
        "typo-in-long-name",
        "two-typos",
        "unpublished",
        "near-unpublished",
    ],
)
def test_did_you_mean_only_suggests_published_notes(index, written, suggestion):
    assert index.resolver.suggest(written) == suggestion


def test_unresolved_keeps_what_was_written(index):
    outcome = index.resolver.resolve(parse_wikilink("Nothing|x"), index.notes["Home.md"])
    assert outcome == Unresolved("Nothing")


@pytest.mark.parametrize(
    ("inner", "path", "headings", "block", "alias"),
    [
        ("Note", "Note", (), None, None),
        ("Note|shown", "Note", (), None, "shown"),
        ("Note\\|shown", "Note", (), None, "shown"),
        ("Folder/Note#H1#H2|x", "Folder/Note", ("H1", "H2"), None, "x"),
        ("Note#^abc", "Note", (), "abc", None),
        ("#Heading", "", ("Heading",), None, None),
    ],
    ids=["plain", "alias", "escaped-pipe", "path-nested-headings-alias", "block", "self-heading"],
)
def test_parse_wikilink(inner, path, headings, block, alias):
    target = parse_wikilink(inner)
    assert (target.path, target.headings, target.block, target.alias) == (
        path,
        headings,
        block,
        alias,
    )


def test_every_link_of_a_larger_vault_lands_in_the_graph(tmp_path: Path):
    """500 notes in 20 folders, each linking the next by name: 500 edges each way."""
    notes = {f"F{i % 20}/N{i}.md": PUBLISHED + f"[[N{(i + 1) % 500}]]\n" for i in range(500)}
    index = make_vault(tmp_path, notes)
    assert all(len(index.links_out[path]) == 1 for path in notes)
    assert len(index.links_in) == 500
