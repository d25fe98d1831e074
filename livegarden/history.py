"""When each note last changed: the date of its newest git commit, else its file's mtime.

Two git calls over the docs folder serve the whole vault (linear in its history): no per-page
subprocess, and no git plugin to install. A fresh checkout sets every mtime to "now", so mtime
is only trusted for notes git calls modified or untracked.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class History:
    """Last-change dates of the notes under `docs_dir`, keyed by vault-relative POSIX path."""

    docs_dir: Path
    committed: dict[str, date]
    changed: frozenset[str]
    """Notes modified since their last commit, or never committed."""

    @classmethod
    def read(cls, docs_dir: Path) -> History:
        """Ask git; without git or outside a repository every note falls back to its mtime."""
        log = _git(docs_dir, "log", "--format=%x01%cs", "--name-only", "--relative", "--", ".")
        committed: dict[str, date] = {}
        when: date | None = None
        for line in log.splitlines():
            if line.startswith("\x01"):
                when = date.fromisoformat(line[1:])
            elif line and when is not None:
                committed.setdefault(line, when)
        changed = _git(docs_dir, "ls-files", "-z", "--modified", "--others", "--exclude-standard")
        return cls(docs_dir, committed, frozenset(filter(None, changed.split("\0"))))

    def last_update(self, path: str) -> date:
        """The date a reader should see as the note's last update."""
        committed = self.committed.get(path)
        if committed is not None and path not in self.changed:
            return committed
        try:
            mtime = (self.docs_dir / path).stat().st_mtime
        except OSError:
            return committed or datetime.now(tz=UTC).date()
        return datetime.fromtimestamp(mtime, tz=UTC).date()


def _git(cwd: Path, *args: str) -> str:
    """stdout of `git ARGS` in `cwd`, or "" when git is missing or fails."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout if done.returncode == 0 else ""
