"""Files a session reads: recorded in the real session process, checked before reuse."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from livegarden.execution.engine import EngineSettings, ExecutionEngine, plan_note
from livegarden.execution.frozen import FrozenStore
from livegarden.execution.inputs import (
    MISSING,
    DigestMemo,
    file_digest,
    input_name,
    listing_digest,
)
from livegarden.execution.keys import code_key, session_inputs
from livegarden.execution.results import BlockResult, Provenance, SessionResult
from livegarden.execution.runner import BlockSpec, Runner, SessionRequest

log = logging.getLogger("test-inputs")

CENSUS = (
    "# Census\n\n```python exec freeze\nfrom pathlib import Path\n"
    "notes = sorted(Path('docs').rglob('*.md'))\n"
    "print(len(notes), 'notes;', Path('docs/A.md').read_text().strip())\n```\n"
)


@pytest.fixture(scope="module")
def runner(new_runner) -> Iterator[Runner]:
    with new_runner(jobs=2) as warm:
        yield warm


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "docs" / "sub").mkdir(parents=True)
    (root / "docs" / "A.md").write_text("alpha\n")
    (root / "docs" / "sub" / "B.md").write_text("beta\n")
    (root / "snippets").mkdir()
    (root / "snippets" / "helper.py").write_text("VALUE = 1\n")
    return root


def recorded(runner: Runner, repo: Path, code: str, **changes: object) -> dict[str, str]:
    request = SessionRequest("n.md", (BlockSpec(code, 20),), repo, mode="test")
    result = runner.run(replace(request, **changes))
    assert result.is_ok, result.blocks[0].error
    return files(result.inputs)


def files(inputs: dict[str, str]) -> dict[str, str]:
    """The file inputs (the packages a session imported are inputs too: tests/execution/
    test_trust.py)."""
    return {name: digest for name, digest in inputs.items() if not name.startswith("pkg:")}


READS = {
    "open() of a note": ("open('docs/A.md').read()\n", {"docs/A.md"}),
    "Path.read_text": (
        "from pathlib import Path\nPath('docs/sub/B.md').read_text()\n",
        {"docs/sub/B.md"},
    ),
    "absolute path, os.open": (
        "import os\nos.close(os.open(os.path.abspath('docs/A.md'), os.O_RDONLY))\n",
        {"docs/A.md"},
    ),
    "rglob lists every folder it walks": (
        "from pathlib import Path\nlist(Path('docs').rglob('*.md'))\n",
        {"docs/", "docs/sub/"},
    ),
    "os.listdir of the root": ("import os\nos.listdir('.')\n", {"./"}),
    "a snippets module imported at run time": (
        "import importlib\nimportlib.import_module('helper')\n",
        {"snippets/helper.py"},
    ),
    "a file that does not exist": (
        "try:\n    open('docs/later.md')\nexcept FileNotFoundError:\n    pass\n",
        {"docs/later.md"},
    ),
}


@pytest.mark.parametrize("name", READS, ids=list(READS))
def test_reads_under_the_repository_are_recorded(runner: Runner, repo: Path, name: str) -> None:
    code, expected = READS[name]
    assert set(recorded(runner, repo, code)) == expected


NOT_INPUTS = {
    "written before read (the session's own output)": (
        "open('docs/out.txt', 'w').write('x')\nopen('docs/out.txt').read()\n"
    ),
    "hidden folders (.obsidian, .git, caches)": (
        "import os\nos.makedirs('docs/.obsidian', exist_ok=True)\nos.listdir('docs/.obsidian')\n"
    ),
    "outside the repository": "open('/etc/hostname').read()\n",
    "package metadata (entry points)": (
        "from importlib.metadata import entry_points\nentry_points(group='console_scripts')\n"
    ),
}


@pytest.mark.parametrize("name", NOT_INPUTS, ids=list(NOT_INPUTS))
def test_what_is_not_an_input_is_not_recorded(runner: Runner, repo: Path, name: str) -> None:
    assert recorded(runner, repo, NOT_INPUTS[name]) == {}


def test_the_interpreter_and_its_packages_are_not_inputs(runner: Runner) -> None:
    repo = Path(__file__).resolve().parents[2]  # its .venv holds the interpreter's packages
    code = "import numpy, json\nopen(numpy.__file__).read()\nopen(json.__file__).read()\n"
    assert recorded(runner, repo, code) == {}


def test_configured_folders_are_ignored(runner: Runner, repo: Path) -> None:
    (repo / "frozen").mkdir()
    (repo / "frozen" / "r.json").write_text("{}")
    code = "open('frozen/r.json').read()\nopen('docs/A.md').read()\n"
    assert set(recorded(runner, repo, code, ignored_inputs=(repo / "frozen",))) == {"docs/A.md"}


def test_digests_are_taken_when_read_and_match_the_parent_view(runner: Runner, repo: Path) -> None:
    code = (
        "import os\nopen('docs/A.md').read()\nos.listdir('docs')\n"
        "try:\n    open('docs/none.md')\nexcept OSError:\n    pass\n"
        "open('docs/A.md', 'w').write('changed by the session after reading')\n"
    )
    inputs = recorded(runner, repo, code)
    assert inputs["docs/none.md"] == MISSING
    assert inputs["docs/"] == listing_digest(str(repo / "docs"))
    assert inputs["docs/A.md"] != file_digest(str(repo / "docs" / "A.md")), "digest at read time"
    assert DigestMemo(repo).changed(inputs) == ["docs/A.md"]


def test_an_input_read_before_a_crash_is_still_recorded(runner: Runner, repo: Path) -> None:
    code = "open('docs/A.md').read()\nimport ctypes\nctypes.string_at(0)\n"
    result = runner.run(SessionRequest("n.md", (BlockSpec(code, 20),), repo, mode="test"))
    assert result.blocks[0].error is not None and result.blocks[0].error.kind == "crash"
    assert set(files(result.inputs)) == {"docs/A.md"}


@pytest.mark.parametrize(
    ("path", "listing", "name"),
    [
        ("/r/docs/A.md", False, "docs/A.md"),
        ("/r", True, "./"),
        ("/r/docs", True, "docs/"),
        ("/r/.git/HEAD", False, None),
        ("/r/snippets/__pycache__/x.pyc", False, None),
        ("/r/pkg.egg-info/entry_points.txt", False, None),
        ("/rx/docs/A.md", False, None),
        ("/r", False, None),
    ],
    ids=["file", "root listing", "folder", "hidden", "pycache", "egg-info", "sibling", "root"],
)
def test_input_names(path: str, listing: bool, name: str | None) -> None:
    assert input_name("/r", path, is_listing=listing) == name


def test_listing_digest_ignores_hidden_entries_and_sees_new_notes(tmp_path: Path) -> None:
    before = listing_digest(str(tmp_path))
    (tmp_path / ".note.md.swp").write_text("editor")
    (tmp_path / "__pycache__").mkdir()
    assert listing_digest(str(tmp_path)) == before
    (tmp_path / "New.md").write_text("")
    assert listing_digest(str(tmp_path)) != before


def test_memo_notices_an_edit_between_builds(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one")
    memo = DigestMemo(tmp_path)
    inputs = {"a.md": memo.digest("a.md"), "./": memo.digest("./")}
    assert memo.changed(inputs) == []
    (tmp_path / "a.md").write_text("two, longer")
    assert memo.changed(inputs) == ["a.md"]
    (tmp_path / "b.md").write_text("")
    assert memo.changed(inputs) == ["./", "a.md"]


# -- the engine: cache and frozen store --------------------------------------------------------


def make_engine(repo: Path, runner: Runner) -> ExecutionEngine:
    settings = EngineSettings(
        repo_root=repo, cache_dir=repo / ".cache", frozen_dir=repo / "frozen", mode="test"
    )
    engine = ExecutionEngine(settings, log, runner_factory=lambda: runner)
    engine.close = lambda: None  # type: ignore[method-assign]  # the runner outlives engines
    return engine


def census(repo: Path, runner: Runner, text: str = CENSUS.replace(" freeze", "")):
    engine = make_engine(repo, runner)
    engine.add_note("Census.md", text)
    (outcome,) = engine.outcomes_for("Census.md")
    return outcome


CHANGES = {
    "a note it reads is edited": lambda repo: (repo / "docs" / "A.md").write_text("ALPHA\n"),
    "a note is added to a folder it lists": lambda repo: (
        repo / "docs" / "sub" / "C.md"
    ).write_text(""),
    "a note is removed": lambda repo: (repo / "docs" / "sub" / "B.md").unlink(),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_cached_result_whose_inputs_changed_is_rerun(
    runner: Runner, repo: Path, change: str, caplog: pytest.LogCaptureFixture
) -> None:
    first = census(repo, runner)
    assert first.result.origin == "fresh" and first.result.blocks[0].stdout == "2 notes; alpha\n"
    assert census(repo, runner).result.origin == "cached", "nothing changed: a hit"
    CHANGES[change](repo)
    with caplog.at_level(logging.INFO, logger="test-inputs"):
        again = census(repo, runner)
    assert again.result.origin == "fresh"
    assert "files it reads changed" in caplog.text
    expected = {
        "a note it reads is edited": "2 notes; ALPHA\n",
        "a note is added to a folder it lists": "3 notes; alpha\n",
        "a note is removed": "1 notes; alpha\n",
    }[change]
    assert again.result.blocks[0].stdout == expected
    assert census(repo, runner).result.origin == "cached", "the new result replaced the old"


def test_an_edit_to_an_unread_file_keeps_the_hit(runner: Runner, repo: Path) -> None:
    census(repo, runner)
    (repo / "snippets" / "helper.py").write_text("VALUE = 2\n")
    (repo / "docs" / "sub" / "B.md").write_text("beta, edited (only listed, never opened)\n")
    assert census(repo, runner).result.origin == "cached"


def freeze_census(repo: Path, stdout: str, inputs: dict[str, str], text: str = CENSUS) -> None:
    (session,) = plan_note("Census.md", text).sessions
    result = SessionResult(
        (BlockResult("ok", stdout=stdout),),
        Provenance("Elsewhere CPU", "NVIDIA H100", "3.11", {}, "2026-01-01 00:00 UTC", 1.0),
        inputs=inputs,
    )
    FrozenStore(repo / "frozen").store(
        session, code_key(session, session_inputs(session, repo)), result
    )


def test_a_frozen_result_whose_inputs_changed_is_rerun_or_stale(runner: Runner, repo: Path) -> None:
    memo = DigestMemo(repo)
    inputs = {name: memo.digest(name) for name in ("docs/A.md", "docs/", "docs/sub/")}
    freeze_census(repo, "frozen elsewhere\n", inputs)
    assert census(repo, runner, CENSUS).result.origin == "frozen"
    (repo / "docs" / "A.md").write_text("ALPHA\n")
    rerun = census(repo, runner, CENSUS)
    assert rerun.result.origin == "fresh" and rerun.result.blocks[0].stdout == "2 notes; ALPHA\n"
    gpu = CENSUS.replace("exec freeze", "exec gpu")
    freeze_census(repo, "frozen on a GPU\n", inputs, gpu)
    engine = make_engine(repo, runner)
    if engine.environment.has_cuda:
        pytest.skip("this machine has CUDA: a gpu session simply re-runs here")
    engine.add_note("Census.md", gpu)
    (stale,) = engine.outcomes_for("Census.md")
    assert stale.result.origin == "stale"
    assert stale.notice is not None and "docs/A.md" in stale.notice
