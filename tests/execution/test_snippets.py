"""Snippets from the one parse: which blocks run, with which note lines, and what is ignored."""

from __future__ import annotations

from livegarden.execution.sessions import plan_sessions
from livegarden.execution.snippets import extract_snippets


def lines(*text: str) -> str:
    return "\n".join(text) + "\n"


def test_line_numbers_count_front_matter_and_prose() -> None:
    note = lines(
        "---",  # 1
        "dg-publish: true",
        "---",
        "# Title",
        "",
        "```python exec",  # 6
        "x = 1",
        "```",
        "text",
        "```python exec title=B",  # 10
        "print(x)",
        "```",
    )
    found = extract_snippets("AI/Note.md", note)
    assert [(s.line, s.body_line, s.code) for s in found] == [
        (6, 7, "x = 1\n"),
        (10, 11, "print(x)\n"),
    ]
    assert found[1].label == "AI/Note.md:10"


def test_fence_inside_a_longer_fence_is_content_not_a_snippet() -> None:
    note = lines(
        "````markdown",
        "```python exec",
        "print('shown as an example, never run')",
        "```",
        "````",
        "```python exec",  # 6
        "print('runs')",
        "```",
    )
    found = extract_snippets("n.md", note)
    assert [s.line for s in found] == [6]


def test_tilde_fences_and_longer_closing_fences() -> None:
    note = lines("~~~python exec", "a = 1", "```", "~~~~", "```python exec", "b = 2", "`````")
    found = extract_snippets("n.md", note)
    assert [s.code for s in found] == ["a = 1\n```\n", "b = 2\n"]


def test_backtick_fence_with_backtick_in_info_is_not_a_fence() -> None:
    assert extract_snippets("n.md", "```python exec `x`\nprint(1)\n```\n") == []


def test_unclosed_fence_swallows_the_rest_and_is_not_run() -> None:
    note = lines("```python exec", "x = 1", "", "```python exec", "y = 2")
    found = extract_snippets("n.md", note)
    assert len(found) == 1
    assert not found[0].is_closed
    assert "never closed" in found[0].problems[0]
    assert plan_sessions(found) == []


def test_indented_fence_in_a_list_is_dedented() -> None:
    note = lines(
        "- item", "", "    ```python exec", "    for i in range(2):", "        print(i)", "    ```"
    )
    (snippet,) = extract_snippets("n.md", note)
    assert snippet.code == "for i in range(2):\n    print(i)\n"
    assert snippet.line == 3


def test_front_matter_is_not_scanned() -> None:
    note = lines("---", "example: |", "  ```python exec", "---", "text")
    assert extract_snippets("n.md", note) == []


def test_plain_python_and_other_languages_are_not_snippets() -> None:
    note = lines("```python", "x = 1", "```", "```bash exec", "ls", "```")
    assert extract_snippets("n.md", note) == []


def test_sessions_share_in_order_and_isolated_blocks_stand_alone() -> None:
    note = lines(
        "```python exec", "a = 1", "```",
        "```python exec isolated id=alone", "b = 2", "```",
        "```python exec isolated", "c = 3", "```",
        "```python exec", "print(a)", "```",
    )  # fmt: skip
    sessions = plan_sessions(extract_snippets("n.md", note))
    assert [(s.name, [x.line for x in s.snippets]) for s in sessions] == [
        ("main", [1, 10]),
        ("isolated-alone", [4]),
        ("isolated-7", [7]),
    ]


def test_isolated_blocks_sharing_an_id_get_distinct_sessions() -> None:
    note = lines(
        "```python exec isolated id=x",
        "a = 1",
        "```",
        "```python exec isolated id=x",
        "b = 2",
        "```",
    )
    names = [s.name for s in plan_sessions(extract_snippets("n.md", note))]
    assert names == ["isolated-x", "isolated-x-4"]


def test_a_block_inside_a_comment_is_not_a_snippet() -> None:
    note = lines(
        "%%",
        "```python exec",
        "print('commented out')",
        "```",
        "%%",
        "text %% inline comment %% more",
        "```python exec",  # 7
        "print('runs')",
        "```",
        "%% an unclosed comment hides the rest",
        "```python exec",
        "print('hidden too')",
        "```",
    )
    assert [s.line for s in extract_snippets("n.md", note)] == [7]


def test_percent_signs_inside_a_fence_do_not_open_a_comment() -> None:
    note = lines("```python exec", "print('100%%')", "```", "```python exec", "x = 1", "```")
    assert [s.line for s in extract_snippets("n.md", note)] == [1, 4]


def test_a_block_inside_a_callout_runs_with_the_quote_removed() -> None:
    note = lines(
        "> [!note] Title",
        "> ```python exec",  # 2
        "> for i in range(2):",
        ">     print(i)",
        ">",
        "> ```",
        ">",
        "> > ```python exec id=nested",  # 8
        "> > x = 1",
        "> > ```",
    )
    first, nested = extract_snippets("n.md", note)
    assert (first.line, first.code) == (2, "for i in range(2):\n    print(i)\n\n")
    assert (nested.line, nested.code, nested.is_closed) == (8, "x = 1\n", True)


def test_a_callout_that_ends_before_its_fence_closes_leaves_it_unclosed() -> None:
    note = lines("> ```python exec", "> x = 1", "", "```python exec", "y = 2", "```")
    first, second = extract_snippets("n.md", note)
    assert not first.is_closed and first.code == "x = 1\n"
    assert (second.line, second.is_closed) == (4, True), "scanning goes on after the quote"


def test_a_file_outside_the_repository_is_refused(tmp_path) -> None:
    from livegarden.execution.engine import plan_note

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "ok.py").write_text("print(1)\n")
    (tmp_path / "snippets" / "out.py").symlink_to("/etc/hostname")
    note = lines(
        '```python exec file="snippets/ok.py"',
        "```",
        '```python exec file="../../../../../../../../etc/passwd"',
        "```",
        '```python exec file="/etc/passwd"',
        "```",
        '```python exec file="snippets/out.py"',
        "```",
    )
    plan = plan_note("n.md", note, None, tmp_path)
    refused = [s.line for s in plan.snippets if s.is_refused]
    assert refused == [3, 5, 7]
    assert all("outside the repository" in s.problems[-1] for s in plan.snippets if s.is_refused)
    assert [[s.line for s in session.snippets] for session in plan.sessions] == [[1]]
