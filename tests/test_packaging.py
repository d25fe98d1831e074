"""The wheel users install holds every file the plugin reads at run time, not only Python."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_the_wheel_carries_every_non_python_file_the_package_uses(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a clean copy: setuptools reuses a tree's build/ folder
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(
        REPO / "livegarden", source / "livegarden", ignore=shutil.ignore_patterns("__pycache__")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("livegarden-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    package = REPO / "livegarden"
    needed = {
        path.relative_to(REPO).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    }
    assert "livegarden/maths/mathjax_server.js" in needed
    assert needed <= inside, sorted(needed - inside)
