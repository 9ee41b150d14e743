"""The delivery part of a spoken answer's report in the terminal: a pace gauge, a pause timeline, fillers."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from starcoach.analysis.report import Delivery

_STATUS_MARKS = {"good": ("+", "green"), "fix": ("-", "yellow"), "info": ("·", "grey50")}
# The gauge runs from 80 to 220 words a minute, with the 130-160 band marked.
_GAUGE = (80.0, 220.0)
_GOOD_PACE = (130.0, 160.0)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def pace_gauge(wpm: float, width: int = 40, with_fillers: float | None = None) -> Text:
    """A bar from 80 to 220 words a minute: '=' marks the good band, '|' where this answer sits.

    ``wpm`` leaves fillers out; ``with_fillers``, when given and different, is shown beside it.
    """
    low, high = _GAUGE
    at = round((min(max(wpm, low), high) - low) / (high - low) * (width - 1))
    gauge = Text()
    for i in range(width):
        value = low + i * (high - low) / (width - 1)
        if i == at:
            gauge.append("|", style="bold")
        elif _GOOD_PACE[0] <= value <= _GOOD_PACE[1]:
            gauge.append("=", style="green")
        else:
            gauge.append("-", style="grey50")
    counted = (
        f", {with_fillers:.0f} with fillers" if with_fillers is not None and round(with_fillers) != round(wpm) else ""
    )
    gauge.append(f"  {wpm:.0f} words/min{counted} (good: 130-160)")
    return gauge


def pause_timeline(delivery: Delivery, width: int = 60) -> Text:
    """The recording as a line: '#' speaking, '.' silence before the first word, ' ' pauses, '!' long ones."""
    total = max(delivery.recording_seconds, 0.01)
    line = ["#"] * width
    first = round(delivery.time_to_first_word / total * width)
    for i in range(min(first, width)):
        line[i] = "."
    for pause in delivery.pauses:
        mark = "!" if pause.long else " "
        for i in range(int(pause.start / total * width), min(width, round(pause.end / total * width))):
            line[i] = mark
    text = Text("[")
    for char in line:
        style = {"#": "cyan", "!": "bold red", ".": "grey50"}.get(char, "")
        text.append(char, style=style)
    text.append(f"]  0:00-{_clock(total)}")
    return text


def render_delivery(delivery: Delivery) -> Group:
    """Everything about how the answer sounded, each figure with its good range."""
    rows: list[Table | Text] = [
        Text("How it sounded", style="bold"),
        pace_gauge(delivery.wpm, with_fillers=delivery.wpm_with_fillers),
        pause_timeline(delivery),
    ]
    rows.append(Text("  # speaking   . before the first word   (space) a pause   ! a long pause", style="grey50"))
    if delivery.fillers:
        listed = ", ".join(f'"{f.text}" at {_clock(f.start)}' for f in delivery.fillers[:12])
        more = f" and {len(delivery.fillers) - 12} more" if len(delivery.fillers) > 12 else ""
        rows.append(Text(f"Fillers: {listed}{more}"))
    else:
        rows.append(Text("Fillers: none heard"))
    notes = Table(show_header=False, box=None, pad_edge=False)
    notes.add_column("mark")
    notes.add_column("note", overflow="fold")
    for note in delivery.explanations:
        mark, style = _STATUS_MARKS[note.status]
        notes.add_row(Text(f" {mark}", style=style), Text(f"{note.text} (good: {note.good_range})"))
    rows.append(notes)
    return Group(*rows)
