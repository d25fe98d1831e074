"""Which notes each publish mode makes pages, as the tools a vault comes from read the same
keys: Digital Garden's `dg-publish`, Obsidian Publish's `publish` property, Quartz's
ExplicitPublish (`publish: true`) and its default RemoveDrafts filter (`draft: true`)."""

from __future__ import annotations

import json

import pytest

from tests.reading.helpers import Renderer, make_vault

NOTES = {
    "plain.md": "no frontmatter\n",
    "garden.md": "---\ndg-publish: true\n---\n",
    "publish.md": "---\npublish: true\n---\n",
    "publish-string.md": '---\npublish: "true"\n---\n',
    "private-dg.md": "---\ndg-publish: false\n---\n",
    "private-publish.md": "---\npublish: false\n---\n",
    "draft.md": "---\ndraft: true\n---\n",
    "draft-string.md": '---\ndraft: "true"\n---\n',  # Quartz takes the string too
    "draft-but-garden.md": "---\ndg-publish: true\ndraft: true\n---\n",
    "publish-but-not-dg.md": "---\npublish: true\ndg-publish: false\n---\n",
}


@pytest.mark.parametrize(
    ("mode", "published"),
    [
        ("digital-garden", {"garden.md"}),
        ("explicit", {"garden.md", "publish.md", "publish-string.md"}),
        ("all", {"plain.md", "garden.md", "publish.md", "publish-string.md"}),
    ],
)
def test_each_mode_publishes_what_its_source_tool_would_and_an_opt_out_always_wins(
    tmp_path, mode, published
):
    index = make_vault(tmp_path, NOTES, mode=mode)
    assert {note.path for note in index.published_notes()} == published


def notebook(metadata: dict) -> str:
    return json.dumps({"cells": [], "metadata": metadata, "nbformat": 4, "nbformat_minor": 5})


@pytest.mark.parametrize(
    ("mode", "published"),
    [
        ("digital-garden", {"dg.ipynb", "nested.ipynb"}),
        ("explicit", {"dg.ipynb", "nested.ipynb", "publish.ipynb"}),
        ("all", {"dg.ipynb", "nested.ipynb", "publish.ipynb", "plain.ipynb"}),
    ],
)
def test_notebooks_follow_the_same_rules_through_their_metadata(tmp_path, mode, published):
    notebooks = {
        "dg.ipynb": notebook({"dg-publish": True}),
        "nested.ipynb": notebook({"livegarden": {"dg-publish": True}}),
        "publish.ipynb": notebook({"publish": True}),
        "plain.ipynb": notebook({}),
        "draft.ipynb": notebook({"dg-publish": True, "livegarden": {"draft": True}}),
        "broken.ipynb": "{ not json",
    }
    index = make_vault(tmp_path, notebooks, mode=mode)
    assert {path for path in notebooks if index.is_file_published(path)} == published


@pytest.mark.parametrize(
    ("mode", "target", "hint"),
    [
        ("digital-garden", "---\ntags: [x]\n---\n", "publish it with `dg-publish: true`"),
        ("explicit", "no frontmatter\n", "publish it with `publish: true`"),
        ("explicit", "---\npublish: false\n---\n", "keeps it private"),
        ("all", "---\ndraft: true\n---\n", "keeps it private"),
    ],
)
def test_a_link_to_an_unpublished_note_says_what_would_publish_it_in_this_mode(
    tmp_path, mode, target, hint
):
    notes = {"Shown.md": "---\ndg-publish: true\npublish: true\n---\nSee [[Hidden]].\n"}
    index = make_vault(tmp_path, {**notes, "Hidden.md": target}, mode=mode)
    renderer = Renderer(index)
    renderer.render("Shown.md")
    (warning,) = renderer.records
    assert warning.startswith("Shown.md:5: [[Hidden]] points to an unpublished note")
    assert hint in warning
