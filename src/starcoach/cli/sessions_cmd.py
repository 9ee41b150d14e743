"""`report`, `history`, `progress`, `export` and `delete`: everything about stored sessions."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from starcoach.cli.render import make_console
from starcoach.content.models import COMPETENCY_IDS
from starcoach.errors import UserInputError
from starcoach.report.style import COMPETENCY_NAMES
from starcoach.safe_write import write_atomically
from starcoach.settings import load_settings

if TYPE_CHECKING:
    from starcoach.interview.records import SessionSummary
    from starcoach.store import Store

REPORT_FORMATS = ("text", "md", "html", "json")


@contextmanager
def open_store() -> Iterator[Store]:
    """The user's store, closed afterwards."""
    from starcoach.store import Store

    store = Store.open(load_settings().resolved_database_url)
    try:
        yield store
    finally:
        store.close()


def write_or_print(body: str, out: Path | None) -> None:
    """Print the body, or write it atomically to ``out`` and say so on standard error."""
    if out is None:
        sys.stdout.write(body if body.endswith("\n") else body + "\n")
        return
    write_atomically(out, body)
    print(f"Wrote {out}", file=sys.stderr)


def report(session_id: str, output_format: str, out: Path | None) -> None:
    """Print or write one session's report."""
    from starcoach.report import build_session_report, render_html, render_json, render_markdown, render_text

    if output_format not in REPORT_FORMATS:
        raise UserInputError(f"unknown format '{output_format}'", hint=f"Use one of: {', '.join(REPORT_FORMATS)}.")
    with open_store() as store:
        session = store.get_session(session_id)
        history = [s for s in store.list_sessions() if s.answers and s.started_at <= session.started_at]
    built = build_session_report(session)
    if output_format == "text" and out is None:
        render_text(built, make_console())
        return
    if output_format == "text":
        raise UserInputError("--out needs --format md, html or json", hint="The text report is for the terminal.")
    if output_format == "html":
        body = render_html(built, _trend(history))
    else:
        body = render_markdown(built) if output_format == "md" else render_json(built)
    write_or_print(body, out)


def _trend(sessions: list[SessionSummary]) -> tuple[dict[str, list[float]], list[str]]:
    """Each competency's mean per session, keyed by display name, with date labels."""
    labels = [s.started_at.strftime("%m-%d") for s in sessions]
    return {COMPETENCY_NAMES[c]: [s.competencies.get(c, 0.0) for s in sessions] for c in COMPETENCY_IDS}, labels


def history() -> None:
    """List stored sessions, oldest first."""
    with open_store() as store:
        sessions = store.list_sessions()
    console = make_console()
    if not sessions:
        console.print("No sessions yet. Start one with: starcoach practice")
        return
    table = Table(title=f"{len(sessions)} session(s)", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("started", no_wrap=True)
    table.add_column("track", no_wrap=True)
    table.add_column("answers", justify="right")
    table.add_column("score", justify="right")
    table.add_column("status", no_wrap=True)
    table.add_column("company")
    for s in sessions:
        score = "-" if s.mean_score is None else f"{s.mean_score:.0f}"
        status = "finished" if s.status == "finished" else "paused"
        table.add_row(
            s.id, s.started_at.strftime("%Y-%m-%d %H:%M"), s.track, str(s.answers), score, status, s.company or "-"
        )
    console.print(table)


def progress(out: Path | None) -> None:
    """Each competency's trend over sessions, as a terminal chart (and an SVG with --out)."""
    from starcoach.report.charts import trend_svg, trend_text

    with open_store() as store:
        sessions = [s for s in store.list_sessions() if s.answers]
    console = make_console()
    if not sessions:
        console.print("No answers yet, so no progress to show. Start with: starcoach practice")
        return
    series, labels = _trend(sessions)
    console.print(Text(f"Competencies over your last {len(sessions)} session(s), 0 to 1", style="bold"))
    console.print(Text(trend_text(series, labels, width=console.width)))
    if out is not None:
        write_or_print(trend_svg(series, labels), out)


def export_all(out: Path) -> None:
    """Write everything stored to one JSON file."""
    with open_store() as store:
        data = store.export_all()
    write_or_print(json.dumps(data, ensure_ascii=False, indent=1, default=str), out)


def _delete_files(paths: list[Path]) -> int:
    for path in paths:
        path.unlink(missing_ok=True)
    return len(paths)


def delete_all(yes: bool) -> None:
    """Delete every stored session, story, company note and checklist tick, after confirmation."""
    recordings = load_settings().home / "recordings"
    held_recordings = sorted(recordings.glob("*.wav")) if recordings.is_dir() else []
    with open_store() as store:
        counts = {
            "session(s)": len(store.list_sessions()),
            "story(ies)": len(store.stories.all()),
            "prep item(s)": store.prep.count(),
            "recording(s)": len(held_recordings),
        }
        held = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
        if not held:
            print("Nothing stored; nothing to delete.")
            return
        if not yes:
            if not sys.stdin.isatty():
                raise UserInputError("deleting needs confirmation", hint="Run it in a terminal, or add --yes.")
            answer = input(f"Delete {held}? This cannot be undone. Type 'delete': ")
            if answer.strip().lower() != "delete":
                print("Nothing deleted.")
                return
        removed = {
            "session(s)": store.delete_all(),
            "story(ies)": store.stories.delete_all(),
            "prep item(s)": store.prep.delete_all(),
            "recording(s)": _delete_files(held_recordings),
        }
    print("Deleted " + (", ".join(f"{n} {what}" for what, n in removed.items() if n) or "nothing") + ".")
