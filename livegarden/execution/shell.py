"""The IPython shell a session's blocks run in, so a cell behaves as it does in Jupyter.

IPython's `InteractiveShell` does the work: input transformations (`%magic`, `!cmd`, `obj?`),
magics, top-level `await`, `_`/`Out`/`In`, the pretty printer and the display formatter. What
is ours is where the results go. A Jupyter kernel sends them to a front end; here every result
(the value of a block's last expression, a `display()` call, a figure shown with `plt.show()`)
is appended to `OutputLog` with the stream positions it came after, so the page shows text,
values and figures in the order they were produced. Tracebacks are not printed: the session
describes the error itself (without IPython's frames), and cells are named `<block N>` so that
frames and warnings can be mapped to the note's lines when the page is rendered.

The shell is made once in the warm fork server (about 0.15 s with the import) and copied into
each session by `fork`; history is kept in memory only, so no thread or database is started.
"""

# IPython types its shell only in part; calls into its untyped methods are expected here.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import sys
import traceback
import warnings
from pathlib import Path
from types import TracebackType
from typing import Any

import IPython
from IPython.core.compilerop import CachingCompiler
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.formatters import DisplayFormatter
from IPython.core.interactiveshell import InteractiveShell
from traitlets import Type
from traitlets.config import Config

SVG_HEAVY_BYTES = 100 * 1024  # a figure whose SVG is larger is kept as PNG if that is smaller
JPEG_QUALITY = 80  # for figures that show pictures (imshow): a photo is far lighter as JPEG
PNG_DPI = 150  # sharp on a high-density screen at the page's width
BACKEND = "module://livegarden.execution.mpl_backend"

#: The representation a page shows, best first (as nbconvert's HTML export chooses).
SHOWN_MIMES = (
    "text/html",
    "text/markdown",
    "text/latex",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "application/json",
    "text/plain",
)
ALT_KEY = "text/x-livegarden-alt"
"""Where a figure's bundle carries its description (kept as the figure's alt, never shown)."""
IMAGE_MIMES = frozenset({"image/svg+xml", "image/png", "image/jpeg"})
ENGINE_DIRS = (
    str(Path(IPython.__file__).parent) + os.sep,
    str(Path(__file__).parent) + os.sep,
)


def is_engine_file(filename: str) -> bool:
    """Whether a traceback frame belongs to IPython or to this engine (and is not shown)."""
    return filename.startswith(ENGINE_DIRS) or filename.endswith(("runpy.py", "<frozen runpy>"))


def is_plot_object(value: object) -> bool:
    """matplotlib artists (or lists of them) left as a last expression: the figure says it all."""
    items = value if isinstance(value, list | tuple) and value else [value]
    return all(type(item).__module__.startswith("matplotlib") for item in items)


def _is_figure(value: object) -> bool:
    return any(
        cls.__module__ == "matplotlib.figure" and cls.__name__ == "Figure"
        for cls in type(value).__mro__
    )


def figure_bundle(figure: Any) -> dict[str, str | bytes]:
    """A matplotlib figure as SVG, or as PNG where that is lighter (a mesh, thousands of points),
    or as JPEG where it shows a picture and that is lighter still; a figure with nothing drawn
    is only its text, as Jupyter's inline backend does."""
    if not figure.axes and not figure.lines:
        return {"text/plain": repr(figure)}
    description = figure_description(figure)
    svg = _saved(figure, format="svg", metadata={"Date": None}, transparent=True)
    if len(svg) <= SVG_HEAVY_BYTES:
        return {"image/svg+xml": svg.decode("utf-8"), ALT_KEY: description}
    raster = {"dpi": PNG_DPI, "facecolor": "white"}
    choices = {"image/svg+xml": svg, "image/png": _saved(figure, format="png", **raster)}
    if any(axes.images for axes in figure.axes):
        quality = {"quality": JPEG_QUALITY}
        choices["image/jpeg"] = _saved(figure, format="jpeg", pil_kwargs=quality, **raster)
    mime = min(choices, key=lambda kind: len(choices[kind]))  # fewest bytes; SVG on a tie
    data = choices[mime]
    return {mime: data.decode("utf-8") if mime == "image/svg+xml" else data, ALT_KEY: description}


