"""livegarden: an Obsidian vault published as a static site whose Python runs at build time."""

from __future__ import annotations

__version__ = "0.1.0"
