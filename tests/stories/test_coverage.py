"""Coverage: the axis × competency matrix and the gaps it names."""

from __future__ import annotations

from starcoach.stories.coverage import coverage, coverage_lines, coverage_svg
from starcoach.stories.tags import AXES
from tests.stories._stories import story


def test_an_empty_library_names_every_gap() -> None:
    result = coverage([])
    assert result.gaps[0].startswith("0 of 6-8 stories")
    assert "no failure learned from story" in result.gaps
    assert any(g.startswith("nothing shows communication") for g in result.gaps)
    assert not result.complete


def test_tagged_stories_fill_their_cells_and_close_their_gaps() -> None:
    stories = [
        story("Queue", story_id="00000001", axes=["process_improvement"], competencies=["time_tech", "patience"]),
        story("Mistake", story_id="00000002", axes=["failure_learned"], competencies=["communication"]),
    ]
    result = coverage(stories)
    assert result.cells["process_improvement"]["time_tech"] == ("Queue",)
    assert result.cells["failure_learned"]["communication"] == ("Mistake",)
    assert result.cells["failure_learned"]["time_tech"] == ()
    assert "no failure learned from story" not in result.gaps
    assert "no teamwork story" in result.gaps
    assert "nothing shows empathy & problem-solving and emotional intelligence" in result.gaps
    assert "2 of 6-8 stories: write 4 more" in result.gaps


def test_a_full_library_has_no_gaps() -> None:
    every = ["communication", "patience", "empathy_problem_solving", "time_tech", "emotional_intelligence"]
    stories = [story(f"S{i}", story_id=f"0000000{i}", axes=[axis], competencies=every) for i, axis in enumerate(AXES)]
    result = coverage(stories)
    assert result.complete and result.gaps == ()


def test_too_many_stories_is_a_gap_too() -> None:
    stories = [story(f"S{i}", story_id=f"000000{i:02d}") for i in range(10)]
    assert any("more than the 6-8" in gap for gap in coverage(stories).gaps)


def test_coverage_lines_name_each_axis_and_its_stories() -> None:
    lines = coverage_lines(coverage([story("Queue", axes=["teamwork"], competencies=["patience"])]))
    assert "teamwork: Queue (shows Patience under pressure)" in lines
    assert "escalation: no story yet" in lines
    assert any(line.startswith("Gap: ") for line in lines)


def test_the_coverage_chart_labels_every_row_and_marks_empty_cells() -> None:
    from xml.etree import ElementTree

    svg = coverage_svg(coverage([story("Queue <fast>", axes=["teamwork"], competencies=["patience"])]))
    root = ElementTree.fromstring(svg)  # well-formed, so the title with '<' was escaped
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for name in ("escalation", "teamwork", "failure learned from"):
        assert name in texts
    assert texts.count("1") == 1 and texts.count("0") == 7 * 5 - 1
