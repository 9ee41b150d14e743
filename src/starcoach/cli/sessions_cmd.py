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
from starcoach.errors import UserInputError
from starcoach.interview.numbering import shown_score
from starcoach.report.trend import competency_trend
from starcoach.safe_write import write_atomically

if TYPE_CHECKING:
    from starcoach.settings import Settings
    from starcoach.store import Store
    from starcoach.store.user_data import DataKind, UserData

REPORT_FORMATS = ("text", "md", "html", "json")


@contextmanager
def open_store(settings: Settings) -> Iterator[Store]:
    """The user's store, closed afterwards."""
    from starcoach.store import Store

    store = Store.open(settings.resolved_database_url)
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


def report(settings: Settings, session_id: str, output_format: str, out: Path | None) -> None:
    """Print or write one session's report."""
    from starcoach.interview.sessions import history_until
    from starcoach.report import build_session_report, render_html, render_json, render_markdown, render_text

    if output_format not in REPORT_FORMATS:
        raise UserInputError(f"unknown format '{output_format}'", hint=f"Use one of: {', '.join(REPORT_FORMATS)}.")
    with open_store(settings) as store:
        session = store.get_session(session_id)
        history = history_until(session, store.list_sessions())
    built = build_session_report(session)
    if output_format == "text" and out is None:
        render_text(built, make_console())
        return
    if output_format == "text":
        raise UserInputError("--out needs --format md, html or json", hint="The text report is for the terminal.")
    if output_format == "html":
        body = render_html(built, competency_trend(history))
    else:
        body = render_markdown(built) if output_format == "md" else render_json(built)
    write_or_print(body, out)


def history(settings: Settings) -> None:
    """List stored sessions, oldest first."""
    with open_store(settings) as store:
        sessions = store.list_sessions()
    console = make_console()
    if not sessions:
        console.print("No sessions yet. Start one with: starcoach practice")
        return
    table = Table(title=f"{len(sessions)} session(s)", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("started", no_wrap=True)
    table.add_column("track", no_wrap=True)
    # Counted as every view counts them: questions answered, and answers including follow-ups.
    table.add_column("questions", justify="right")
    table.add_column("answers", justify="right")
    table.add_column("score", justify="right")
    table.add_column("status", no_wrap=True)
    table.add_column("company")
    for s in sessions:
        score = "-" if s.mean_score is None else shown_score(s.mean_score)
        status = "finished" if s.status == "finished" else "paused"
        table.add_row(
            s.id,
            s.started_at.strftime("%Y-%m-%d %H:%M"),
            s.track,
            str(s.questions),
            str(s.answers),
            score,
            status,
            s.company or "-",
        )
    console.print(table)


def progress(settings: Settings, out: Path | None) -> None:
    """Each competency's trend over sessions, as a terminal chart (and an SVG with --out)."""
    from starcoach.report.charts import require_svg_name, trend_svg, trend_text

    if out is not None:
        require_svg_name(out)
    with open_store(settings) as store:
        sessions = [s for s in store.list_sessions() if s.answers]
    console = make_console()
    if not sessions:
        console.print("No answers yet, so no progress to show. Start with: starcoach practice")
        return
    series, labels = competency_trend(sessions)
    console.print(Text(f"Competencies over your last {len(sessions)} session(s), 0 to 1", style="bold"))
    console.print(Text(trend_text(series, labels, width=console.width)))
    if out is not None:
        write_or_print(trend_svg(series, labels), out)


@contextmanager
def open_user_data(settings: Settings) -> Iterator[UserData]:
    """Everything stored about the user (database and files), the store closed afterwards."""
    from starcoach.store import Store
    from starcoach.store.user_data import UserData

    with Store.open(settings.resolved_database_url) as store:
        yield UserData(store, settings.home)


# How `delete` names each kind of data, in the order it lists them.
_KIND_NAMES: dict[DataKind, str] = {
    "sessions": "session(s)",
    "stories": "story(ies)",
    "prep": "prep item(s)",
    "recordings": "recording(s)",
    "roleplay_calls": "role-play call(s)",
    "drafts": "unfinished answer(s)",
}


def _listed(counts: dict[DataKind, int]) -> str:
    return ", ".join(f"{counts[kind]} {name}" for kind, name in _KIND_NAMES.items() if counts.get(kind))


def export_all(settings: Settings, out: Path) -> None:
    """Write everything stored to one JSON file."""
    with open_user_data(settings) as data:
        exported = data.export()
    write_or_print(json.dumps(exported, ensure_ascii=False, indent=1, default=str), out)


def delete_all(settings: Settings, yes: bool) -> None:
    """Delete every stored session, story, company note, checklist tick, recording and call, after confirmation."""
    with open_user_data(settings) as data:
        held = _listed(data.held())
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
        removed = data.delete_all()
    print("Deleted " + (_listed(removed) or "nothing") + ".")
