"""Writes the reader's assets into the site: our CSS and JS, their settings, and MathJax.

MathJax comes from the `django-static-mathjax` package (MathJax 3.2.2, Apache-2.0): we copy the
one combined TeX-to-CHTML script and its web fonts, keeping MathJax's own relative layout so it
finds the fonts next to itself. Nothing is fetched from a CDN, nothing is vendored in the repo.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SITE_FOLDER = "livegarden"
"""Folder of the site, relative to its root, that receives every file written here."""

STYLESHEETS = ("livegarden.css",)
SCRIPTS = ("settings.js", "math.js", "graph.js", "preview.js", "anchors.js")
"""In page order: settings first, then math (previews reuse its typesetter), graph, previews,
the address tidier."""

MATHJAX_SCRIPT = "tex-chtml-full.js"
MATHJAX_FONTS = "output/chtml/fonts/woff-v2"


@dataclass(frozen=True, slots=True)
class ReaderSettings:
    """What the scripts need to know from the plugin's configuration."""

    graph_depth: int = 1

    def to_script(self) -> str:
        """`settings.js`: one assignment the other scripts read as `livegarden.settings`."""
        data = json.dumps({"graphDepth": self.graph_depth})
        return (
            "window.livegarden = Object.assign(window.livegarden || {}, "
            f"{{ settings: Object.freeze({data}) }});\n"
        )


def mathjax_root() -> Traversable:
    """The `es5` folder of the installed MathJax copy."""
    return resources.files("mathjax").joinpath("static", "mathjax", "es5")


def emit_assets(site_dir: Path, settings: ReaderSettings) -> list[Path]:
    """Write every asset under `site_dir/livegarden/`; return the files written."""
    target = site_dir / SITE_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in (*STYLESHEETS, *SCRIPTS):
        if name == "settings.js":
            (target / name).write_text(settings.to_script(), encoding="utf-8")
        else:
            shutil.copyfile(ASSETS / name, target / name)
        written.append(target / name)
    mathjax = mathjax_root()
    out = target / "mathjax"
    (out / MATHJAX_FONTS).mkdir(parents=True, exist_ok=True)
    (out / MATHJAX_SCRIPT).write_bytes(mathjax.joinpath(MATHJAX_SCRIPT).read_bytes())
    written.append(out / MATHJAX_SCRIPT)
    for font in mathjax.joinpath(*MATHJAX_FONTS.split("/")).iterdir():
        if font.name.endswith(".woff"):
            (out / MATHJAX_FONTS / font.name).write_bytes(font.read_bytes())
            written.append(out / MATHJAX_FONTS / font.name)
    return written
