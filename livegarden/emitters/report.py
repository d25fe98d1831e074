"""The execution report: one page listing every session of the build with status and provenance."""

from __future__ import annotations

import html

from livegarden.execution.engine import SessionOutcome, Summary
from livegarden.execution.render import ordered_versions

REPORT_SOURCE = "livegarden/execution-report.md"

_STATE = {"fresh": "executed", "cached": "cached", "frozen": "frozen", "stale": "stale (frozen)"}


def report_markdown(
    outcomes: list[SessionOutcome],
    summary: Summary | None,
    page_urls: dict[str, str],
    site_root: str,
) -> str:
    """Markdown (with one raw HTML table) for the report page; `page_urls` maps note -> url."""
    lines = ["# Execution report", ""]
    if summary is not None:
        lines += [
            f"{summary.sessions} sessions: {summary.executed} executed, {summary.cached} cached, "
            f"{summary.frozen} frozen, {summary.failed} failed.",
            "",
        ]
    if not outcomes:
        return "\n".join([*lines, "No live code ran for this build.", ""])
    rows = []
    for outcome in sorted(outcomes, key=lambda o: (o.session.note, o.session.name)):
        session = outcome.session
        result = outcome.result
        record = result.provenance
        url = page_urls.get(session.note)
        folder, _, stem = session.note.removesuffix(".md").rpartition("/")
        name = html.escape(stem)
        link = f'<a href="{site_root}{html.escape(url)}">{name}</a>' if url is not None else name
        if folder:
            link += f'<br><span class="lg-exec-report__folder">{html.escape(folder)}</span>'
        failure = result.failure
        status = "ok" if failure is None else f"failed: {html.escape(failure[1].summary)}"
        where = " · ".join(part for part in (record.gpu, record.cpu) if part)
        versions = ", ".join(f"{k} {v}" for k, v in ordered_versions(record))
        rows.append(
            f"<tr><td>{link}</td><td>{html.escape(session.name)}</td>"
            f"<td>{len(session.snippets)}</td><td>{status}</td>"
            f"<td>{_STATE.get(result.origin, result.origin)}</td>"
            f"<td>{record.duration_s:.2f} s</td>"
            f"<td>{html.escape(where)}; Python {html.escape(record.python)}"
            f'<br><span class="lg-exec-report__versions">{html.escape(versions)}; '
            f"{html.escape(record.date)}</span></td></tr>"
        )
    lines += [
        '<table class="lg-exec-report"><thead><tr><th>Page</th><th>Session</th><th>Blocks</th>'
        "<th>Status</th><th>Result</th><th>Duration</th><th>Provenance</th></tr></thead><tbody>",
        *rows,
        "</tbody></table>",
        "",
    ]
    return "\n".join(lines)
