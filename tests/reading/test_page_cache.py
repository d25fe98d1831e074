"""Page keys change exactly when a page's HTML may, and the cache file survives or is
ignored, never trusted wrongly."""

from __future__ import annotations

from pathlib import Path

from livegarden.reading.context import SiteLinks
from livegarden.reading.html import RenderedPage
from livegarden.reading.page_cache import PageCache, PageKeys, PageRender, cache_salt
from livegarden.reading.parser import ReadingSettings
from livegarden.vault.publishing import PublishPolicy
from tests.reading.helpers import make_vault

BASE = {
    "A.md": "# A\n\nSee [[B#Method]].\n",
    "B.md": "# B\n\n## Method\n\nWorks.\n",
    "C.md": "# C\n\n![[B#Method]]\n",
    "D.md": "# D\n\nAlone, with [[Nowhere]].\n",
}


def _keys(root: Path, notes: dict[str, str]) -> dict[str, str]:
    index = make_vault(root, notes, mode="all")
    keys = PageKeys(index, SiteLinks())
    return {path: keys.key(note) for path, note in index.notes.items()}


def test_a_prose_edit_changes_the_note_and_its_embedders_only(tmp_path: Path) -> None:
    before = _keys(tmp_path / "one", BASE)
    after = _keys(tmp_path / "two", {**BASE, "B.md": "# B\n\n## Method\n\nWorks well.\n"})
    changed = {path for path in before if before[path] != after[path]}
    assert changed == {"B.md", "C.md"}  # A's link reads B's heading, not its prose


def test_a_renamed_heading_changes_the_notes_linking_to_it(tmp_path: Path) -> None:
    before = _keys(tmp_path / "one", BASE)
    after = _keys(tmp_path / "two", {**BASE, "B.md": "# B\n\n## Approach\n\nWorks.\n"})
    assert {path for path in before if before[path] != after[path]} == {"A.md", "B.md", "C.md"}


def test_a_new_note_changes_the_pages_whose_broken_link_finds_it(tmp_path: Path) -> None:
    before = _keys(tmp_path / "one", BASE)
    after = _keys(tmp_path / "two", {**BASE, "Nowhere.md": "# Found\n"})
    assert {path for path in before if before[path] != after[path]} == {"D.md"}


def test_the_cache_file_round_trips_and_a_damaged_one_is_ignored(tmp_path: Path) -> None:
    salt = cache_salt(PublishPolicy(), ReadingSettings())
    cache = PageCache()
    cache.start_build(tmp_path, salt)
    render = PageRender(RenderedPage("<p>x</p>", [], frozenset({"x"}), "X"), (("X.md", 3, "w"),))
    cache.keep_page("X.md", "key", render)
    cache.save()
    again = PageCache()
    again.start_build(tmp_path, salt)
    assert again.page("X.md", "key") == render
    assert again.page("X.md", "other key") is None
    other = PageCache()
    other.start_build(tmp_path, cache_salt(PublishPolicy(mode="all"), ReadingSettings()))
    assert other.page("X.md", "key") is None  # other settings: nothing reused
    (tmp_path / "pages.pickle").write_bytes(b"\x80\x05broken")
    damaged = PageCache()
    damaged.start_build(tmp_path, salt)
    assert damaged.page("X.md", "key") is None
