"""Live code: find runnable snippets in notes, run them in sandboxed sessions, cache and render.

Nothing here imports MkDocs; `livegarden/plugin.py` wires these pieces into a build.
"""
