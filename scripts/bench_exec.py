"""Benchmark of live code, measured side by side in one run.

1. Per-session overhead of each session server (a session running `pass`): the warm fork
   server, and the portable one (a fresh pre-warmed worker per session) one session at a time
   and with a batch of sessions submitted at once, against a fresh interpreter that imports
   numpy, torch and matplotlib as a session would need.
2. Building docs/: cold (empty cache, under each server), warm (everything cached) and with
   execution switched off, each build in its own fresh process; the warm/off ratio is the cost
   of having live code, the spawn/fork ratio of a cold build the cost of the portable server.
   Both the process's wall time and the build's own (without interpreter start and imports,
   which are the same either way) are shown: on a shared 2-vCPU machine the first swings by
   a second between identical runs, the second much less.

Usage: .venv/bin/python scripts/bench_exec.py [--sessions 40] [--builds 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from livegarden.execution.runner import BlockSpec, Runner, SessionRequest  # noqa: E402

BUILD = """
import sys, time, logging
from mkdocs.config import load_config
from mkdocs.commands.build import build
logging.basicConfig(level=logging.WARNING)
started = time.perf_counter()
config = load_config({config!r}, site_dir={site!r}, strict=False)
options = config.plugins["livegarden"].config
options.execute = {execute!r}
options.execution_cache_dir = {cache!r}
options.execution_backend = {backend!r}
config.plugins.on_startup(command="build", dirty=False)
build(config)
config.plugins.on_shutdown()
print(time.perf_counter() - started)
"""


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.1f} ms"


def session_overhead(count: int, backend: str) -> tuple[list[float], list[float], float]:
    walls, computes = [], []
    with Runner(jobs=1, backend=backend) as runner:
        request = SessionRequest("bench.md", (BlockSpec("pass\n", 30.0),), REPO, mode="build")
        runner.run(request)  # the zygote's one-off start-up is not per-session overhead
        for _ in range(count):
            started = time.perf_counter()
            result = runner.run(request)
            walls.append(time.perf_counter() - started)
            computes.append(result.blocks[0].duration_s)
        startup = runner.startup_s or 0.0
    return walls, computes, startup


def batch_per_session(count: int, backend: str) -> float:
    """Wall time per session of `count` small numpy sessions submitted at once, on every core."""
    code = "import numpy as np\nprint(np.linalg.norm(np.ones(1000)))\n"
    request = SessionRequest("bench.md", (BlockSpec(code, 30.0),), REPO, mode="build")
    with Runner(backend=backend) as runner:
        runner.run(request)  # start-up is once per build, not per session
        started = time.perf_counter()
        for future in [runner.submit(request) for _ in range(count)]:
            future.result()
        return (time.perf_counter() - started) / count


def fresh_interpreter(count: int) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import numpy, torch, matplotlib.pyplot; pass"], check=True
        )
        timings.append(time.perf_counter() - started)
    return timings


def snapshot(scratch: Path) -> Path:
    """A still copy of the vault to build (the real one may be edited while we measure)."""
    copy = scratch / "repo"
    copy.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    for folder in ("docs", "snippets"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, copy / folder)
    return copy


def build_once(
    repo: Path, execute: bool, cache: str, site: str, backend: str = "fork"
) -> tuple[float, float]:
    """Wall time of one build in a fresh process (interpreter and imports included), and the
    time the build itself reported (from loading mkdocs.yml to the end of the build)."""
    code = BUILD.format(
        config=str(repo / "mkdocs.yml"), site=site, execute=execute, cache=cache, backend=backend
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=repo, capture_output=True, text=True
    )
    return time.perf_counter() - started, float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--fresh", type=int, default=3)
    parser.add_argument("--builds", type=int, default=3)
    arguments = parser.parse_args()

    walls, computes, startup = session_overhead(arguments.sessions, "fork")
    overhead = [wall - compute for wall, compute in zip(walls, computes, strict=True)]
    spawn_walls, spawn_computes, _ = session_overhead(arguments.sessions // 4, "spawn")
    spawn_overhead = [w - c for w, c in zip(spawn_walls, spawn_computes, strict=True)]
    batches = {b: batch_per_session(arguments.sessions, b) for b in ("fork", "spawn")}
    fresh = fresh_interpreter(arguments.fresh)

    cold_spawn: list[tuple[float, float]] = []
    cold: list[tuple[float, float]] = []
    warm: list[tuple[float, float]] = []
    off: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="lg-bench-") as scratch:
        repo = snapshot(Path(scratch))
        for run in range(arguments.builds):
            cache = f"{scratch}/cache-{run}"
            cold.append(build_once(repo, True, cache, f"{scratch}/site-cold"))
            spawn_cache = f"{scratch}/cache-spawn-{run}"
            cold_spawn.append(build_once(repo, True, spawn_cache, f"{scratch}/site-cs", "spawn"))
            for _ in range(2):  # warm and off alternate, so machine load hits both alike
                warm.append(build_once(repo, True, cache, f"{scratch}/site-warm"))
                off.append(build_once(repo, False, cache, f"{scratch}/site-off"))

    print("livegarden live-code benchmark (medians; 2 vCPUs shared, numbers are noisy)")
    print(
        f"  per-session overhead, warm fork server  {median_ms(overhead)}"
        f"   (n={len(overhead)}, target <= 50 ms)"
    )
    print(
        f"  per-session overhead, portable server, one at a time {median_ms(spawn_overhead)}"
        f"   (n={len(spawn_overhead)}: each waits for a worker to warm up)"
    )
    print(
        f"  per session, {arguments.sessions} submitted at once:"
        f" fork {median_ms([batches['fork']])}, spawn {median_ms([batches['spawn']])}   (spawn/fork"
        f" {batches['spawn'] / batches['fork']:.1f}x)"
    )
    print(
        f"  fresh interpreter importing numpy+torch+matplotlib {median_ms(fresh)}"
        f"   (n={len(fresh)})"
    )
    print(f"  fork server start-up (once per build that runs code) {startup * 1000:8.1f} ms")
    for label, runs in (
        ("cold (empty cache)", cold),
        ("cold, portable server", cold_spawn),
        ("warm (all cached)", warm),
        ("execution off", off),
    ):
        walls_s, inner_s = [run[0] for run in runs], [run[1] for run in runs]
        print(
            f"  build docs/ {label:<19} {median_ms(walls_s)} process,"
            f" {median_ms(inner_s)} in-process   (n={len(runs)})"
        )
    for label, index in (("process", 0), ("in-process", 1)):
        ratio = statistics.median(run[index] for run in warm) / statistics.median(
            run[index] for run in off
        )
        print(f"  warm / off, {label:<11}                 {ratio:8.2f}      (target <= 1.15)")
    spawn_ratio = statistics.median(r[1] for r in cold_spawn) / statistics.median(
        r[1] for r in cold
    )
    print(f"  cold build, spawn / fork, in-process      {spawn_ratio:8.2f}")


if __name__ == "__main__":
    main()
