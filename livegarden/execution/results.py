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


#: Where a rich output came in its block: the characters of stdout and of stderr printed
#: before it, and its rank among the block's displays and figures. None in results made before
#: positions were kept: such outputs follow all the text, displays before figures.
Position = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Display:
    """A rich value shown by a block: its last expression or a `display()` call."""

    mime: str  # the representation shown: text/html, text/markdown, text/latex, text/plain...
    data: str
    position: Position | None = None
    alternatives: dict[str, str] = field(default_factory=dict)  # other text forms (notebooks)


IMAGE_SUFFIXES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}


@dataclass(frozen=True, slots=True)
class Figure:
    """An image a block showed: a matplotlib figure, or a displayed SVG, PNG or JPEG."""

    mime: str  # image/svg+xml, image/png or image/jpeg
    data: str  # SVG text, or base64 for the others
    digest: str
    position: Position | None = None
    alt: str = ""  # what it shows, from its titles and axis labels ("" when it has none)

    @property
    def filename(self) -> str:
        return f"{self.digest[:20]}.{IMAGE_SUFFIXES.get(self.mime, 'png')}"


@dataclass(frozen=True, slots=True)
class Stream:
    """A stretch of a block's stdout or stderr, between two rich outputs."""

    name: Literal["stdout", "stderr"]
    text: str


Output = Stream | Display | Figure


@dataclass(frozen=True, slots=True)
class BlockResult:
    status: BlockStatus
    stdout: str = ""
    stderr: str = ""
    displays: tuple[Display, ...] = ()
    figures: tuple[Figure, ...] = ()
    error: ErrorInfo | None = None
    duration_s: float = 0.0

    def outputs(self) -> list[Output]:
        """Text, displays and figures in the order the block produced them (as a notebook
        cell lists them); within one stretch between rich outputs, stdout comes first. Outputs
        without a position (older results) follow all the text, displays before figures."""
        rich: list[Display | Figure] = [*self.displays, *self.figures]
        rich.sort(key=lambda item: (item.position is None, item.position and item.position[2]))
        ordered: list[Output] = []
        cursors = {"stdout": 0, "stderr": 0}
        texts = {"stdout": self.stdout, "stderr": self.stderr}

        def text_until(name: Literal["stdout", "stderr"], end: int | None) -> None:
            stop = len(texts[name]) if end is None else max(cursors[name], end)
            if texts[name][cursors[name] : stop]:
                ordered.append(Stream(name, texts[name][cursors[name] : stop]))
            cursors[name] = stop

        for item in rich:
            text_until("stdout", None if item.position is None else item.position[0])
            text_until("stderr", None if item.position is None else item.position[1])
            ordered.append(item)
        text_until("stdout", None)
        text_until("stderr", None)
        return ordered


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
                    displays=tuple(
                        Display(**{**item, "position": _position(item.get("position"))})
                        for item in block["displays"]
                    ),
                    figures=tuple(
                        Figure(**{**item, "position": _position(item.get("position"))})
                        for item in block["figures"]
                    ),
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


def _position(value: Any) -> Position | None:
    """A position read back from JSON (a list there), or None."""
    if value is None:
        return None
    first, second, third = (int(item) for item in value)
    return first, second, third
