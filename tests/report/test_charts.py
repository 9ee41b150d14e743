"""Charts: SVG strings for reports and a text chart for `starcoach progress`."""

from __future__ import annotations

import re

import pytest

from starcoach.report.charts import SPARK_LEVELS, bars_svg, radar_svg, spark, trend_svg, trend_text

NAMES = [
    "Communication",
    "Patience under pressure",
    "Empathy & problem-solving",
    "Time & tools",
    "Emotional intelligence",
]
SERIES = {
    "Communication": [0.3, 0.5, 0.72],
    "Patience under pressure": [0.2, 0.2, 0.4],
    "Empathy & problem-solving": [0.9, 0.6, 1.0],
    "Time & tools": [0.0, 0.1, 0.2],
    "Emotional intelligence": [0.5, 0.55, 0.6],
}
LABELS = ["03-02", "03-09", "03-16"]


def _data_polygon(svg: str) -> list[str]:
    # The last polygon is the data; the ones before it are the grid rings.
    rings: list[str] = re.findall(r'<polygon points="([^"]+)"', svg)
    return rings[-1].split()


def test_the_radar_for_five_competencies_is_a_pentagon_with_every_name_and_value() -> None:
    svg = radar_svg(dict(zip(NAMES, [0.3, 0.28, 0.28, 0.43, 0.18])))
    assert len(_data_polygon(svg)) == 5
    assert 'role="img"' in svg and "<title>" in svg
    assert "Empathy &amp;" in svg and "Empathy & " not in svg
    assert "0.43" in svg


def test_the_radar_puts_a_full_score_on_the_outer_ring() -> None:
    svg = radar_svg({"a": 1.0, "b": 1.0, "c": 1.0})
    rings = re.findall(r'<polygon points="([^"]+)"', svg)
    assert rings[-1] == rings[3]


def test_the_radar_needs_three_values() -> None:
    with pytest.raises(ValueError, match="three"):
        radar_svg({"a": 1.0, "b": 0.5})


def test_bars_draw_one_labelled_bar_per_answer() -> None:
    svg = bars_svg(["Q1", "Q2", "Q3"], [84.9, 21.5, 0.0])
    assert svg.count("<rect") == 3
    assert ">Q2<" in svg and ">84.9<" in svg


def test_bars_refuse_mismatched_labels() -> None:
    with pytest.raises(ValueError):
        bars_svg(["Q1"], [1.0, 2.0])


def test_the_trend_chart_draws_one_line_per_competency_with_a_legend() -> None:
    svg = trend_svg(SERIES, LABELS)
    assert svg.count("<polyline") == 5
    for name in SERIES:
        assert name.replace("&", "&amp;") in svg
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')


def test_charts_for_an_html_page_leave_out_the_namespace() -> None:
    assert "xmlns" not in trend_svg(SERIES, LABELS, standalone=False)
    assert "xmlns" not in radar_svg(dict(zip(NAMES, [0.5] * 5)), standalone=False)


def test_trend_text_for_three_sessions_shows_one_row_per_competency() -> None:
    text = trend_text(SERIES, LABELS, width=80)
    header, *rows = text.splitlines()
    assert "03-02" in header and "03-16" in header
    assert len(rows) == 5
    for row, (name, values) in zip(rows, SERIES.items()):
        assert row.startswith(name)
        assert spark(values) in row
        assert f"{values[0]:.2f} → {values[-1]:.2f}" in row
    assert all(len(line) <= 80 for line in text.splitlines())


def test_trend_text_keeps_the_latest_sessions_when_the_terminal_is_narrow() -> None:
    labels = [f"s{i}" for i in range(40)]
    series = {"Communication": [i / 39 for i in range(40)]}
    header, row = trend_text(series, labels, width=50).splitlines()
    assert "last" in header and header.rstrip().split(",")[0].endswith("→ s39")
    assert "→ 1.00" in row
    assert len(header) <= 50 and len(row) <= 50


def test_spark_maps_zero_to_the_lowest_block_and_one_to_the_highest() -> None:
    assert spark([0.0, 0.5, 1.0]) == SPARK_LEVELS[0] + SPARK_LEVELS[4] + SPARK_LEVELS[-1]


def test_trend_text_refuses_series_that_do_not_match_the_labels() -> None:
    with pytest.raises(ValueError):
        trend_text({"Communication": [0.1]}, LABELS, width=80)
