"""Obsidian's reading view on markdown-it-py: one parse per note, whose tokens (with line maps)
feed the vault index, the page HTML, embeds, live code and notebooks alike. No MkDocs here."""
