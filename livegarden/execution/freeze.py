"""Re-run the sessions marked `freeze` or `gpu` and store their results, to be committed.

Usage: `python -m livegarden.execution.freeze [--repo DIR] [NOTE ...]` (`scripts/freeze` in this
repository; vault-relative paths; default: every note in docs/).
Run it on the machine whose results you want to publish (e.g. one with a GPU), then commit the
files it writes under the frozen store. A failing session is reported and not frozen.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from livegarden.execution.engine import EngineSettings, plan_note, request_for
from livegarden.execution.environment import current_environment
from livegarden.execution.frozen import FrozenStore
from livegarden.execution.keys import code_key, session_inputs
from livegarden.execution.render import traceback_text
from livegarden.execution.runner import Runner

log = logging.getLogger("livegarden.freeze")


def _notes(docs: Path, wanted: list[str]) -> list[str]:
    if wanted:
        return wanted
    return sorted(
        path.relative_to(docs).as_posix()
        for path in docs.rglob("*.md")
        if not any(part.startswith(".") for part in path.relative_to(docs).parts)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notes", nargs="*", help="vault-relative note paths (default: all)")
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="repository root")
    parser.add_argument("--docs", default="docs", help="vault folder, relative to the repo")
    parser.add_argument("--store", default="snippets/.frozen", help="frozen store folder")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    repo = arguments.repo.resolve()
    docs = repo / arguments.docs
    store = FrozenStore(repo / arguments.store)
    settings = EngineSettings(repo_root=repo, cache_dir=None, frozen_dir=None)
    environment = current_environment()
    jobs = []
    with Runner() as runner:
        for note in _notes(docs, arguments.notes):
            try:
                text = (docs / note).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as error:
                log.error("%s: cannot be read: %s", note, error)
                continue
            plan = plan_note(note, text, None, repo)
            for snippet in plan.snippets:
                for problem in snippet.problems:
                    log.warning("%s:%d: %s", note, snippet.line, problem)
            for session in plan.sessions:
                if not session.is_freezable:
                    continue
                if session.needs_gpu and not environment.has_cuda:
                    log.warning("%s: needs a CUDA GPU; not frozen on this machine", session.label)
                    continue
                digest = code_key(session, session_inputs(session, repo))
                jobs.append((session, digest, runner.submit(request_for(session, settings))))
        failures = 0
        for session, digest, future in jobs:
            try:
                result = future.result()
            except Exception as error:  # the session server died: this session failed
                failures += 1
                log.error(
                    "%s: failed, not frozen: the execution engine failed: %s", session.label, error
                )
                continue
            failure = result.failure
            if failure is not None:
                failures += 1
                log.error(
                    "%s: failed, not frozen:\n%s",
                    session.label,
                    traceback_text(session.snippets, failure[1]),
                )
                continue
            path = store.store(session, digest, result)
            log.info("froze %s -> %s", session.label, path.relative_to(repo))
    where = " + ".join((environment.cpu, *environment.gpus))
    log.info("%d session(s) frozen on %s, %d failed", len(jobs) - failures, where, failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
