"""`starcoach prep ...` as a user runs it: notes, questions, checklist, thank-you note, pack, and bad input."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pexpect
import pytest

from starcoach.settings import load_settings
from starcoach.store import Store
from tests.cli import _run
from tests.cli._run import starcoach
from tests.prep._data import JOB_DESCRIPTION, make_story, pages
from tests.store._records import make_session, standard_turns

pytestmark = pytest.mark.slow

COMPANY = "Northwind Broadband"


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("starcoach: error: ")
    return lines[0]


def _seed_session_and_story() -> None:
    with Store.open(load_settings().resolved_database_url) as store:
        store.create_session(make_session(turns=standard_turns()))
        store.stories.add(make_story())


def test_a_pasted_advert_is_saved_and_the_questions_name_its_metrics_and_tools() -> None:
    saved = starcoach(
        "prep",
        "company",
        COMPANY,
        "--pain-points",
        "slow refunds after outages",
        "--job-description",
        "-",
        stdin=JOB_DESCRIPTION.encode(),
    )
    assert saved.returncode == 0, saved.stderr
    assert "Saved the notes for Northwind Broadband" in saved.stdout
    assert "Tools it names: Zendesk" in saved.stdout
    assert "CSAT" in saved.stdout and "average handle time" in saved.stdout

    asked = starcoach("prep", "questions", "--company", "northwind BROADBAND")
    assert asked.returncode == 0, asked.stderr
    assert "Questions to ask at Northwind Broadband" in asked.stdout
    assert "slow refunds after outages" in asked.stdout
    assert "CSAT" in asked.stdout and "Zendesk" in asked.stdout
    assert "Why: The job description mentions CSAT" in asked.stdout

    shown = starcoach("prep", "show")
    assert "Northwind Broadband" in shown.stdout and "job description" in shown.stdout


def test_a_sixty_page_advert_is_one_clear_line_and_nothing_is_stored(tmp_path: Path) -> None:
    advert = tmp_path / "advert.txt"
    advert.write_text(pages(60), encoding="utf-8")
    for args, stdin in (
        (["--job-description", str(advert)], None),
        (["--job-description", "-"], pages(60).encode()),
    ):
        result = starcoach("prep", "company", COMPANY, "--product", "fibre", *args, stdin=stdin)
        assert result.returncode == 2
        line = _one_error_line(result.stderr)
        assert "over 200 kB" in line and "nothing was saved" in line
    shown = starcoach("prep", "show")
    assert "No company notes yet" in shown.stdout


def test_a_fifty_page_advert_is_accepted() -> None:
    result = starcoach("prep", "company", COMPANY, "--job-description", "-", stdin=pages(50).encode())
    assert result.returncode == 0, result.stderr
    assert "CSAT" in result.stdout


def test_an_empty_company_name_is_refused() -> None:
    result = starcoach("prep", "company", "   ", "--product", "fibre")
    assert result.returncode == 2
    assert "the company name is empty" in _one_error_line(result.stderr)


def test_a_company_with_nothing_to_save_says_what_to_add() -> None:
    result = starcoach("prep", "company", COMPANY)
    assert result.returncode == 2
    assert "--pain-points" in _one_error_line(result.stderr)


def test_checklist_ticks_persist_between_runs_and_unknown_ids_change_nothing() -> None:
    ticked = starcoach("prep", "checklist", "--tick", "1", "--tick", "logistics")
    assert ticked.returncode == 0, ticked.stderr
    assert "2 of 18 done" in ticked.stdout

    bad = starcoach("prep", "checklist", "--tick", "2", "--tick", "bring-snacks")
    assert bad.returncode == 2
    assert "no checklist item 'bring-snacks'" in _one_error_line(bad.stderr)

    listed = starcoach("prep", "checklist", stdin=b"")
    assert "[x]  1. Write down the company's product" in listed.stdout
    assert "[ ]  2." in listed.stdout  # the bad run ticked nothing
    assert "2 of 18 done" in listed.stdout

    untick = starcoach("prep", "checklist", "--untick", "research-company")
    assert "1 of 18 done" in untick.stdout
    reset = starcoach("prep", "checklist", "--reset")
    assert "Unticked 1 item(s)." in reset.stdout and "0 of 18 done" in reset.stdout


def test_a_thank_you_note_from_a_session_names_the_company_the_point_and_the_story_result(tmp_path: Path) -> None:
    _seed_session_and_story()
    out = tmp_path / "thanks.txt"
    result = starcoach("prep", "thank-you", "--session", "a1b2", "--interviewer", "Dana Lee", "--out", str(out))
    assert result.returncode == 0, result.stderr
    note = out.read_text(encoding="utf-8")
    assert note.startswith("Dear Dana Lee,")
    assert "Northwind Broadband" in note
    assert "your question about a time I turned an upset customer into a happy one" in note
    assert "our CSAT for the week stayed at 94 percent." in note
    assert 120 <= len(note.split()) <= 180
    assert "Outage night" in result.stderr and "[Your name]" in result.stderr


def test_a_thank_you_note_from_scratch_uses_the_point_given() -> None:
    result = starcoach("prep", "thank-you", "--company", "Acme", "--point", "how the team handles refund backlogs")
    assert result.returncode == 0, result.stderr
    assert "our conversation about how the team handles refund backlogs" in result.stdout
    assert "[One sentence on the situation.]" in result.stdout


def test_a_thank_you_note_for_a_session_that_does_not_exist_is_one_clear_line() -> None:
    result = starcoach("prep", "thank-you", "--session", "beefbeef")
    assert result.returncode == 2
    assert "no session 'beefbeef'" in _one_error_line(result.stderr)


def test_a_thank_you_note_with_an_unknown_story_is_one_clear_line() -> None:
    _seed_session_and_story()
    result = starcoach("prep", "thank-you", "--session", "a1b2", "--story", "Dragon slaying")
    assert result.returncode == 2
    assert "no story 'Dragon slaying'" in _one_error_line(result.stderr)


def test_the_note_can_be_edited_in_the_users_editor(tmp_path: Path) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nsed -i "s/Kind regards,/Warm wishes,/" "$1"\n', encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    env_editor = os.environ.get("EDITOR")
    os.environ["EDITOR"] = str(editor)
    try:
        result = starcoach("prep", "thank-you", "--company", "Acme", "--edit")
    finally:
        if env_editor is None:
            del os.environ["EDITOR"]
        else:
            os.environ["EDITOR"] = env_editor
    assert result.returncode == 0, result.stderr
    assert "Warm wishes," in result.stdout and "Kind regards," not in result.stdout


def test_the_pack_is_written_as_markdown_with_the_story_and_its_gaps(tmp_path: Path) -> None:
    _seed_session_and_story()
    starcoach("prep", "company", COMPANY, "--product", "home fibre")
    out = tmp_path / "pack.md"
    result = starcoach("prep", "pack", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "### Outage night (escalation)" in text
    assert "- Gap: no teamwork story" in text
    assert "### Northwind Broadband" in text


def test_in_a_terminal_the_checklist_is_ticked_off_by_typing_numbers() -> None:
    child = pexpect.spawn(_run.STARCOACH, ["prep", "checklist"], env=dict(os.environ), encoding="utf-8", timeout=60)
    child.expect("Enter to finish")
    child.sendline("4 5")
    child.expect("2 of 18 done")
    child.expect("Enter to finish")
    child.sendline("5")
    child.expect("1 of 18 done")
    child.expect("Enter to finish")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    listed = starcoach("prep", "checklist")
    assert "[x]  4." in listed.stdout and "[ ]  5." in listed.stdout
