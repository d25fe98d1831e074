"""`scripts/freeze` (livegarden.execution.freeze): re-runs freezable sessions and stores them."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from livegarden.execution.engine import EngineSettings, ExecutionEngine
from livegarden.execution.freeze import main

NOTE = """# N

```python exec freeze id=timing
print("measured", 6 * 7)
```

```python exec isolated
print("not frozen: no freeze flag")
```
"""


def test_freeze_stores_freezable_sessions_and_a_build_then_serves_them(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "N.md").write_text(NOTE)
    (tmp_path / "docs" / "Broken.md").write_text(
        "```python exec freeze\nraise SystemExit(2)\n```\n"
    )
    assert main(["--repo", str(tmp_path)]) == 1, "a failing session makes the command fail"
    (stored,) = (tmp_path / "snippets" / ".frozen").rglob("*.json")  # Broken.md: not frozen
    assert stored.relative_to(tmp_path / "snippets" / ".frozen").as_posix() == "N/main.json"
    data = json.loads(stored.read_text())
    assert data["result"]["origin"] == "frozen"
    assert data["result"]["blocks"][0]["stdout"] == "measured 42\n"
    assert data["result"]["provenance"]["cpu"]

    settings = EngineSettings(repo_root=tmp_path, frozen_dir=tmp_path / "snippets" / ".frozen")
    engine = ExecutionEngine(settings, logging.getLogger("test-freeze"))
    engine.add_note("N.md", NOTE)
    origins = {o.session.name: o.result.origin for o in engine.outcomes_for("N.md")}
    engine.close()
    assert origins == {"main": "frozen", "isolated-7": "fresh"}
