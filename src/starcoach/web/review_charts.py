"""Delivery charts for the feedback page: a pace gauge and a pause timeline, as inline SVG.

Only numbers go into them; the labels are escaped anyway. Each carries role="img", an aria-label
and a title that say in words what it draws, and never relies on colour alone: the good band is
labelled, long pauses are taller and marked "long".
"""

from __future__ import annotations

import math
from html import escape

from markupsafe import Markup

from starcoach.analysis.report import Delivery
from starcoach.speech.delivery import GOOD_WPM, LONG_PAUSE_SECONDS

_FONT = 'font-family="system-ui, sans-serif" font-size="14" fill="#1b1f24"'
_INK, _GRID, _GOOD, _PAUSE, _LONG, _FILLER = "#1b1f24", "#7a8594", "#17663a", "#0b5cad", "#a1162a", "#8a4b00"


def _open(width: int, height: int, label: str) -> list[str]:
    return [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        'preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(label)}</title>",
    ]


def _n(value: float) -> str:
    return f"{value:.1f}"


def pace_svg(wpm: float, good: tuple[float, float] = GOOD_WPM) -> Markup:
    """A horizontal gauge of words per minute with the good band shaded and labelled."""
    low, high = good
    top = max(220.0, math.ceil((wpm + 20) / 40) * 40)
    left, right = 20.0, 500.0

    def x(value: float) -> float:
        return left + (right - left) * max(0.0, min(value, top)) / top

    where = "inside" if low <= wpm <= high else ("below" if wpm < low else "above")
    label = f"Pace gauge: {wpm:.0f} words per minute, {where} the good band of {low:.0f} to {high:.0f}"
    out = _open(520, 96, label)
    out.append(f'<rect x="{left}" y="38" width="{right - left}" height="16" fill="#f3f5f8" stroke="{_GRID}"/>')
    out.append(
        f'<rect x="{_n(x(low))}" y="38" width="{_n(x(high) - x(low))}" height="16" fill="{_GOOD}" fill-opacity="0.35"/>'
    )
    middle = _n((x(low) + x(high)) / 2)
    out.append(f'<text {_FONT} x="{middle}" y="30" text-anchor="middle">good {low:.0f}-{high:.0f}</text>')
    for tick in range(0, int(top) + 1, 40):
        out.append(f'<line x1="{_n(x(tick))}" y1="54" x2="{_n(x(tick))}" y2="60" stroke="{_GRID}"/>')
        out.append(f'<text {_FONT} x="{_n(x(tick))}" y="76" text-anchor="middle">{tick}</text>')
    at = x(wpm)
    out.append(f'<line x1="{_n(at)}" y1="32" x2="{_n(at)}" y2="60" stroke="{_INK}" stroke-width="3"/>')
    out.append(f'<polygon points="{_n(at - 6)},60 {_n(at + 6)},60 {_n(at)},52" fill="{_INK}"/>')
    anchor = "start" if at < 260 else "end"
    shift = 6 if anchor == "start" else -6
    out.append(
        f'<text {_FONT} font-weight="bold" x="{_n(at + shift)}" y="92" text-anchor="{anchor}">{wpm:.0f} wpm</text>'
    )
    out.append("</svg>")
    return Markup("\n".join(out))


def pauses_svg(delivery: Delivery) -> Markup:
    """The recording as a bar, each pause drawn on it (long ones taller, darker, and labelled), fillers as ticks."""
    ends = [delivery.recording_seconds, *(p.end for p in delivery.pauses), *(f.end for f in delivery.fillers)]
    total = max([1.0, *ends])
    left, right = 20.0, 540.0

    def x(seconds: float) -> float:
        return left + (right - left) * max(0.0, min(seconds, total)) / total

    longs = sum(1 for p in delivery.pauses if p.long)
    label = (
        f"Pause timeline of a {total:.0f} second recording: {len(delivery.pauses)} pause(s), "
        f"{longs} over {LONG_PAUSE_SECONDS:.0f} seconds; {len(delivery.fillers)} filler(s) marked below the bar"
    )
    out = _open(560, 110, label)
    out.append(f'<rect x="{left}" y="34" width="{right - left}" height="22" fill="#dcfce7" stroke="{_GRID}"/>')
    for pause in delivery.pauses:
        width = max(2.0, x(pause.end) - x(pause.start))
        if pause.long:
            out.append(f'<rect x="{_n(x(pause.start))}" y="24" width="{_n(width)}" height="42" fill="{_LONG}"/>')
            out.append(
                f'<text {_FONT} x="{_n(x(pause.start) + width / 2)}" y="18" text-anchor="middle">'
                f"long {pause.duration:.1f} s</text>"
            )
        else:
            out.append(f'<rect x="{_n(x(pause.start))}" y="34" width="{_n(width)}" height="22" fill="{_PAUSE}"/>')
    for filler in delivery.fillers:
        at = x(filler.start)
        out.append(f'<polygon points="{_n(at - 5)},78 {_n(at + 5)},78 {_n(at)},68" fill="{_FILLER}"/>')
    for tick in (0.0, total / 2, total):
        out.append(f'<text {_FONT} x="{_n(x(tick))}" y="100" text-anchor="middle">{tick:.0f} s</text>')
    out.append("</svg>")
    return Markup("\n".join(out))
