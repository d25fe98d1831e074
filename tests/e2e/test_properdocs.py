"""The MkDocs fork ProperDocs builds a vault to the same pages as MkDocs 1.6.1: our per-page
renderer override works on both (only the generator line differs)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, run_mkdocs_build

VAULT = REPO / "tests/e2e/vault_fixture"
_GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def _files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix != ".gz"
    }


def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    mkdocs = run_mkdocs_build(VAULT / "mkdocs.yml", tmp_path / "mkdocs")
    assert mkdocs.returncode == 0, mkdocs.log
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-d", str(tmp_path / "pd")]
    done = subprocess.run(
        command,
        cwd=VAULT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    ours, theirs = _files(tmp_path / "mkdocs"), _files(tmp_path / "pd")
    assert ours.keys() == theirs.keys()
    for name, content in ours.items():
        if name.endswith(".html"):
            text = _GENERATOR.sub("", content.decode("utf-8"))
            assert text == _GENERATOR.sub("", theirs[name].decode("utf-8")), name
        elif name != "sitemap.xml":  # dates of the build
            assert content == theirs[name], name
