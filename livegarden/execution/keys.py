"""Cache keys: digests of a session's code as executed, its inputs and its environment.

Two digests exist. The *code key* covers what the author controls (code, execution-relevant
options, the `snippets/` files the session runs or imports); frozen results are checked against
it, since they were made on another machine on purpose. The *session key* adds the interpreter,
package versions, device class, run mode and engine limits; the cache store is addressed by it.
Files a session reads at run time are not in either key: they are only known after the run, so
they are stored with the result and checked on reuse (`inputs.py`).
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

from livegarden.execution.environment import Environment
from livegarden.execution.sessions import Session

# Bump when the runner or the result format changes what a result holds. It is part of the
# session key only: frozen results (code key) stay valid across engine versions.
ENGINE_FORMAT = 9


def _digest(payload: object) -> str:
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _imported_modules(source: str) -> set[str]:
    """Top-level names of the absolute imports in `source` (statements only are walked)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        else:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    for child in children:
                        if isinstance(child, ast.ExceptHandler | ast.match_case):
                            pending.extend(child.body)
                        elif isinstance(child, ast.stmt):
                            pending.append(child)
    return names


def _module_file(snippets_dir: Path, name: str) -> Path | None:
    for candidate in (snippets_dir / f"{name}.py", snippets_dir / name / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _snippets_modules(snippets_dir: Path) -> tuple[str, ...]:
    """Names importable from `snippets/` (modules and packages)."""
    if not snippets_dir.is_dir():
        return ()
    names = []
    for path in snippets_dir.iterdir():
        if path.suffix == ".py":
            names.append(path.stem)
        elif (path / "__init__.py").is_file():
            names.append(path.name)
    return tuple(sorted(names))


def session_inputs(session: Session, repo_root: Path) -> dict[str, str]:
    """Repo files the session runs or imports from `snippets/`, mapped to their content digest.

    Followed transitively through imports between `snippets/` modules. A module package pulls in
    every file of its folder. A missing `file=` target maps to `missing`.
    """
    snippets_dir = repo_root / "snippets"
    pending: list[str] = []
    files: dict[str, str] = {}

    def visit(path: Path) -> None:
        relative = path.relative_to(repo_root).as_posix()
        if relative in files:
            return
        try:
            data = path.read_bytes()
        except OSError:  # unreadable: the session will say so when it imports it
            files[relative] = "unreadable"
            return
        files[relative] = hashlib.sha256(data).hexdigest()
        pending.append(data.decode("utf-8", errors="replace"))
        if path.name == "__init__.py":
            for sibling in sorted(path.parent.rglob("*.py")):
                visit(sibling)

    modules = _snippets_modules(snippets_dir)

    for snippet in session.snippets:
        if snippet.options.file is not None:
            target = repo_root / snippet.options.file
            if target.is_file():
                visit(target)
            else:
                files[snippet.options.file] = "missing"
        pending.append(snippet.code)
        while pending:
            source = pending.pop()
            if not any(name in source for name in modules):
                continue  # cheap test first: parsing every block would cost more than the rest
            for name in sorted(_imported_modules(source)):
                module = _module_file(snippets_dir, name)
                if module is not None:
                    visit(module)
    return files


def code_key(session: Session, inputs: dict[str, str]) -> str:
    """Digest of what the author controls and the session can see of itself: its note (it is
    `sys.argv[0]`), code, execution options and files; prose, titles and display options stay
    out."""
    blocks = [[s.code, s.options.execution_relevant()] for s in session.snippets]
    return _digest({"note": session.note, "blocks": blocks, "inputs": inputs})


def session_key(
    code_digest: str, environment: Environment, mode: str, limits: dict[str, object]
) -> str:
    """Digest addressing the cache store: code key plus everything else a result depends on."""
    return _digest(
        {
            "format": ENGINE_FORMAT,
            "code": code_digest,
            "environment": environment.fingerprint(),
            "mode": mode,
            "limits": limits,
        }
    )
