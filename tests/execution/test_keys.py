"""Cache keys change exactly when a result could change."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from livegarden.execution.environment import Environment, current_environment
from livegarden.execution.keys import code_key, session_inputs, session_key
from livegarden.execution.sessions import Session, plan_sessions
from livegarden.execution.snippets import extract_snippets

BASE = "# Note\n\nProse.\n\n```python exec\nimport helper\nprint(helper.f())\n```\n"


def only_session(text: str) -> Session:
    (session,) = plan_sessions(extract_snippets("AI/Note.md", text))
    return session


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "helper.py").write_text("import deep\ndef f():\n    return 1\n")
    (tmp_path / "snippets" / "deep.py").write_text("X = 1\n")
    (tmp_path / "snippets" / "unrelated.py").write_text("Y = 1\n")
    (tmp_path / "snippets" / "tool.py").write_text("print('tool')\n")
    return tmp_path


def key_of(
    text: str, repo: Path, environment: Environment | None = None, mode: str = "build"
) -> str:
    session = only_session(text)
    digest = code_key(session, session_inputs(session, repo))
    return session_key(digest, environment or current_environment(), mode, {"memory": 1})


SAME = {
    "prose edited": BASE.replace("Prose.", "Other prose, much longer.\n\nAnd more."),
    "title added": BASE.replace("python exec", 'python exec title="Hello"'),
    "source folded": BASE.replace("python exec", "python exec source=folded"),
    "output as markdown": BASE.replace("python exec", "python exec output=markdown"),
    "id added": BASE.replace("python exec", "python exec id=demo"),
    "freeze flag": BASE.replace("python exec", "python exec freeze"),
    "moved down": "\n\n\n" + BASE,
}
CHANGED = {
    "code edited": BASE.replace("print(helper.f())", "print(helper.f() + 1)"),
    "whitespace in code": BASE.replace("print(helper.f())", "print( helper.f())"),
    "timeout changed": BASE.replace("python exec", "python exec timeout=5"),
    "block added": BASE + "\n```python exec\nprint(2)\n```\n",
    "gpu flag": BASE.replace("python exec", "python exec gpu"),
}


@pytest.mark.parametrize("variant", SAME, ids=list(SAME))
def test_key_ignores_prose_and_cosmetic_options(variant: str, repo: Path) -> None:
    assert key_of(SAME[variant], repo) == key_of(BASE, repo)


@pytest.mark.parametrize("variant", CHANGED, ids=list(CHANGED))
def test_key_follows_code_and_execution_options(variant: str, repo: Path) -> None:
    assert key_of(CHANGED[variant], repo) != key_of(BASE, repo)


@pytest.mark.parametrize(
    ("name", "changes_key"),
    [("helper.py", True), ("deep.py", True), ("unrelated.py", False)],
    ids=["imported module", "module imported by an imported module", "unrelated module"],
)
def test_key_follows_snippets_modules_the_session_imports(
    name: str, changes_key: bool, repo: Path
) -> None:
    before = key_of(BASE, repo)
    path = repo / "snippets" / name
    path.write_text(path.read_text() + "# edited\n")
    assert (key_of(BASE, repo) != before) is changes_key


def test_key_follows_the_file_a_snippet_runs(repo: Path) -> None:
    text = '```python exec file="snippets/tool.py" args="-n 2"\n# runs the tool\n```\n'
    before = key_of(text, repo)
    assert key_of(text.replace("-n 2", "-n 3"), repo) != before
    (repo / "snippets" / "tool.py").write_text("print('tool v2')\n")
    assert key_of(text, repo) != before


@pytest.mark.parametrize(
    "change",
    [
        lambda e: replace(e, python="3.12.0 (cpython)"),
        lambda e: replace(e, cpu="Another CPU"),
        lambda e: replace(e, gpus=("NVIDIA H100",)),
    ],
    ids=["interpreter", "cpu model", "gpu present"],
)
def test_session_key_follows_the_environment_but_code_key_does_not(change, repo: Path) -> None:
    environment = current_environment()
    other = change(environment)
    assert key_of(BASE, repo, other) != key_of(BASE, repo, environment)
    session = only_session(BASE)
    assert code_key(session, session_inputs(session, repo)) == code_key(
        session, session_inputs(session, repo)
    )


def test_an_unrelated_package_changes_no_key(repo: Path) -> None:
    """Packages are checked per result (those the session imported), not keyed all at once:
    installing one re-runs nothing (tests/execution/test_trust.py re-runs what imports it)."""
    environment = current_environment()
    other = replace(environment, packages=(*environment.packages, ("newpkg", "1.0")))
    assert key_of(BASE, repo, other) == key_of(BASE, repo, environment)


def test_session_key_follows_the_mode(repo: Path) -> None:
    assert key_of(BASE, repo, mode="test") != key_of(BASE, repo, mode="build")


def test_imports_nested_in_functions_and_handlers_are_followed(repo: Path) -> None:
    text = (
        "```python exec\ndef load():\n    try:\n        import helper\n"
        "    except ImportError:\n        from deep import X\n```\n"
    )
    before = key_of(text, repo)
    (repo / "snippets" / "deep.py").write_text("X = 2\n")
    assert key_of(text, repo) != before
