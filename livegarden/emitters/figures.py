"""Write the figures captured from live code into the site, named by their content digest."""

from __future__ import annotations

import base64
from pathlib import Path

from livegarden.execution.engine import SessionOutcome

FIGURES_FOLDER = "livegarden/figures"


def emit_figures(site_dir: Path, outcomes: list[SessionOutcome]) -> int:
    """Write every figure of `outcomes` (once each); returns how many files were written."""
    folder = site_dir / FIGURES_FOLDER
    written = 0
    for outcome in outcomes:
        for block in outcome.result.blocks:
            for figure in block.figures:
                path = folder / figure.filename
                if path.exists():
                    continue
                folder.mkdir(parents=True, exist_ok=True)
                if figure.mime == "image/svg+xml":
                    path.write_text(figure.data, encoding="utf-8")
                else:
                    path.write_bytes(base64.b64decode(figure.data))
                written += 1
    return written
