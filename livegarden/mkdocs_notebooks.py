"""`livegarden-notebooks`: mkdocs-jupyter, imported only by builds whose vault has notebooks.

mkdocs-jupyter imports nbconvert and jupytext as soon as MkDocs loads it: about 1.1 s of every
build here, a third of a warm build of docs/, which holds no notebook. This plugin takes
mkdocs-jupyter's options unchanged; when a build's files include one that its `include` patterns
select (and `ignore` does not), it creates mkdocs-jupyter's own plugin with those options and
hands it every event it handles. Written by hand because MkDocs cannot load a plugin lazily.
Options are therefore checked by mkdocs-jupyter on the first build that has a notebook.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import PurePath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from livegarden.config import NotebookPagesConfig

log = logging.getLogger("mkdocs.plugins.livegarden")

# mkdocs-jupyter's defaults for the two options read before it is loaded
DEFAULT_INCLUDE = ("*.py", "*.ipynb", "*.md")
FORWARDED_EVENTS = ("on_pre_build", "on_files", "on_pre_page", "on_post_page", "on_post_build")
"""Every event mkdocs-jupyter (pinned in requirements.txt) handles; a test keeps this list true."""


def selects(path: str, include: list[str], ignore: list[str]) -> bool:
    """Whether mkdocs-jupyter's patterns may take the file at `path` (it matches like this)."""
    pure = PurePath(path)
    return not any(pure.match(p) for p in ignore) and any(pure.match(p) for p in include)


class NotebookPagesPlugin(BasePlugin[NotebookPagesConfig]):
    """Forwards to mkdocs-jupyter once a build has files it would convert."""

    def __init__(self) -> None:
        super().__init__()
        self.options: dict[str, Any] = {}
        self.config_file_path: str | None = None
        self.jupyter: Any = None  # mkdocs-jupyter's plugin, once loaded (kept across serve)

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[Any], list[Any]]:
        """Keep the options for mkdocs-jupyter; a list-typed pair is all we read ourselves."""
        errors: list[Any] = []
        for name in ("include", "ignore"):
            value = options.get(name)
            if value is not None and not (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                errors.append((name, f"expected a list of file patterns, got {value!r}"))
        self.options = dict(options)
        self.config_file_path = config_file_path
        return errors, []

    def _load(self) -> Any:
        try:
            plugin_class = importlib.import_module("mkdocs_jupyter.plugin").Plugin
        except ImportError as missing:
            raise PluginError(
                "livegarden-notebooks: notebook pages need mkdocs-jupyter, which is not "
                f"installed ({missing}); install it with `pip install mkdocs-jupyter` (the "
                "`notebooks` extra of livegarden)"
            ) from None
        plugin = plugin_class()
        errors, warnings = plugin.load_config(self.options, self.config_file_path)
        for name, warning in warnings:
            log.warning("livegarden-notebooks: option '%s': %s", name, warning)
        if errors:
            shown = "; ".join(f"'{name}': {error}" for name, error in errors)
            raise PluginError(f"livegarden-notebooks: mkdocs-jupyter rejects its options: {shown}")
        return plugin

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.jupyter is not None:
            self.jupyter.on_pre_build(config)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self.jupyter is None:
            include = self.options.get("include", list(DEFAULT_INCLUDE))
            ignore = self.options.get("ignore", [])
            if not any(selects(file.src_uri, include, ignore) for file in files):
                return files
            self.jupyter = self._load()
            self.jupyter.on_pre_build(config)  # the event it missed this build
        result: Files = self.jupyter.on_files(files, config)
        return result

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.jupyter is None:
            return page
        result: Page | None = self.jupyter.on_pre_page(page, config, files)
        return result

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.jupyter is None:
            return output
        result: str | None = self.jupyter.on_post_page(output, page, config)
        return result

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.jupyter is not None:
            self.jupyter.on_post_build(config)
