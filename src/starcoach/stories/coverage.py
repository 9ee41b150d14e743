"""Which tags (kinds of moment) and which competencies the user's stories cover, and the gaps left."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from starcoach.competencies import COMPETENCY_IDS, COMPETENCY_NAMES
from starcoach.stories.models import Story
from starcoach.stories.tags import AXES, AXIS_NAMES, STORY_TARGET


@dataclass(frozen=True)
class Coverage:
    """Stories by axis and competency: ``cells[axis][competency]`` holds the titles found there."""

    cells: dict[str, dict[str, tuple[str, ...]]]
    story_count: int
    gaps: tuple[str, ...]

    def axis_titles(self, axis: str) -> tuple[str, ...]:
        """Every story tagged with an axis, whatever its competencies."""
        return tuple(dict.fromkeys(t for titles in self.cells[axis].values() for t in titles))

    @property
    def complete(self) -> bool:
        """True when nothing is missing and the library is the right size."""
        return not self.gaps


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def coverage(stories: Sequence[Story]) -> Coverage:
    """Build the axis × competency matrix and name what is missing, most important first."""
    cells = {axis: {cid: tuple(s.title for s in stories if axis in s.axes and cid in s.competencies)
                    for cid in COMPETENCY_IDS} for axis in AXES}  # fmt: skip
    gaps: list[str] = []
    low, high = STORY_TARGET
    if len(stories) < low:
        missing = low - len(stories)
        gaps.append(f"{len(stories)} of {low}-{high} stories: write {missing} more")
    elif len(stories) > high:
        gaps.append(f"{len(stories)} stories: more than the {low}-{high} you can rehearse well; keep your strongest")
    for axis in AXES:
        if not any(axis in s.axes for s in stories):
            gaps.append(f"no {AXIS_NAMES[axis]} story")
    unshown = [COMPETENCY_NAMES[c].lower() for c in COMPETENCY_IDS if not any(c in s.competencies for s in stories)]
    if unshown:
        gaps.append(f"nothing shows {_join(unshown)}")
    return Coverage(cells, len(stories), tuple(gaps))


def coverage_lines(result: Coverage) -> list[str]:
    """The matrix as plain lines (for Markdown and PDF): one line per axis, then the gaps."""
    lines = []
    for axis in AXES:
        shown = [COMPETENCY_NAMES[c] for c in COMPETENCY_IDS if result.cells[axis][c]]
        titles = result.axis_titles(axis)
        if titles:
            lines.append(f"{AXIS_NAMES[axis]}: {', '.join(titles)} (shows {', '.join(shown) or 'no competency'})")
        else:
            lines.append(f"{AXIS_NAMES[axis]}: no story yet")
    lines.extend(f"Gap: {gap}" for gap in result.gaps)
    return lines


def coverage_svg(result: Coverage, *, standalone: bool = True) -> str:
    """The matrix as an SVG heat grid (for files, the prep pack and web pages)."""
    from starcoach.report.charts import grid_svg

    counts = [[len(result.cells[axis][cid]) for cid in COMPETENCY_IDS] for axis in AXES]
    return grid_svg(
        [AXIS_NAMES[a] for a in AXES],
        [COMPETENCY_NAMES[c] for c in COMPETENCY_IDS],
        counts,
        label=f"Story coverage: {result.story_count} stories by tag and competency",
        standalone=standalone,
    )
