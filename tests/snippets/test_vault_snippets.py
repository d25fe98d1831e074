"""One test per exec block of every note and per snippets/*.py, ids like `AI/Note.md:42`."""

from __future__ import annotations

import pytest

from livegarden.execution.render import traceback_text
from tests.snippets.conftest import Case, VaultSessions, as_params, collect_cases

CASES = collect_cases()


def test_the_vault_has_live_code_to_test() -> None:
    assert any(case.session is not None for case in CASES), "no exec block found in docs/"


@pytest.mark.parametrize("case", as_params(CASES))
def test_snippet(case: Case, vault_sessions: VaultSessions) -> None:
    if case.problems:
        pytest.fail(f"{case.id}: " + "; ".join(case.problems), pytrace=False)
    result = vault_sessions.result(case)
    block = result.blocks[case.position]
    if block.status == "not-run":
        pytest.fail(
            f"{case.id}: not run, because an earlier block of its session failed "
            f"({', '.join(case.earlier)})",
            pytrace=False,
        )
    if block.error is not None:
        snippets = case.session.snippets if case.session is not None else ()
        details = traceback_text(snippets, block.error)
        output = (block.stdout + block.stderr)[-3000:]
        pytest.fail(
            f"{case.id}: {block.error.summary}\n{details}\n--- output ---\n{output}", pytrace=False
        )
    assert block.status == "ok"
