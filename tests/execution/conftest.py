"""Every live-code test that runs sessions runs once per session server: the fork server
(Linux's default) and the portable one (the default on macOS and Windows), so CI on Linux
checks that both give the same results, caps and isolation."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from livegarden.execution.runner import BACKENDS, DEFAULT_PREIMPORT, Runner

# No test that runs on both servers uses torch: a spawned worker would import it for nothing
# (1.7 s of CPU a session here); the fork server imports it once. tests/e2e compares a real
# note run with every default library under both servers.
_WITHOUT_TORCH = tuple(name for name in DEFAULT_PREIMPORT if name != "torch")


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def new_runner(backend: str) -> Callable[..., Runner]:
    """Makes a runner on this module's server: `new_runner(jobs=2)`."""

    def make(jobs: int = 2) -> Runner:
        preimport = DEFAULT_PREIMPORT if backend == "fork" else _WITHOUT_TORCH
        return Runner(jobs=jobs, backend=backend, preimport=preimport)

    return make
