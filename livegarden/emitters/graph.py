"""The graph of published notes as `livegarden/graph.json` (nodes and links; nothing private)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from livegarden.vault.index import VaultIndex
from livegarden.vault.publishing import shows_in_graph

GRAPH_FILE = "livegarden/graph.json"


GLOBAL_GRAPH_CLASS = "lg-graph--global"
"""The element a note holds (raw HTML) where the whole garden's graph is drawn."""


def graph_data(index: VaultIndex, global_url: str | None = None) -> dict[str, Any]:
    """Nodes are published notes (minus `dg-hide-in-graph`); links join two such nodes;
    `global` is the URL of the page with the whole graph, which every local graph links."""
    shown = {n.path: n for n in index.published_notes() if shows_in_graph(n.frontmatter)}
    nodes = [
        {"id": note.path, "title": note.title, "url": note.url, "tags": list(note.tags)}
        for note in shown.values()
    ]
    links = [
        {"source": source, "target": target}
        for source in shown
        for target in index.links_out.get(source, ())
        if target in shown
    ]
    return {"nodes": nodes, "links": links, "global": global_url}


def write_graph(site_dir: Path, index: VaultIndex, global_url: str | None = None) -> Path:
    """Write the graph data into the built site and return its path."""
    path = site_dir / GRAPH_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = graph_data(index, global_url)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
