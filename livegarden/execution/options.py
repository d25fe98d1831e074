"""Typed per-snippet options, parsed from a fence's info string.

Hand-written because the info-string grammar is ours (contract section 1): a short shlex-style
tokenizer is clearer than bending an attribute-list parser to accept bare flags.
"""

from __future__ import annotations

import difflib
import re
import shlex
from dataclasses import dataclass, field
from typing import Literal

SourceMode = Literal["shown", "hidden", "folded"]
OutputMode = Literal["text", "markdown", "html"]

DEFAULT_TIMEOUT_S = 120.0
_TRUE_WORDS = frozenset({"on", "1", "true", "yes"})
_FLAGS = ("freeze", "isolated", "gpu")
_VALUED = ("id", "title", "alt", "source", "output", "timeout", "file", "args", "exec", "raises")


@dataclass(frozen=True, slots=True)
class SnippetOptions:
    """What an author can say about one runnable block.

    Only `timeout_s`, `file`, `args` and `needs_gpu` change what runs (they enter the cache key);
    the others change how the result is shown.
    """

    block_id: str | None = None
    title: str | None = None
    alt: str | None = None  # what its figures show, for readers who cannot see them
    source: SourceMode = "shown"
    output: OutputMode = "text"
    timeout_s: float = DEFAULT_TIMEOUT_S
    freeze: bool = False
    isolated: bool = False
    file: str | None = None
    args: tuple[str, ...] = ()
    needs_gpu: bool = False
    raises: str | None = None  # expected to raise: "" any exception, else its class name
    keep_going: bool = False  # the note says: after an unexpected error, run on (as Jupyter)

    def execution_relevant(self) -> dict[str, object]:
        """The options that change what runs; cosmetic ones stay out of cache keys. The error
        policy enters only when set, so keys made before it existed stay valid."""
        relevant: dict[str, object] = {
            "timeout_s": self.timeout_s,
            "file": self.file,
            "args": list(self.args),
            "gpu": self.needs_gpu,
        }
        if self.raises is not None:
            relevant["raises"] = self.raises
        if self.keep_going:
            relevant["keep_going"] = True
        return relevant


@dataclass(frozen=True, slots=True)
class ParsedInfo:
    """The result of reading one info string: options, or None when the block is not a snippet."""

    options: SnippetOptions | None
    problems: tuple[str, ...] = field(default=())


_TOKEN = re.compile(r"""([^\s=]+)(?:=(?:"([^"]*)"|'([^']*)'|(\S*)))?""")


def _tokens(rest: str) -> list[str]:
    """`key="a b"`, `key=v` and bare flags, as `key=a b` / `key=v` / `flag` strings."""
    tokens = []
    for match in _TOKEN.finditer(rest):
        name, double, single, bare = match.groups()
        value = double if double is not None else single if single is not None else bare
        tokens.append(name if value is None else f"{name}={value}")
    return tokens


def _arguments(value: str) -> tuple[str, ...]:
    try:
        return tuple(shlex.split(value))
    except ValueError:  # an unbalanced quote: whitespace still gives the author something
        return tuple(value.split())


def _did_you_mean(written: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(written.lower(), known, n=1, cutoff=0.6)
    if not close:
        return f"; the options are {', '.join(sorted({*_FLAGS, *_VALUED} - {'exec'}))}"
    return f"; did you mean {close[0]}?"


def parse_info(info: str) -> ParsedInfo:
    """Read a fence info string such as `python exec title="Demo" freeze`.

    A block is a snippet when the language is `python` (or `py`) and `exec` appears as a bare
    word or as markdown-exec's `exec="on"|"1"|"true"`. Unknown or malformed options are reported
    as problems; the block still runs with the defaults for those options.
    """
    words = info.strip()
    if "exec" not in words:
        return ParsedInfo(None)
    language, _, rest = words.partition(" ")
    language = language.strip().lstrip("{").lstrip(".")
    if language not in ("python", "py", "python3"):
        return ParsedInfo(None)
    values: dict[str, str] = {}
    flags: set[str] = set()
    problems: list[str] = []
    for token in _tokens(rest):
        name, equals, value = token.partition("=")
        name = name.strip()
        if not equals:
            flags.add(name)
        elif name in _VALUED:
            values[name] = value
        else:
            problems.append(f"unknown option {name}={value!r}{_did_you_mean(name, _VALUED)}")
    executable = "exec" in flags or values.get("exec", "").lower() in _TRUE_WORDS
    if not executable:
        return ParsedInfo(None)
    flags.discard("exec")
    raises = values.get("raises")
    if "raises" in flags:
        flags.discard("raises")
        raises = ""
    for flag in sorted(flags - set(_FLAGS)):
        if flag in _VALUED:
            problems.append(f'option {flag} needs a value, e.g. {flag}="…"')
        elif flag.startswith("title") or flag.startswith("{") or flag.startswith("."):
            continue  # attribute-list leftovers such as `{.python` are harmless
        else:
            problems.append(f"unknown flag {flag!r}{_did_you_mean(flag, (*_FLAGS, *_VALUED))}")

    source = values.get("source", "shown")
    if source not in ("shown", "hidden", "folded"):
        problems.append(f"source={source!r} must be shown, hidden or folded")
        source = "shown"
    output = values.get("output", "text")
    if output not in ("text", "markdown", "html"):
        problems.append(f"output={output!r} must be text, markdown or html")
        output = "text"
    timeout_s = DEFAULT_TIMEOUT_S
    if "timeout" in values:
        try:
            timeout_s = float(values["timeout"])
            if timeout_s <= 0:
                raise ValueError
        except ValueError:
            problems.append(f"timeout={values['timeout']!r} must be a positive number of seconds")
            timeout_s = DEFAULT_TIMEOUT_S
    args: tuple[str, ...] = ()
    if "args" in values:
        args = _arguments(values["args"])
        if "file" not in values:
            problems.append("args=… only applies to a file=… snippet")
    options = SnippetOptions(
        block_id=values.get("id") or None,
        title=values.get("title") or None,
        alt=values.get("alt") or None,
        source=source,  # type: ignore[arg-type]  # checked against the literal above
        output=output,  # type: ignore[arg-type]  # checked against the literal above
        timeout_s=timeout_s,
        freeze="freeze" in flags,
        isolated="isolated" in flags,
        file=values.get("file") or None,
        args=args,
        needs_gpu="gpu" in flags,
        raises=raises.strip() if raises is not None else None,
    )
    return ParsedInfo(options, tuple(problems))
