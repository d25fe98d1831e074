"""The committed store of frozen session results (e.g. GPU timings made on another machine).

One readable JSON file per session, `<root>/<note path without .md>/<session>.json`, holding
the code key it was made from: a build compares it with the current code key, so a result whose
code changed is never shown as current.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livegarden.atomic import write_atomically
from livegarden.execution.results import SessionResult
from livegarden.execution.sessions import Session


@dataclass(frozen=True, slots=True)
class FrozenEntry:
    code_key: str
    result: SessionResult


class FrozenStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, session: Session) -> Path:
        stem = session.note.removesuffix(".md")
        return self.root / stem / f"{session.frozen_name}.json"

    def load(self, session: Session) -> FrozenEntry | None:
        """The frozen entry of `session`; None when absent. ValueError when unreadable."""
        path = self.path_for(session)
        if not path.is_file():
            return None
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return FrozenEntry(data["code_key"], SessionResult.from_json(data["result"]))
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path}: unreadable frozen result ({error})") from error

    def store(self, session: Session, code_key: str, result: SessionResult) -> Path:
        path = self.path_for(session)
        payload = {
            "note": session.note,
            "session": session.name,
            "code_key": code_key,
            "code": [snippet.code for snippet in session.snippets],
            "result": result.with_origin("frozen").to_json(),
        }
        text = json.dumps(payload, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        write_atomically(path, text.encode("utf-8"))
        return path
