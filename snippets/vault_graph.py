"""The link graph of this vault: which published note links to which, read from the notes.

A deliberately small reader for the eigenvector-centrality example in "Linear Algebra for Deep
Learning": it takes `[[target]]`, `[[target|alias]]`, `[[target\\|alias]]` and `[[target#part]]`
outside code, and resolves a target as Obsidian does, by vault path or, failing that, by a file
name that only one note has. (The site itself resolves links with the full vault index.)

    python snippets/vault_graph.py            # ranks the notes of docs/ by centrality
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import yaml

WIKI_LINK = re.compile(r"(?<!!)\[\[([^\]\n]+?)\]\]")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")


def frontmatter(text: str) -> dict[str, object]:
    """The YAML (or one-line JSON) block between the opening `---` lines, or {}."""
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---", 4)
    if end == -1:
        return {}
    data = yaml.safe_load(text[4:end])
    return data if isinstance(data, dict) else {}


def link_targets(text: str) -> list[str]:
    """The targets of the wiki-links in a note's text, in order, code excluded."""
    text = INLINE_CODE.sub("", FENCE.sub("", text))
    targets = []
    for inner in WIKI_LINK.findall(text):
        target = re.split(r"\\?\|", inner, maxsplit=1)[0]  # drop the alias
        target = target.split("#", 1)[0].strip()  # drop a heading or block part
        if target:
            targets.append(target)
    return targets


def vault_graph(docs_dir: Path | str = "docs", *, published_only: bool = True) -> nx.DiGraph:
    """Nodes are note paths without `.md` (relative to docs_dir); an edge is a resolved link."""
    docs = Path(docs_dir)
    texts = {}
    for path in sorted(docs.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(docs).parts):
            continue
        text = path.read_text(encoding="utf-8")
        if published_only and frontmatter(text).get("dg-publish") is not True:
            continue
        texts[path.relative_to(docs).with_suffix("").as_posix()] = text
    by_name: dict[str, list[str]] = {}
    for node in texts:
        by_name.setdefault(node.rsplit("/", 1)[-1].lower(), []).append(node)
    graph = nx.DiGraph()
    graph.add_nodes_from(texts)
    for node, text in texts.items():
        for target in link_targets(text):
            key = target.removesuffix(".md")
            if key in texts:
                resolved = key
            elif len(by_name.get(key.lower(), [])) == 1:
                resolved = by_name[key.lower()][0]
            else:
                continue  # unresolved: not part of the graph
            if resolved != node:
                graph.add_edge(node, resolved)
    return graph


def largest_component(graph: nx.DiGraph) -> nx.Graph:
    """The biggest connected piece of the graph with link directions ignored."""
    undirected = graph.to_undirected()
    if undirected.number_of_nodes() == 0:
        return undirected
    nodes = max(nx.connected_components(undirected), key=len)
    return undirected.subgraph(nodes).copy()


if __name__ == "__main__":
    g = vault_graph()
    core = largest_component(g)
    print(f"{g.number_of_nodes()} notes, {g.number_of_edges()} links; {len(core)} connected")
    centrality = nx.eigenvector_centrality(core, max_iter=1000, tol=1e-10)
    for node, value in sorted(centrality.items(), key=lambda kv: -kv[1]):
        print(f"{value:.3f}  {node}")
