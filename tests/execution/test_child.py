"""The session process's own parts that differ by OS: the block timer without SIGALRM."""

from __future__ import annotations

import subprocess
import sys

# Run in a process of its own: the timer interrupts the main thread, which pytest may not use.
_TIMED_OUT = """
import time
from livegarden.execution.child import BlockTimer, SnippetTimeout

timer = BlockTimer(use_signal=False)  # what Windows gets
started = time.perf_counter()
timer.arm(0.3)
try:
    while True:  # pure Python: the asynchronous exception lands at the next instruction
        pass
except SnippetTimeout:
    print(f"stopped after {time.perf_counter() - started:.1f}")
finally:
    timer.disarm()

timer.arm(0.2)
timer.disarm()  # a block that ends in time is never interrupted afterwards
time.sleep(0.5)
print("no late interrupt")
"""


def test_the_thread_timer_stops_a_block_and_a_disarmed_one_never_fires() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _TIMED_OUT], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("stopped after 0.") and lines[1] == "no late interrupt", lines
