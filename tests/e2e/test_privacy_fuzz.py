"""Generated vaults over several seeds, built for real: private notes (with a marker each), files
no published note uses, and a private notebook; not one marker in any file of the site."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from scripts.synthetic_vault import generate_vault
from tests.conftest import run_mkdocs_build

CONFIG = """site_name: fuzz
docs_dir: vault
theme: {name: material, font: false}
plugins:
  - search
  - livegarden:
      execute: false
      execution_cache_dir: ""
"""


def _texts(path: Path) -> list[bytes]:
    """The bytes of a site file, and what a reader of it could decode from it."""
    data = path.read_bytes()
    found = [data]
    if path.suffix == ".gz":
        found.append(gzip.decompress(data))
    if path.suffix in (".json", ".ipynb"):
        found.append(json.dumps(json.loads(data), ensure_ascii=False).encode())
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_private_marker_in_any_file_of_the_site(tmp_path: Path, seed: int) -> None:
    vault = generate_vault(tmp_path / "vault", 60, seed=seed)
    extra = f"UNUSED-MARKER-{seed}"
    (tmp_path / "vault" / "attachments" / f"{extra}.png").write_bytes(extra.encode())
    (tmp_path / "vault" / "data.csv").write_text(f"a,b\n{extra},1\n")
    notebook = {"cells": [], "metadata": {"note": extra}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "vault" / "Private analysis.ipynb").write_text(json.dumps(notebook))
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    result = run_mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site", strict=False)
    assert result.returncode == 0, result.log
    markers = [marker.encode() for marker in (*vault.private_markers, extra)]
    assert len(markers) > 1
    files = [path for path in result.site_dir.rglob("*") if path.is_file()]
    assert len(files) > 60
    for path in files:
        name = path.relative_to(result.site_dir).as_posix().encode()
        for text in (name, *_texts(path)):
            for marker in markers:
                assert marker not in text, (path, marker)
