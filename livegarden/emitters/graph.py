"""The graph of published notes as `livegarden/graph.json` (nodes and links; nothing private)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from livegarden.vault.index import VaultIndex
from livegarden.vault.publishing import shows_in_graph

GRAPH_FILE = "livegarden/graph.json"


def graph_data(index: VaultIndex) -> dict[str, Any]:
    """Nodes are published notes (minus `dg-hide-in-graph`); links join two such nodes."""
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
    return {"nodes": nodes, "links": links}


def write_graph(site_dir: Path, index: VaultIndex) -> Path:
    """Write the graph data into the built site and return its path."""
    path = site_dir / GRAPH_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(graph_data(index), ensure_ascii=False), encoding="utf-8")
    return path
