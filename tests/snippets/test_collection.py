"""The snippet collection itself: one item per block and per script, gpu items marked."""

from __future__ import annotations

from pathlib import Path

from tests.snippets.conftest import NO_CUDA, as_params, collect_cases


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
    params = as_params(cases)
    gpu_marks = [mark.name for mark in params[1].marks]  # type: ignore[attr-defined]
    assert gpu_marks == ["gpu", "skipif"]
    assert params[1].marks[1].kwargs["reason"] == NO_CUDA  # type: ignore[attr-defined]
    assert not params[0].marks  # type: ignore[attr-defined]