def _saved(figure: Any, **options: Any) -> bytes:
    """The figure as `savefig` writes it with `options`, cropped to what it draws."""
    buffer = io.BytesIO()
    figure.savefig(buffer, bbox_inches="tight", **options)
    return buffer.getvalue()


def figure_description(figure: Any) -> str:
    """A figure's alt text from what it says about itself: its title, each plot's title and
    axis labels ("" when it names nothing)."""
    parts: list[str] = []
    title = figure._suptitle.get_text().strip() if figure._suptitle is not None else ""
    if title:
        parts.append(title)
    for axes in figure.axes:
        if not axes.get_visible() or (not axes.axison and not axes.get_title()):
            continue
        named = [axes.get_title().strip()]
        labels = [("x", axes.get_xlabel().strip()), ("y", axes.get_ylabel().strip())]
        axis_text = ", ".join(f"{axis}: {label}" for axis, label in labels if label)
        if axis_text:
            named.append(f"({axis_text})")
        text = " ".join(part for part in named if part)
        if text and text not in parts:
            parts.append(text)
    return _plain_mathtext("; ".join(parts))


def _plain_mathtext(text: str) -> str:
    """Matplotlib's `$...$` mathtext as plain words for alt text: `$\\sigma_i u_i$` reads
    `sigma_i u_i` (a screen reader would spell out the dollars and backslashes)."""
    if "$" not in text:
        return text
    return re.sub(r"\\([A-Za-z]+)", r"\1", text).replace("$", "").replace("{", "").replace("}", "")


class OutputLog:
    """The rich outputs of the running block, in order, each with the byte sizes of stdout
    and stderr at that moment (the streams are files on descriptors 1 and 2)."""

    def __init__(self) -> None:
        self.displays: list[dict[str, Any]] = []
        self.figures: list[dict[str, Any]] = []

    def clear(self) -> None:
        self.displays, self.figures = [], []

    def _position(self) -> list[int]:
        sys.stdout.flush()
        sys.stderr.flush()
        return [os.fstat(1).st_size, os.fstat(2).st_size]

    def add(self, bundle: dict[str, Any]) -> None:
        """Keep one display: its best representation for the page, the others for notebooks."""
        shown = next((mime for mime in SHOWN_MIMES if bundle.get(mime) is not None), None)
        if shown is None:
            return
        after, order = self._position(), len(self.displays) + len(self.figures)
        data = bundle[shown]
        if shown in IMAGE_MIMES:
            svg = shown == "image/svg+xml"
            if isinstance(data, bytes):
                raw = data
            elif svg:
                raw = str(data).encode("utf-8")
            else:
                raw = base64.b64decode(data)  # already base64, as a kernel would send it
            text = raw.decode("utf-8") if svg else base64.b64encode(raw).decode()
            self.figures.append(
                {
                    "mime": shown,
                    "data": text,
                    "digest": hashlib.sha256(raw).hexdigest(),
                    "after": after,
                    "order": order,
                    "alt": str(bundle.get(ALT_KEY) or ""),
                }
            )
            return
        alternatives = {
            mime: _as_text(mime, value)
            for mime, value in bundle.items()
            if mime != shown and mime not in IMAGE_MIMES and value is not None
        }
        self.displays.append(
            {
                "mime": shown,
                "data": _as_text(shown, data),
                "after": after,
                "order": order,
                "alternatives": alternatives,
            }
        )

    def add_open_figures(self) -> None:
        """Show every open pyplot figure here (as `plt.show()` does) and close it."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is None:
            return
        for number in pyplot.get_fignums():
            figure = pyplot.figure(number)
            self.add(figure_bundle(figure))
        pyplot.close("all")


def _as_text(mime: str, value: Any) -> str:
    if mime == "application/json" and not isinstance(value, str):
        return json.dumps(value, indent=2, ensure_ascii=False)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


class _Publisher(DisplayPublisher):
    """`display()` calls land in the output log (`clear_output` has nothing to clear)."""

    outputs: OutputLog

    def publish(
        self, data: dict[str, Any], metadata: Any = None, *args: Any, **kwargs: Any
    ) -> None:
        self.outputs.add(data)

    def clear_output(self, wait: bool = False) -> None:
        return None


class _DisplayHook(DisplayHook):
    """The last expression's value: formatted as Jupyter does, kept in the log, no prompt."""

    outputs: OutputLog

    def __call__(self, result: Any = None) -> None:
        if result is not None and is_plot_object(result) and not self.quiet():
            self.check_for_underscore()
            self.update_user_ns(result)  # `_` is the artist, as in Jupyter; nothing shown
            self.fill_exec_result(result)
            return
        super().__call__(result)

    def start_displayhook(self) -> None:
        return None

    def write_output_prompt(self) -> None:
        return None

    def write_format_data(self, format_dict: Any, md_dict: Any = None) -> None:
        self.outputs.add(format_dict)

    def finish_displayhook(self) -> None:
        self._is_active = False


