"""Split a note into its YAML frontmatter and body, reporting broken frontmatter as a value.

Hand-written around `yaml.safe_load` because we need the body's first line number (for warnings
that name a line) and must accept the one-line JSON form Digital Garden writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_CLOSERS = ("---", "...")
# libyaml's loader is about ten times faster than the pure-Python one; same safe subset.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Frontmatter:
    """The parsed frontmatter of one note and where its body starts (1-based line)."""

    data: dict[str, Any] = field(default_factory=dict)
    body_line: int = 1
    body: str = ""
    error: str | None = None


def parse_frontmatter(text: str) -> Frontmatter:
    """Split `text`; a frontmatter block that is not a YAML mapping is reported in `error`.

    The split mirrors MkDocs: a first line `---`, then YAML, then a line `---` or `...`.
    When the YAML is broken MkDocs keeps the whole text as the body, and so do we.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Frontmatter(body=text)
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in _CLOSERS:
            block = "\n".join(lines[1:number])
            body = "\n".join(lines[number + 1 :])
            try:
                data = yaml.load(block, Loader=_LOADER) if block.strip() else {}
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                where = f" (line {mark.line + 2})" if mark is not None else ""
                problem = getattr(error, "problem", None) or "syntax error"
                return Frontmatter(
                    body=text, error=f"frontmatter is not valid YAML{where}: {problem}"
                )
            if data is None:
                data = {}
            if not isinstance(data, dict):
                return Frontmatter(
                    body=text, error="frontmatter is not a mapping of keys to values"
                )
            clean = {str(key): value for key, value in data.items()}
            return Frontmatter(data=clean, body_line=number + 2, body=body)
    return Frontmatter(body=text)


def string_list(value: Any, *, split_spaces: bool) -> tuple[str, ...]:
    """A frontmatter value that may be a string, a comma (or space) separated string, or a list.

    Tags split on spaces too (`tags: ai nlp`); aliases do not (`aliases: Deep Learning`).
    """
    if value is None:
        return ()
    if isinstance(value, str):
        chunks = [chunk.strip() for chunk in value.split(",")]
        parts = [part for chunk in chunks for part in chunk.split()] if split_spaces else chunks
        return tuple(part for part in parts if part)
    if isinstance(value, (list, tuple)):
        return tuple(str(item).strip() for item in value if item is not None and str(item).strip())
    return (str(value),)
