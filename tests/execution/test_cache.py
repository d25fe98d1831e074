"""The cache store: atomic entries, corruption detected, collection only of unused entries."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from livegarden.execution.cache import CacheStore, Corrupt, Hit, Miss, decode_entry

KEY = "ab" + "0" * 62


def test_round_trip_and_miss(tmp_path: Path) -> None:
    store = CacheStore(tmp_path)
    assert isinstance(store.load(KEY), Miss)
    store.store(KEY, {"result": {"x": [1, "é"]}})
    assert store.load(KEY) == Hit({"result": {"x": [1, "é"]}})
    assert store.path_for(KEY).parent.name == "ab"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + (b"}" if data[-1:] != b"}" else b"]"),
        lambda data: data.replace(b"livegarden-cache-v1", b"something-else"),
        lambda data: b"",
        lambda data: data.split(b"\n", 1)[1],
    ],
    ids=["truncated", "altered byte", "unknown header", "empty", "header missing"],
)
def test_damaged_entries_are_corrupt_never_hits(damage, tmp_path: Path) -> None:
    store = CacheStore(tmp_path)
    store.store(KEY, {"result": {"value": 42}})
    path = store.path_for(KEY)
    path.write_bytes(damage(path.read_bytes()))
    assert isinstance(store.load(KEY), Corrupt)


def test_collect_keeps_used_entries_and_removes_the_rest(tmp_path: Path) -> None:
    store = CacheStore(tmp_path)
    keep, drop = "aa" + "1" * 62, "bb" + "2" * 62
    store.store(keep, {})
    store.store(drop, {})
    (tmp_path / "aa" / ".tmp-leftover.part").write_bytes(b"half")
    assert store.collect({keep}) == 2
    assert store.keys() == {keep}
    assert not (tmp_path / "aa" / ".tmp-leftover.part").exists()


WRITER = """
import sys
from pathlib import Path
from livegarden.execution.cache import CacheStore
store = CacheStore(Path(sys.argv[1]))
blob = "x" * 200_000
n = 0
print("ready", flush=True)
while True:
    store.store(f"{n % 50:02d}" + "f" * 62, {"n": n, "blob": blob})
    n += 1
"""


def test_killing_a_writer_at_any_moment_leaves_only_whole_entries(tmp_path: Path) -> None:
    """A real process writing entries is killed (SIGKILL) mid-stream several times."""
    for attempt in range(4):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        time.sleep(0.05 + 0.07 * attempt)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    store = CacheStore(tmp_path)
    keys = store.keys()
    assert keys, "the writer should have completed some entries"
    for key in keys:
        loaded = store.load(key)
        assert isinstance(loaded, Hit), (key, loaded)
        assert len(loaded.payload["blob"]) == 200_000
    for path in tmp_path.glob("??/*.json"):
        decode_entry(path.read_bytes())
