"""What users install: the wheel holds every file the plugin reads at run time, and installed
into a fresh virtual environment, with only its declared dependencies, it builds a small vault
with a wiki-link, math and live code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


def build_wheel(tmp_path: Path) -> Path:
    """The package's wheel, built from a clean copy of its sources (setuptools would reuse a
    tree's build/ folder, hiding a file the package data leaves out)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
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
    return wheel


def test_the_wheel_carries_every_non_python_file_the_package_uses(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    inside = set(zipfile.ZipFile(wheel).namelist())
    package = REPO / "livegarden"
    needed = {
        path.relative_to(REPO).as_posix()
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    }
    assert "livegarden/maths/mathjax_server.js" in needed
    assert needed <= inside, sorted(needed - inside)


def test_the_wheel_says_what_it_is_for_and_under_which_license(tmp_path: Path) -> None:
    wheel = zipfile.ZipFile(build_wheel(tmp_path))
    info = next(name for name in wheel.namelist() if name.endswith(".dist-info/METADATA"))
    metadata = wheel.read(info).decode()
    assert "License-Expression: MIT" in metadata
    for classifier in ("Framework :: MkDocs", "Framework :: Pytest", "Operating System :: OS"):
        assert f"Classifier: {classifier}" in metadata
    licence = info.replace("METADATA", "licenses/LICENSE")
    assert wheel.read(licence).decode().startswith("MIT License")


VAULT_NOTE = """---
dg-publish: true
dg-home: true
---
# Start

See [[Second note]]. The mean is $\\bar x = \\frac{1}{n}\\sum_i x_i$.

```python exec
values = [1, 2, 3]
print("mean", sum(values) / len(values))
```
"""


@pytest.mark.slow
def test_a_fresh_install_builds_a_vault_with_live_code(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    vault = tmp_path / "vault"
    (vault / "docs").mkdir(parents=True)
    (vault / "mkdocs.yml").write_text(
        "site_name: fresh\ntheme:\n  name: material\nplugins:\n  - search\n  - livegarden\n"
    )
    (vault / "docs" / "Start.md").write_text(VAULT_NOTE)
    (vault / "docs" / "Second note.md").write_text("---\ndg-publish: true\n---\n# Second\n")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHONPATH", "LIVEGARDEN_NODE"}
    }
    build = subprocess.run(
        [str(python), "-m", "mkdocs", "build", "--strict"],
        cwd=vault,
        capture_output=True,
        text=True,
        env={**env, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    page = (vault / "site" / "index.html").read_text(encoding="utf-8")
    assert "mean 2.0" in page  # the block ran
    assert "<mjx-container" in page  # the formula was typeset by the installed Node.js
    assert 'href="Second%20note/"' in page  # the wiki-link resolved
