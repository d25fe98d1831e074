"""Obsidian-flavoured Markdown as Python-Markdown extensions; works without MkDocs."""
