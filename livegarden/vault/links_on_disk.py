"""Symbolic links in the vault: which ones may be followed (they stay inside the vault and do
not loop) and which not (they leave the vault, loop, or point nowhere).

A vault is a private folder: a link to `/etc/passwd` or to the repository must not bring the
host's files into the site, and a link back to a parent folder must not make the walk endless.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RefusedLink:
    """A symbolic link of the vault that is not followed, and why."""

    path: str  # vault-relative POSIX path of the link itself
    reason: str


def refused_links(docs_dir: Path) -> list[RefusedLink]:
    """Every symbolic link under `docs_dir` that must not be followed (the walk itself follows
    none, so it always ends)."""
    root = docs_dir.resolve()
    refused: list[RefusedLink] = []
    for current, folders, names in os.walk(docs_dir, followlinks=False):
        for name in (*folders, *names):
            path = Path(current) / name
            if not path.is_symlink():
                continue
            relative = path.relative_to(docs_dir).as_posix()
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                refused.append(RefusedLink(relative, "points nowhere (or to itself)"))
                continue
            if not target.is_relative_to(root):
                refused.append(RefusedLink(relative, "points outside the vault"))
            elif target.is_dir() and path.parent.resolve().is_relative_to(target):
                refused.append(RefusedLink(relative, "points back to a folder that holds it"))
    return refused


def vault_files(docs_dir: Path, refused: list[RefusedLink]) -> Iterator[str]:
    """Vault-relative paths of every file, following only the links not `refused`."""
    skip = {link.path for link in refused}
    for current, folders, names in os.walk(docs_dir, followlinks=True):
        base = Path(current).relative_to(docs_dir).as_posix()
        prefix = "" if base == "." else f"{base}/"
        folders[:] = sorted(folder for folder in folders if prefix + folder not in skip)
        for name in sorted(names):
            if prefix + name not in skip:
                yield prefix + name
