"""The info-string grammar of live code (contract section 1), as a table."""

from __future__ import annotations

import pytest

from livegarden.execution.options import DEFAULT_TIMEOUT_S, SnippetOptions, parse_info

RUNNABLE = [
    ("python exec", SnippetOptions()),
    ("py exec", SnippetOptions()),
    ('python exec="on"', SnippetOptions()),
    ("python exec=1", SnippetOptions()),
    ('python exec="true"', SnippetOptions()),
    ('python exec id="svd" title="The SVD"', SnippetOptions(block_id="svd", title="The SVD")),
    ("python exec title=Short", SnippetOptions(title="Short")),
    ('python exec source="hidden"', SnippetOptions(source="hidden")),
    ("python exec source=folded", SnippetOptions(source="folded")),
    ('python exec output="markdown"', SnippetOptions(output="markdown")),
    ('python exec output="html"', SnippetOptions(output="html")),
    ("python exec timeout=5", SnippetOptions(timeout_s=5.0)),
    ('python exec timeout="2.5"', SnippetOptions(timeout_s=2.5)),
    ("python exec freeze isolated gpu", SnippetOptions(freeze=True, isolated=True, needs_gpu=True)),
    (
        'python exec file="snippets/m.py" args="--sizes 64 128"',
        SnippetOptions(file="snippets/m.py", args=("--sizes", "64", "128")),
    ),
    (
        'python exec title="GPU vs CPU" file="snippets/matmul_gpu_vs_cpu.py" freeze',
        SnippetOptions(title="GPU vs CPU", file="snippets/matmul_gpu_vs_cpu.py", freeze=True),
    ),
]


@pytest.mark.parametrize(("info", "expected"), RUNNABLE, ids=[case[0] for case in RUNNABLE])
def test_runnable_info_strings(info: str, expected: SnippetOptions) -> None:
    parsed = parse_info(info)
    assert parsed.options == expected
    assert parsed.problems == ()


NOT_RUNNABLE = ["python", "python title=x", "bash exec", "", 'python exec="off"', "pycon exec"]


@pytest.mark.parametrize("info", NOT_RUNNABLE, ids=lambda info: info or "empty")
def test_other_blocks_are_left_alone(info: str) -> None:
    assert parse_info(info).options is None


PROBLEMS = [
    ("python exec source=sideways", "source='sideways'"),
    ("python exec output=pdf", "output='pdf'"),
    ("python exec timeout=soon", "timeout='soon'"),
    ("python exec timeout=-3", "timeout='-3'"),
    ("python exec colour=red", "unknown option colour"),
    ("python exec frozen", "unknown flag 'frozen'"),
    ('python exec args="-v"', "only applies to a file"),
    ("python exec title", "needs a value"),
]


@pytest.mark.parametrize(("info", "problem"), PROBLEMS, ids=[case[0] for case in PROBLEMS])
def test_bad_options_are_reported_and_defaults_used(info: str, problem: str) -> None:
    parsed = parse_info(info)
    assert parsed.options is not None, "a block with a bad option still runs"
    assert any(problem in message for message in parsed.problems), parsed.problems
    assert parsed.options.timeout_s == DEFAULT_TIMEOUT_S


def test_cosmetic_options_stay_out_of_the_execution_view() -> None:
    plain = SnippetOptions()
    dressed = SnippetOptions(title="T", source="folded", output="html", block_id="x", freeze=True)
    assert plain.execution_relevant() == dressed.execution_relevant()
    assert plain.execution_relevant() != SnippetOptions(timeout_s=3).execution_relevant()
