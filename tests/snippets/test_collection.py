"""The pytest plugin's collection (livegarden.pytest_plugin): one item per block and per script,
gpu items marked; and the plugin at work in a project of its own, as another vault would use it.
This repository's own blocks are collected by the same plugin (`livegarden_collect = true`)."""

from __future__ import annotations

from pathlib import Path

from livegarden.pytest_plugin import collect_cases
from tests.conftest import REPO, run_pytest_livegarden


def test_the_vault_has_live_code_to_test() -> None:
    assert any(case.session is not None for case in collect_cases(REPO)), "no exec block in docs/"


def test_every_block_of_every_note_and_every_script_is_an_item(tmp_path: Path) -> None:
    (tmp_path / "docs" / "AI").mkdir(parents=True)
    (tmp_path / "docs" / ".trash").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "docs" / "AI" / "Private.md").write_text(
        "---\ndg-publish: false\n---\n```python exec\nx = 1\n```\n\n"
        "```python exec gpu\ny = 2\n```\n"
    )
    (tmp_path / "docs" / "Open.md").write_text("```python\nnot run\n```\n```python exec\nx = (\n")
    (tmp_path / "docs" / ".trash" / "Old.md").write_text("```python exec\nx = 1\n```\n")
    (tmp_path / "snippets" / "tool.py").write_text("print(1)\n")
    cases = collect_cases(tmp_path)
    assert [case.id for case in cases] == [
        "AI/Private.md:4",
        "AI/Private.md:8",
        "Open.md:4",
        "snippets/tool.py",
    ]
    _, private_gpu, unclosed, script = cases
    assert private_gpu.needs_gpu and private_gpu.earlier == ("AI/Private.md:4",)
    assert unclosed.session is None and "never closed" in unclosed.problems[0]
    assert script.file == "snippets/tool.py"


def test_pytest_livegarden_runs_another_projects_blocks(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "snippets").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: !ENV SITE\ndocs_dir: notes\nplugins:\n  - search\n  - livegarden\n"
    )
    (tmp_path / "notes" / "A.md").write_text(
        "# A\n\n```python exec\nx = 1\n```\n\n```python exec\nassert x == 2\n```\n\n"
        "```python exec gpu\nimport torch\n```\n\n```python exec\nprint(x)\n```\n"
    )
    (tmp_path / "snippets" / "tool.py").write_text("print('ok')\n")
    run = run_pytest_livegarden(tmp_path)
    out = run.stdout
    assert run.returncode == 1, out
    assert "PASSED A.md:3" in out and "FAILED A.md:7" in out and "PASSED snippets/tool.py" in out
    assert "A.md:7: AssertionError" in out  # the failure names the note and line
    assert "SKIPPED" in out and "needs a CUDA GPU" in out  # no GPU on these machines
    # as in a build, a block after a failure in its session is not run, and says why
    assert "FAILED A.md:15" in out and "not run, because an earlier block" in out


def test_the_items_run_under_the_plugins_options_in_mkdocs_yml(tmp_path: Path) -> None:
    """The options the build would use hold for `pytest` too: here the portable server (the
    session's parent is a spawner) and an output cap of 1 KiB."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - livegarden:\n      execution_backend: spawn\n"
        "      output_limit_kb: 1\n"
    )
    (tmp_path / "docs" / "A.md").write_text(
        "```python exec\nimport os\nparent = open(f'/proc/{os.getppid()}/cmdline').read()\n"
        "assert 'livegarden.execution.spawner' in parent, parent\n```\n\n"
        "```python exec\nprint('x' * 5000)\n```\n"
    )
    run = run_pytest_livegarden(tmp_path)
    assert "PASSED A.md:1" in run.stdout, run.stdout
    assert "FAILED A.md:7" in run.stdout and "more output than the limit" in run.stdout, run.stdout


def test_options_the_build_would_refuse_stop_pytest_once(tmp_path: Path) -> None:
    """A typo or an out-of-range number is one usage error naming the option, as in
    `mkdocs build`, not a silent default or a failure of every item."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "A.md").write_text("```python exec\nprint(1)\n```\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: t\nplugins:\n  - livegarden:\n      publsh: all\n      memory_limit_mb: -5\n"
    )
    run = run_pytest_livegarden(tmp_path)
    err = run.stderr
    assert run.returncode == 4, run.stdout + err  # pytest's usage error
    assert "option 'publsh': unknown livegarden option; did you mean publish?" in err, err
    assert "option 'memory_limit_mb': must be 0 or more" in err, err
    assert "A.md:1" not in run.stdout
    config.write_text("site_name: t\nplugins:\n  - livegarden:\n      execution_backend: forks\n")
    run = run_pytest_livegarden(tmp_path)
    assert run.returncode == 4 and "option 'execution_backend'" in run.stderr, run.stderr
    assert "'forks'" in run.stderr and "A.md:1" not in run.stdout
