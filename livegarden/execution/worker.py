"""A spare session process of the portable server (`spawner.py`): warms up, then runs one session.

Run as `python -m livegarden.execution.worker --preimport numpy,torch,matplotlib.pyplot`.
It imports the libraries and makes the shell (as the fork server does once), writes `ready` on
stdout, reads one session request (a JSON line) from stdin, and runs it with `child.py`, which
redirects stdout and stderr to the session's files: the server keeps a copy of the original
stdout as the session's control channel. The server never closes stdin while it lives, so
the end of stdin means the server is gone and the session ends with everything it started.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading


def _read_line(fd: int) -> bytes:
    """One line from `fd`, read without a buffer that could swallow what follows it."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 1)
        if not chunk:
            return data
        data += chunk
    return data


def _end_with_server(fd: int) -> None:
    """Wait for the end of the server's pipe, then end this process and its group."""
    with contextlib.suppress(OSError):
        while os.read(fd, 4096):
            pass
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            os.killpg(os.getpgid(0), signal.SIGKILL)
    os._exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preimport", default="numpy,torch,matplotlib.pyplot")
    arguments = parser.parse_args()
    control = os.dup(1)  # child.py points fd 1 at the session's `out` file
    requests = os.dup(0)  # and fd 0 at the null device
    from livegarden.execution.warm import warm_up

    warm_up([name for name in arguments.preimport.split(",") if name])
    os.write(control, b"ready\n")
    line = _read_line(requests)
    if not line.strip():
        os._exit(0)  # the server went away before it needed us
    threading.Thread(target=_end_with_server, args=(requests,), daemon=True).start()
    from livegarden.execution import child

    child.run_session(json.loads(line), control)


if __name__ == "__main__":
    main()
