"""The pinned sets agree with each other and with what the code needs: requirements/build.txt
holds everything a build imports (the plugin, its notebook pages, what the notes' live code
imports), requirements.txt adds only tools on top of it, torch-cuda.txt only CUDA packages, and
the environment the tests run in is exactly the pinned one."""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from livegarden.pytest_plugin import collect_cases
from tests.conftest import REPO

BUILD = REPO / "requirements" / "build.txt"
DEV = REPO / "requirements.txt"
CUDA = REPO / "requirements" / "torch-cuda.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)$")


def pins(path: Path) -> dict[str, str]:
    """Canonical name -> pinned version; any line that is not a pin, a comment, the editable
    install of this package or the include of build.txt fails the test."""
    found: dict[str, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line or line.startswith("#") or line in {"-e .", "-r requirements/build.txt"}:
            continue
        match = PIN.match(line)
        assert match, f"{path.name}:{number}: {line!r} is not an exact pin"
        name = canonicalize_name(match[1])
        assert name not in found, f"{path.name}:{number}: {match[1]} pinned twice"
        found[name] = match[2]
    return found


def closure(roots: list[str]) -> set[str]:
    """Every distribution the roots need, by their installed metadata (extras as named)."""
    seen: set[str] = set()
    todo = [Requirement(root) for root in roots]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        extras = requirement.extras
        if name in seen and not extras:
            continue
        seen.add(name)
        for line in metadata.requires(requirement.name) or []:
            needed = Requirement(line)
            if needed.marker is None or any(
                needed.marker.evaluate({"extra": extra}) for extra in (extras or {""})
            ):
                todo.append(needed)
    return seen


def imported_modules() -> set[str]:
    """Top-level modules imported by every exec block of docs/ and every snippets/*.py."""
    sources = [
        case.session.snippets[case.position].code
        for case in collect_cases(REPO)
        if case.session is not None
    ]
    sources += [script.read_text() for script in (REPO / "snippets").glob("*.py")]
    modules: set[str] = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue  # IPython syntax (% magics); their imports are on other lines
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    return modules


def test_every_line_is_an_exact_pin_and_no_package_is_in_two_files() -> None:
    build, dev, cuda = pins(BUILD), pins(DEV), pins(CUDA)
    assert "-r requirements/build.txt" in DEV.read_text().splitlines()
    assert not set(build) & set(dev), "a package pinned in both build.txt and requirements.txt"
    assert not set(build) & set(cuda), "torch-cuda.txt repeats a package of build.txt"
    assert all(name.startswith(("nvidia-", "cuda-", "triton")) for name in cuda)


def test_the_cuda_lock_was_resolved_for_the_pinned_torch() -> None:
    assert f"torch=={pins(BUILD)['torch']}" in CUDA.read_text().splitlines()[0]


def test_a_build_needs_nothing_outside_build_txt() -> None:
    build = set(pins(BUILD))
    needed = closure(["livegarden[notebooks]"])
    assert needed - build - {"livegarden"} == set()
    shipped = metadata.packages_distributions()
    for module in sorted(imported_modules()):
        if module in sys.stdlib_module_names or module not in shipped:
            continue  # the standard library, or a module of snippets/ itself
        owners = {canonicalize_name(name) for name in shipped[module]}
        assert owners & build, f"the notes import {module}, which build.txt does not pin"
        needed |= closure(sorted(owners & build))
    assert needed - build - {"livegarden"} == set()


def test_build_txt_holds_no_tool_that_only_the_checks_use() -> None:
    for tool in ("pytest", "mypy", "ruff", "playwright", "hypothesis", "properdocs"):
        assert tool not in pins(BUILD), f"{tool} belongs in requirements.txt"


def test_the_test_environment_is_exactly_the_pinned_set() -> None:
    wanted = pins(BUILD) | pins(DEV)
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version for dist in metadata.distributions()
    }
    installed.pop("livegarden")
    installed.pop("pip", None)
    # a version with a local label (torch 2.13.0+cpu) satisfies its pin
    differing = {
        name: (wanted.get(name), installed.get(name))
        for name in set(wanted) | set(installed)
        if (installed.get(name) or "").split("+")[0] != wanted.get(name)
    }
    assert differing == {}, "pinned (left) and installed (right) differ"
