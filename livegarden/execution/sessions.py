"""Group a note's snippets into sessions: shared-globals notebook order, isolated blocks apart."""

from __future__ import annotations

from dataclasses import dataclass

from livegarden.execution.snippets import Snippet


@dataclass(frozen=True, slots=True)
class Session:
    """Snippets that run in order in one interpreter, sharing globals."""

    note: str
    name: str
    snippets: tuple[Snippet, ...]

    @property
    def label(self) -> str:
        """Human name used in logs and the report, e.g. `AI/Note.md (main)`."""
        return f"{self.note} ({self.name})"

    @property
    def needs_gpu(self) -> bool:
        return any(snippet.options.needs_gpu for snippet in self.snippets)

    @property
    def is_freezable(self) -> bool:
        """A session may be served from the frozen store when one of its blocks asks for it."""
        return any(snippet.options.freeze or snippet.options.needs_gpu for snippet in self.snippets)

    @property
    def frozen_name(self) -> str:
        """Stable name of the session inside the frozen store (survives prose edits)."""
        return self.name


def plan_sessions(snippets: list[Snippet]) -> list[Session]:
    """The note's sessions: one shared `main` session, plus one per `isolated` block.

    Unclosed blocks and refused ones (a `file=` outside the repository) never run. An
    isolated block is named by its `id` when it has one, so that its frozen result survives
    edits that move it; otherwise by its line.
    """
    runnable = [snippet for snippet in snippets if snippet.is_closed and not snippet.is_refused]
    if not runnable:
        return []
    note = runnable[0].note
    shared = tuple(snippet for snippet in runnable if not snippet.options.isolated)
    sessions: list[Session] = []
    if shared:
        sessions.append(Session(note, "main", shared))
    names = {"main"}
    for snippet in runnable:
        if snippet.options.isolated:
            name = f"isolated-{snippet.options.block_id or snippet.line}"
            if name in names:  # a repeated id: the line keeps the two sessions apart
                name = f"{name}-{snippet.line}"
            names.add(name)
            sessions.append(Session(note, name, (snippet,)))
    return sessions
