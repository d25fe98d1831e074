"""A matplotlib backend for sessions: Agg drawing, and `plt.show()` puts the open figures in
the running block's output at that point (selected with `matplotlib.use`; see `shell.py`)."""

from __future__ import annotations

from typing import Any

from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase


def show(*args: Any, **kwargs: Any) -> None:
    """Emit and close every open figure, as Jupyter's inline backend does."""
    from livegarden.execution.shell import SessionShell

    SessionShell.outputs.add_open_figures()
