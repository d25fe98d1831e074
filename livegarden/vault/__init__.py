"""The vault: notes, their frontmatter, publishing, the index and link resolution (no MkDocs)."""
