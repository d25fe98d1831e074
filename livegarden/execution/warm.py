"""What a session process holds before its session starts: the heavy libraries and the shell.

Both session servers warm up the same way, so a block sees the same interpreter under either:
the fork server (`zygote.py`) does it once and copies it into every session by `fork`; the
portable server (`spawner.py`) does it in each fresh worker process ahead of its session.
"""

from __future__ import annotations

import importlib
import sys


def preimport(modules: list[str]) -> list[str]:
    """Import `modules` (those missing are skipped) and set them up as sessions expect:
    matplotlib drawing with our backend and stable SVG ids, torch on one thread."""
    loaded = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a missing optional library is fine: snippets import what they need
            continue
        loaded.append(name)
    if "matplotlib" in sys.modules:
        matplotlib = sys.modules["matplotlib"]
        from livegarden.execution.shell import BACKEND

        matplotlib.use(BACKEND)  # Agg drawing; plt.show() emits figures into the block
        matplotlib.rcParams["svg.hashsalt"] = "livegarden"
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)
    return loaded


def warm_up(modules: list[str]) -> list[str]:
    """Everything before the first session: the libraries, the session code, IPython's shell."""
    loaded = preimport(modules)
    from livegarden.execution import child  # noqa: F401  # loaded before the session starts
    from livegarden.execution.shell import create_shell

    create_shell()
    return loaded
