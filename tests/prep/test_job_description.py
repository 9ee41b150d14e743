"""Reading a pasted job description: what it stresses, and the limits on what is accepted."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from starcoach.errors import UserInputError
from starcoach.interview.job_description import (
    MAX_JOB_DESCRIPTION_BYTES,
    check_job_description_text,
    read_job_description_text,
)
from starcoach.prep.job_description import parse_job_description
from tests.prep._data import JOB_DESCRIPTION, pages


def test_a_job_description_mentioning_csat_aht_and_zendesk_yields_those_metrics_and_tools() -> None:
    ad = parse_job_description(JOB_DESCRIPTION)
    names = [metric.name for metric in ad.metrics]
    assert "CSAT" in names
    assert "average handle time" in names
    assert "tickets per hour" in names
    assert "SLAs" in names
    assert ad.tools == ("Zendesk",)
    assert {"patience", "emotional_intelligence"} <= set(ad.competencies)


def test_metric_mentions_are_counted_and_the_most_mentioned_comes_first() -> None:
    ad = parse_job_description("Keep NPS high. NPS is reviewed weekly; our net promoter score matters. CSAT too.")
    assert [(m.id, m.count) for m in ad.metrics] == [("nps", 3), ("csat", 1)]


def test_a_word_that_only_starts_like_a_metric_is_not_one() -> None:
    ad = parse_job_description("We chat on Slack and use Slackbot; quality of life matters.")
    assert "sla" not in [m.id for m in ad.metrics]


def test_a_job_description_with_nothing_recognisable_is_empty() -> None:
    assert parse_job_description("Lovely office with plants.").is_empty


def test_a_fifty_page_paste_is_accepted_whole_and_read() -> None:
    text = pages(50)
    assert 150_000 < len(text.encode()) < MAX_JOB_DESCRIPTION_BYTES
    read = read_job_description_text("-", io.BytesIO(text.encode()))
    assert read == text.strip()
    assert "CSAT" in [m.name for m in parse_job_description(read).metrics]


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_a_sixty_page_paste_is_refused_with_the_limit_named(source: str, tmp_path: Path) -> None:
    data = pages(60).encode()
    assert len(data) > MAX_JOB_DESCRIPTION_BYTES
    path = tmp_path / "job.txt"
    path.write_bytes(data)
    with pytest.raises(UserInputError) as caught:
        read_job_description_text(str(path)) if source == "file" else read_job_description_text("-", io.BytesIO(data))
    message = caught.value.one_line()
    assert "over 200 kB" in message and "nothing was saved" in message
    assert "\n" not in message


def test_pasted_text_over_the_limit_is_refused_too() -> None:
    with pytest.raises(UserInputError, match="over 200 kB"):
        check_job_description_text(pages(60))


def test_empty_missing_and_binary_job_descriptions_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="empty"):
        read_job_description_text("-", io.BytesIO(b"  \n\t "))
    with pytest.raises(UserInputError, match="not found"):
        read_job_description_text(str(tmp_path / "missing.txt"))
    (tmp_path / "job.pdf").write_bytes(b"%PDF-1.7\x00\x01\x02")
    with pytest.raises(UserInputError, match="binary"):
        read_job_description_text(str(tmp_path / "job.pdf"))
    with pytest.raises(UserInputError, match="folder"):
        read_job_description_text(str(tmp_path))
