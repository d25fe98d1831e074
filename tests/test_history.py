"""A note's last update: its newest commit, or its mtime when git does not know it as it is."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from livegarden.history import History


def git(cwd: Path, *args: str, when: str = "2020-01-02T03:04:05+00:00") -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_dates_come_from_commits_then_from_mtime(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "Sub dir").mkdir(parents=True)
    (docs / "Old.md").write_text("old", encoding="utf-8")
    (docs / "Sub dir" / "Ünïcode note.md").write_text("x", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    (docs / "Old.md").write_text("old, edited later", encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "second", when="2021-05-06T00:00:00+00:00")
    (docs / "Sub dir" / "Ünïcode note.md").write_text("changed, not committed", encoding="utf-8")
    (docs / "New.md").write_text("untracked", encoding="utf-8")
    os.utime(docs / "New.md", (1_700_000_000, 1_700_000_000))

    history = History.read(docs)

    assert history.last_update("Old.md") == date(2021, 5, 6)
    today = datetime.fromtimestamp((docs / "Sub dir" / "Ünïcode note.md").stat().st_mtime, UTC)
    assert history.last_update("Sub dir/Ünïcode note.md") == today.date()
    assert history.last_update("New.md") == date(2023, 11, 14)


def test_outside_git_every_date_is_the_mtime(tmp_path: Path) -> None:
    (tmp_path / "Note.md").write_text("x", encoding="utf-8")
    os.utime(tmp_path / "Note.md", (1_600_000_000, 1_600_000_000))
    history = History.read(tmp_path)
    assert history.committed == {}
    assert history.last_update("Note.md") == date(2020, 9, 13)
