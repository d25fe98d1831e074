"""A vault with every live-code fault at once, built twice for real: the build ends with one
warning per fault at note:line, no traceback, no process left behind, no scratch folder, and the
second (cached) build shows the same pages."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

CONFIG = """site_name: faults
docs_dir: docs
theme: {name: material, font: false}
plugins:
  - livegarden:
      publish: all
      memory_limit_mb: 300
      output_limit_kb: 256
"""
FAULTS = {
    "Home.md": "---\ndg-home: true\n---\n# Home\n",
    "Surrogate.md": "# S\n\n```python exec\n"
    "raise ValueError(b'x\\xff'.decode('utf-8', 'surrogateescape'))\n```\n",
    "Hog.md": "# H\n\n```python exec\nimport multiprocessing as mp, time\n"
    "def hold(_):\n    b = bytearray(150 * 2**20)\n    b[::4096] = b'x' * len(b[::4096])\n"
    "    time.sleep(60)\n"
    "ps = [mp.get_context('fork').Process(target=hold, args=(i,)) for i in range(3)]\n"
    "[p.start() for p in ps]\n[p.join() for p in ps]\n```\n",
    "Escape.md": "# E\n\n```python exec\nimport os, signal, subprocess\n"
    "p = subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
    "open('sleeper.pid', 'w').write(str(p.pid))\n"
    "os.kill(os.getppid(), signal.SIGKILL)\n```\n",
    "Rich.md": "# R\n\n```python exec\nclass Big:\n    def _repr_html_(self):\n"
    "        return 'y' * 400_000\nBig()\n```\n",
    "Typos.md": "# T\n\n```python exec timout=5\nprint('typo')\n```\n\n"
    '```python exec file="/etc/passwd"\n```\n\n```python exec file="snippets/none.py"\n```\n',
    "After.md": "# A\n\n```python exec\nprint('still fine')\n```\n",
}


def _build(root: Path, scratch: Path, site: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(scratch)}
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(root / site)]
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, env=env, check=False, timeout=600
    )


def _article(root: Path, site: str, page: str) -> str:
    html = (root / site / page / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def test_every_fault_at_once_ends_cleanly_and_twice_alike(tmp_path: Path) -> None:
    for name, text in FAULTS.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    first = _build(tmp_path, scratch, "site1")
    log = first.stdout + first.stderr
    assert first.returncode == 0, log
    assert "Traceback" not in log
    warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
    for where, what in (
        ("Surrogate.md:4", "live code failed: ValueError"),
        ("Hog.md:3", "ran out of memory (limit 300 MiB"),
        ("Escape.md:3", "live code failed"),
        ("Rich.md:3", "more output than the limit (256 KiB)"),
        ("Typos.md:3", "did you mean timeout?"),
        ("Typos.md:7", "outside the repository"),
        ("Typos.md:10", "is not a file of the repository"),
    ):
        assert any(where in line and what in line for line in warnings), (where, warnings)
    assert "still fine" in _article(tmp_path, "site1", "After")
    pid = int((tmp_path / "sleeper.pid").read_text())
    time.sleep(1)
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
    assert not list(scratch.glob("lg-session-*")), "no scratch folder left"
    second = _build(tmp_path, scratch, "site2")
    assert second.returncode == 0, second.stdout + second.stderr
    for page in ("Surrogate", "Hog", "Rich", "Typos", "After"):
        strip = lambda html: html.split('<p class="lg-exec-provenance"')[0]  # noqa: E731
        assert strip(_article(tmp_path, "site1", page)) == strip(_article(tmp_path, "site2", page))