class _Formatter(DisplayFormatter):
    """IPython's formatter, plus matplotlib figures as images (the inline backend's job in
    Jupyter). A displayed figure is closed, so the end of the block does not show it again."""

    def format(self, obj: Any, include: Any = None, exclude: Any = None) -> Any:
        if _is_figure(obj):
            pyplot = sys.modules.get("matplotlib.pyplot")
            if pyplot is not None:
                pyplot.close(obj)
            return figure_bundle(obj), {}
        return super().format(obj, include, exclude)


class _Compiler(CachingCompiler):
    """Names each cell `<block N>`, N its position in the session (set before it runs)."""

    block_name = "<block 0>"

    def get_code_name(self, raw_code: str, transformed_code: str, number: int) -> str:
        return self.block_name


class SessionShell(InteractiveShell):
    """IPython's shell with outputs sent to an `OutputLog` and tracebacks left to the caller."""

    outputs: OutputLog
    system = InteractiveShell.system_raw  # `!cmd` writes straight to the session's stdout file
    displayhook_class = Type(_DisplayHook)
    display_pub_class = Type(_Publisher)
    compiler_class = Type(_Compiler)

    def init_display_formatter(self) -> None:
        self.display_formatter = _Formatter(parent=self)
        self.configurables.append(self.display_formatter)  # type: ignore[arg-type]

    def init_display_pub(self) -> None:
        super().init_display_pub()
        publisher = self.display_pub
        assert isinstance(publisher, _Publisher)
        publisher.outputs = self.outputs

    def init_displayhook(self) -> None:
        super().init_displayhook()
        hook = self.displayhook
        assert isinstance(hook, _DisplayHook)
        hook.outputs = self.outputs

    def enable_matplotlib(self, gui: str | None = None) -> tuple[str, str]:
        """`%matplotlib inline` (or any backend): figures are always shown inline here."""
        return "inline", BACKEND

    def showtraceback(
        self,
        exc_tuple: tuple[type[BaseException], BaseException, TracebackType | None] | None = None,
        filename: str | None = None,
        tb_offset: int | None = None,
        exception_only: bool = False,
        running_compiled_code: bool = False,
    ) -> None:
        """The block's own error is in its result; any other (a `_repr_html_` that raised,
        say, after which IPython falls back to plain text) is printed to stderr, as in Jupyter."""
        if running_compiled_code or exception_only:
            return
        error = exc_tuple[1] if exc_tuple is not None else sys.exc_info()[1]
        if error is None or isinstance(error, SyntaxError):
            return
        frames = [
            frame
            for frame in traceback.extract_tb(error.__traceback__)
            if not is_engine_file(frame.filename)
        ]
        lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames)]
        lines += traceback.format_exception_only(type(error), error)
        sys.stderr.write("".join(lines))

    def showsyntaxerror(
        self, filename: str | None = None, running_compiled_code: bool = False
    ) -> None:
        return None  # in the block's result


def create_shell() -> SessionShell:
    """The shell, made once before sessions are forked."""
    config = Config()
    config.HistoryManager.enabled = False
    config.HistoryManager.hist_file = ":memory:"
    config.InteractiveShell.colors = "nocolor"
    config.InteractiveShell.autoindent = False
    SessionShell.outputs = OutputLog()
    shell = SessionShell.instance(config=config)
    warnings.filterwarnings("ignore", message="To exit: use 'exit', 'quit', or Ctrl-D.")
    shell.run_cell("pass", store_history=False)  # its lazy imports happen once, not per session
    shell.display_formatter.format(None)  # type: ignore[union-attr]  # set by __init__
    return shell
