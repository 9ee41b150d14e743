"""Charts as plain strings: inline SVG for HTML reports and block-character sparklines for the terminal."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from pathlib import Path

from starcoach.errors import UserInputError

# Dark enough for 3:1 contrast against white, and told apart by dash pattern too, not by colour alone.
SERIES_COLOURS = ("#1f4e79", "#a34700", "#2e6b30", "#7b2c8f", "#b3261e", "#00606b")
SERIES_DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 2", "1 2")
_INK = "#1a1a1a"
_GRID = "#b0b0b0"
_FONT = 'font-family="system-ui, sans-serif" font-size="15" fill="#1a1a1a"'
_LINE = 19
SPARK_LEVELS = "▁▂▃▄▅▆▇█"


def require_svg_name(out: Path) -> None:
    """Refuse a chart file name that promises another format: these charts are only ever SVG."""
    if out.suffix.lower() != ".svg":
        raise UserInputError(
            f"cannot write {out.suffix or 'a file with no suffix'}: charts are saved as SVG only",
            where=str(out),
            hint="Use a .svg name, e.g. chart.svg.",
        )


def _num(value: float) -> str:
    return f"{value:.1f}"


def _unit(value: float) -> float:
    return max(0.0, min(1.0, value))


def _open_svg(width: int, height: int, label: str, standalone: bool) -> list[str]:
    # Width comes from the page (CSS), the viewBox keeps the proportions, so charts shrink on a phone.
    # Inline SVG in HTML needs no namespace; a standalone .svg file does.
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    return [
        f'<svg{namespace} viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(label)}</title>",
    ]


def _wrap(label: str, limit: int = 14) -> list[str]:
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _radar_point(cx: float, cy: float, radius: float, i: int, n: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def _polygon(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


def radar_svg(values: dict[str, float], *, standalone: bool = True) -> str:
    """A radar chart (a pentagon for five competencies) of 0-1 values, labelled with names and values."""
    if len(values) < 3:
        raise ValueError("a radar chart needs at least three values")
    names, n = list(values), len(values)
    cx, cy, radius = 260.0, 172.0, 108.0
    summary = "Radar chart, 0 to 1: " + "; ".join(f"{k} {_unit(v):.2f}" for k, v in values.items())
    out = _open_svg(520, 350, summary, standalone)
    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_points = [_radar_point(cx, cy, radius * ring, i, n) for i in range(n)]
        out.append(f'<polygon points="{_polygon(ring_points)}" fill="none" stroke="{_GRID}" stroke-width="1"/>')
    for i in range(n):
        x, y = _radar_point(cx, cy, radius, i, n)
        out.append(f'<line x1="{_num(cx)}" y1="{_num(cy)}" x2="{_num(x)}" y2="{_num(y)}" stroke="{_GRID}"/>')
    data = [_radar_point(cx, cy, radius * _unit(values[k]), i, n) for i, k in enumerate(names)]
    out.append(
        f'<polygon points="{_polygon(data)}" fill="{SERIES_COLOURS[0]}" fill-opacity="0.25" '
        f'stroke="{SERIES_COLOURS[0]}" stroke-width="2"/>'
    )
    out.extend(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.5" fill="{SERIES_COLOURS[0]}"/>' for x, y in data)
    for i, name in enumerate(names):
        out.append(_radar_label(cx, cy, radius, i, n, name, _unit(values[name])))
    out.append("</svg>")
    return "\n".join(out)


def _radar_label(cx: float, cy: float, radius: float, i: int, n: int, name: str, value: float) -> str:
    x, y = _radar_point(cx, cy, radius + 14, i, n)
    anchor = "middle" if abs(x - cx) < 1 else ("start" if x > cx else "end")
    lines = [*_wrap(name), f"{value:.2f}"]
    # Labels above the centre grow upwards so they never cover the chart.
    top = y - _LINE * (len(lines) - 1) if y < cy - 1 else y + 12
    bold = ' font-weight="bold"'
    spans = "".join(
        f'<tspan x="{_num(x)}" y="{_num(top + _LINE * k)}"{bold if k == len(lines) - 1 else ""}>'
        + f"{escape(line)}</tspan>"
        for k, line in enumerate(lines)
    )
    # Larger than the other charts' text: the radar is drawn small on a phone.
    return f'<text {_FONT.replace("15", "17")} text-anchor="{anchor}">{spans}</text>'


def bars_svg(
    labels: Sequence[str], values: Sequence[float], max_value: float = 100.0, *, standalone: bool = True
) -> str:
    """A horizontal bar chart, one labelled bar per value, with the value written beside it."""
    if len(labels) != len(values):
        raise ValueError("bars_svg needs one label per value")
    row, label_w, bar_w = 30, max(40, min(200, 8 * max((len(x) for x in labels), default=0) + 12)), 320
    width, height = label_w + bar_w + 60, row * len(values) + 40
    summary = "Bar chart, 0 to " + f"{max_value:g}: " + "; ".join(f"{k} {v:g}" for k, v in zip(labels, values))
    out = _open_svg(width, height, summary, standalone)
    for tick in (0.0, 0.5, 1.0):
        x = label_w + bar_w * tick
        out.append(f'<line x1="{_num(x)}" y1="8" x2="{_num(x)}" y2="{height - 24}" stroke="{_GRID}"/>')
        out.append(f'<text {_FONT} x="{_num(x)}" y="{height - 8}" text-anchor="middle">{max_value * tick:g}</text>')
    for i, (label, value) in enumerate(zip(labels, values)):
        y = 10 + row * i
        length = bar_w * _unit(value / max_value if max_value else 0.0)
        out.append(f'<text {_FONT} x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>')
        out.append(f'<rect x="{label_w}" y="{y}" width="{_num(length)}" height="20" fill="{SERIES_COLOURS[0]}"/>')
        out.append(f'<text {_FONT} x="{_num(label_w + length + 6)}" y="{y + 15}">{value:g}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _check_series(series: dict[str, list[float]], labels: list[str]) -> None:
    for name, points in series.items():
        if len(points) != len(labels):
            raise ValueError(f"series {name!r} has {len(points)} values for {len(labels)} labels")


def trend_svg(series: dict[str, list[float]], labels: list[str], *, standalone: bool = True) -> str:
    """A line chart of 0-1 values over sessions, one line per series, with a legend below."""
    _check_series(series, labels)
    left, right, top, bottom, legend_row = 44.0, 520.0, 16.0, 216.0, 22
    height = int(bottom) + 34 + legend_row * len(series)
    summary = "Line chart, 0 to 1, over sessions: " + "; ".join(
        f"{name} {_unit(p[0]):.2f} to {_unit(p[-1]):.2f}" if p else f"{name} no data" for name, p in series.items()
    )
    out = _open_svg(560, height, summary, standalone)
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = bottom - (bottom - top) * tick
        out.append(f'<line x1="{left}" y1="{_num(y)}" x2="{right}" y2="{_num(y)}" stroke="{_GRID}"/>')
        out.append(f'<text {_FONT} x="{left - 6}" y="{_num(y + 4)}" text-anchor="end">{tick:g}</text>')
    step = (right - left) / max(1, len(labels) - 1)
    xs = [left + step * i if len(labels) > 1 else (left + right) / 2 for i in range(len(labels))]
    every = max(1, math.ceil(len(labels) / 8))  # keep x labels from overlapping
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            out.append(f'<text {_FONT} x="{_num(xs[i])}" y="{bottom + 18}" text-anchor="middle">{escape(label)}</text>')
    for k, (name, points) in enumerate(series.items()):
        colour, dash = SERIES_COLOURS[k % len(SERIES_COLOURS)], SERIES_DASHES[k % len(SERIES_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        coords = [(xs[i], bottom - (bottom - top) * _unit(v)) for i, v in enumerate(points)]
        if len(coords) > 1:
            out.append(
                f'<polyline points="{_polygon(coords)}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>'
            )
        out.extend(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3" fill="{colour}"/>' for x, y in coords)
        y = bottom + 40 + legend_row * k
        sample = f'x1="{left}" y1="{y - 4}" x2="{left + 28}" y2="{y - 4}"'
        out.append(f'<line {sample} stroke="{colour}" stroke-width="2"{dash_attr}/>')
        last = f" (latest {_unit(points[-1]):.2f})" if points else ""
        out.append(f'<text {_FONT} x="{left + 36}" y="{y}">{escape(name)}{last}</text>')
    out.append("</svg>")
    return "\n".join(out)


def spark(values: Sequence[float]) -> str:
    """One block character per 0-1 value, from ▁ (0) to █ (1)."""
    top = len(SPARK_LEVELS) - 1
    return "".join(SPARK_LEVELS[int(_unit(v) * top + 0.5)] for v in values)


def trend_text(series: dict[str, list[float]], labels: list[str], width: int) -> str:
    """A terminal chart: one sparkline row per series with its first and last value, fitted to ``width``."""
    _check_series(series, labels)
    if not labels or not series:
        return "No sessions to chart yet."
    name_w = min(max(len(name) for name in series), max(8, width // 3))
    tail_w = len("  0.00 → 0.00 (+0.00)")
    shown = max(1, min(len(labels), width - name_w - 2 - tail_w))
    # When the terminal is too narrow for every session, the most recent ones are the ones that matter.
    window = slice(len(labels) - shown, None)
    kept = labels[window]
    scope = f"last {shown} of {len(labels)} sessions" if shown < len(labels) else f"{len(labels)} session(s)"
    lines = [f"{'':<{name_w}}  {kept[0]} → {kept[-1]}, {scope}"]
    for name, points in series.items():
        values = points[window]
        first, last = _unit(values[0]), _unit(values[-1])
        lines.append(
            f"{name[:name_w]:<{name_w}}  {spark(values):<{shown}}  {first:.2f} → {last:.2f} ({last - first:+.2f})"
        )
    return "\n".join(lines)


def grid_svg(
    rows: Sequence[str], columns: Sequence[str], counts: Sequence[Sequence[int]], *, label: str, standalone: bool = True
) -> str:
    """A heat grid of counts (rows × columns): darker cells hold more, and every cell prints its number."""
    if len(counts) != len(rows) or any(len(line) != len(columns) for line in counts):
        raise ValueError("the counts must have one row per row label and one value per column")
    left, top, cell_w, cell_h = 220, 90, 112, 56
    width, height = left + cell_w * len(columns) + 10, top + cell_h * len(rows) + 10
    most = max((n for line in counts for n in line), default=0) or 1
    parts = _open_svg(width, height, label, standalone)
    for j, name in enumerate(columns):
        x = left + cell_w * j + cell_w / 2
        pieces = _wrap(name, 12)
        for k, piece in enumerate(pieces):
            y = top - 12 - _LINE * (len(pieces) - 1 - k)
            parts.append(f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="middle" {_FONT}>{escape(piece)}</text>')
    for i, name in enumerate(rows):
        y = top + cell_h * i
        parts.append(
            f'<text x="{left - 8}" y="{_num(y + cell_h / 2 + 5)}" text-anchor="end" {_FONT}>{escape(name)}</text>'
        )
        for j, count in enumerate(counts[i]):
            x = left + cell_w * j
            # Blue with opacity by count; an empty cell stays white with a grey border, so gaps stand out.
            shade = 0.15 + 0.75 * count / most if count else 0.0
            parts.append(
                f'<rect x="{x + 2}" y="{y + 2}" width="{cell_w - 4}" height="{cell_h - 4}" '
                f'fill="{SERIES_COLOURS[0]}" fill-opacity="{shade:.2f}" stroke="{_GRID}"/>'
            )
            # Zeros are printed too (in grey), so the grid reads without colour.
            ink = "#ffffff" if shade > 0.5 else (_INK if count else "#6b6b6b")
            parts.append(
                f'<text x="{_num(x + cell_w / 2)}" y="{_num(y + cell_h / 2 + 5)}" text-anchor="middle" '
                f'font-family="system-ui, sans-serif" font-size="15" fill="{ink}">{count}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
