"""Writes the reader's assets into the site: our CSS and JS, their settings, and MathJax's.

MathJax comes from the `django-static-mathjax` package (MathJax 3.2.2, Apache-2.0). Math is
typeset at build time (`livegarden.maths`), so a page needs only MathJax's web fonts (its own
glyphs' CSS is in the page). The combined TeX-to-CHTML script is copied only when
some page still holds raw TeX (no Node.js at build time), for the browser to typeset it; it
keeps MathJax's own relative layout so it finds the fonts next to itself. Nothing is fetched
from a CDN, nothing is vendored in the repo. Our scripts and stylesheets are written minified
(rjsmin and rcssmin: comments and spacing out, names kept), a third lighter on every page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import rcssmin
import rjsmin

ASSETS = Path(__file__).resolve().parent.parent / "assets"
SITE_FOLDER = "livegarden"
"""Folder of the site, relative to its root, that receives every file written here."""

STYLESHEETS = ("livegarden.css",)
SCRIPTS = ("settings.js", "math.js", "graph.js", "preview.js", "figures.js", "anchors.js")
"""In page order: settings first, then math (previews reuse its typesetter), graph, previews,
enlarged figures, the address tidier."""

MATHJAX_SCRIPT = "tex-chtml-full.js"
MATHJAX_FONTS = "output/chtml/fonts/woff-v2"
MATH_FONTS = f"{SITE_FOLDER}/mathjax/{MATHJAX_FONTS}"
"""Where a page's math CSS finds the fonts, from the site's root: the place the browser's
MathJax looks for them too."""


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


def write_minified(source: Path, target: Path) -> None:
    """Copy one of our scripts or stylesheets without its comments and spacing."""
    text = source.read_text(encoding="utf-8")
    small = rcssmin.cssmin(text) if source.suffix == ".css" else rjsmin.jsmin(text)
    target.write_text(small, encoding="utf-8")


def mathjax_root() -> Traversable:
    """The `es5` folder of the installed MathJax copy."""
    return resources.files("mathjax").joinpath("static", "mathjax", "es5")


def emit_assets(site_dir: Path, settings: ReaderSettings, *, browser_mathjax: bool) -> list[Path]:
    """Write every asset under `site_dir/livegarden/`; return the files written.
    `browser_mathjax` ships MathJax's script too, for pages whose math the build left as TeX."""
    target = site_dir / SITE_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name in (*STYLESHEETS, *SCRIPTS):
        if name == "settings.js":
            (target / name).write_text(settings.to_script(), encoding="utf-8")
        else:
            write_minified(ASSETS / name, target / name)
        written.append(target / name)
    mathjax = mathjax_root()
    out = target / "mathjax"
    (out / MATHJAX_FONTS).mkdir(parents=True, exist_ok=True)
    if browser_mathjax:
        (out / MATHJAX_SCRIPT).write_bytes(mathjax.joinpath(MATHJAX_SCRIPT).read_bytes())
        written.append(out / MATHJAX_SCRIPT)
    else:
        (out / MATHJAX_SCRIPT).unlink(missing_ok=True)  # left by an earlier build
    for font in mathjax.joinpath(*MATHJAX_FONTS.split("/")).iterdir():
        if font.name.endswith(".woff"):
            (out / MATHJAX_FONTS / font.name).write_bytes(font.read_bytes())
            written.append(out / MATHJAX_FONTS / font.name)
    return written
