"""The plugin's options: typos and out-of-range values stop the build saying what to write."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_mkdocs_build


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("publsh: all", "option 'publsh': unknown livegarden option; did you mean publish?"),
        ("graph_depth: -1", "option 'graph_depth': must be 0 or more"),
        ("execution_jobs: -2", "option 'execution_jobs': must be 0 or more (0 means one per"),
        ("memory_limit_mb: -1", "option 'memory_limit_mb': must be 0 or more (0 means no cap)"),
        ("output_limit_kb: 0", "option 'output_limit_kb': must be 1 or more"),
        ("execution_backend: forkserver", "Expected one of: ('auto', 'fork', 'spawn')"),
    ],
    ids=["typo", "graph-depth", "jobs", "memory", "output", "backend"],
)
def test_bad_options_stop_the_build_with_what_to_write(tmp_path: Path, options, message) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("---\ndg-home: true\n---\n# H\n")
    config = f"site_name: t\nplugins:\n  - livegarden:\n      {options}\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site", strict=False)
    assert result.returncode == 1
    assert message in result.log


def test_a_bad_backend_in_the_environment_stops_the_build_saying_what_to_write(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# H\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - livegarden\n")
    result = run_mkdocs_build(
        tmp_path / "mkdocs.yml", tmp_path / "site", env={"LIVEGARDEN_BACKEND": "threads"}
    )
    assert result.returncode == 1
    assert "unknown execution backend 'threads': write one of auto, fork, spawn" in result.log
