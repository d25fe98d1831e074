"""Shared fixtures: where the repository is, a real MkDocs build of a folder, and a real
`pytest --livegarden` run in one."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    returncode: int
    log: str


def run_mkdocs_build(
    config_file: Path, site_dir: Path, *, strict: bool = True, env: dict[str, str] | None = None
) -> BuildResult:
    """Build with the real `mkdocs` command in its own process, as a user would (`env` adds
    environment variables)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    done = subprocess.run(
        command,
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    return BuildResult(site_dir, done.returncode, done.stdout + done.stderr)


def run_pytest_livegarden(project: Path) -> subprocess.CompletedProcess[str]:
    """`pytest --livegarden` in `project`, in its own process, as its owner would run it."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--livegarden", "-p", "no:cacheprovider", "-rA", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="session")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The repository's own vault, built once per test session with --strict."""
    result = run_mkdocs_build(REPO / "mkdocs.yml", tmp_path_factory.mktemp("site"))
    assert result.returncode == 0, result.log
    return result
