"""Values describing what a session produced, with a lossless JSON form for cache and freezer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Origin = Literal["fresh", "cached", "frozen", "stale"]
BlockStatus = Literal["ok", "error", "not-run"]
ErrorKind = Literal[
    "exception", "timeout", "exit", "crash", "memory", "output", "no-gpu", "engine", "syntax"
]


@dataclass(frozen=True, slots=True)
class Frame:
    """One traceback frame. `file` is `<block N>` for code of the session's N-th snippet."""

    file: str
    line: int
    function: str
    text: str


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """Why a block failed, with the traceback kept structured so lines can be remapped."""

    kind: ErrorKind
    summary: str
    frames: tuple[Frame, ...] = ()
    exception: str = ""
    block_line: int | None = None  # 1-based line inside the block's code, when known


@dataclass(frozen=True, slots=True)
class Display:
    """A rich value shown after a block: its last expression or a `display()` call."""

    mime: str  # text/html, text/markdown or text/plain
    data: str


@dataclass(frozen=True, slots=True)
class Figure:
    """A matplotlib figure captured at the end of a block."""

    mime: str  # image/svg+xml or image/png
    data: str  # SVG text, or base64 for PNG
    digest: str

    @property
    def filename(self) -> str:
        return f"{self.digest[:20]}.{'svg' if self.mime == 'image/svg+xml' else 'png'}"


@dataclass(frozen=True, slots=True)
class BlockResult:
    status: BlockStatus
    stdout: str = ""
    stderr: str = ""
    displays: tuple[Display, ...] = ()
    figures: tuple[Figure, ...] = ()
    error: ErrorInfo | None = None
    duration_s: float = 0.0


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where and when a result was produced."""

    cpu: str
    gpu: str | None
    python: str
    versions: dict[str, str] = field(default_factory=dict)
    date: str = ""
    duration_s: float = 0.0


@dataclass(frozen=True, slots=True)
class SessionResult:
    """What a session produced. `inputs` maps each repository file it read (and each folder it
    listed, name ending in `/`) to its digest at that moment; see `inputs.py`."""

    blocks: tuple[BlockResult, ...]
    provenance: Provenance
    origin: Origin = "fresh"
    inputs: dict[str, str] = field(default_factory=dict)

    @property
    def is_ok(self) -> bool:
        return all(block.status == "ok" for block in self.blocks)

    @property
    def failure(self) -> tuple[int, ErrorInfo] | None:
        """The first failed block's position and error, if any."""
        for number, block in enumerate(self.blocks):
            if block.error is not None and block.status == "error":
                return number, block.error
        return None

    @property
    def failures(self) -> list[tuple[int, ErrorInfo]]:
        """Every failed block (more than one only in a note that keeps going), in order."""
        return [
            (number, block.error)
            for number, block in enumerate(self.blocks)
            if block.error is not None and block.status == "error"
        ]

    def with_origin(self, origin: Origin) -> SessionResult:
        return replace(self, origin=origin)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_json(data: dict[str, Any]) -> SessionResult:
        """Rebuild from `to_json`; raises KeyError/TypeError/ValueError on malformed data."""
        blocks = []
        for block in data["blocks"]:
            error = block.get("error")
            blocks.append(
                BlockResult(
                    status=block["status"],
                    stdout=str(block["stdout"]),
                    stderr=str(block["stderr"]),
                    displays=tuple(Display(**item) for item in block["displays"]),
                    figures=tuple(Figure(**item) for item in block["figures"]),
                    error=None
                    if error is None
                    else ErrorInfo(
                        kind=error["kind"],
                        summary=error["summary"],
                        frames=tuple(Frame(**frame) for frame in error["frames"]),
                        exception=error["exception"],
                        block_line=error["block_line"],
                    ),
                    duration_s=float(block["duration_s"]),
                )
            )
        inputs = data.get("inputs", {})  # absent in results frozen before inputs were recorded
        if not isinstance(inputs, dict) or not all(
            isinstance(name, str) and isinstance(digest, str) for name, digest in inputs.items()
        ):
            raise ValueError("malformed inputs")
        return SessionResult(
            blocks=tuple(blocks),
            provenance=Provenance(**data["provenance"]),
            origin=data["origin"],
            inputs=dict(inputs),
        )
