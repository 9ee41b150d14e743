"""`starcoach stories`: the library through the real command, as a user drives it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli._run import starcoach
from tests.stories._stories import FAILURE, REFUND

pytestmark = pytest.mark.slow


def _flat(text: str) -> str:
    """The output with the terminal's line wrapping undone."""
    return " ".join(text.split())


def _add(title: str, parts: dict[str, str], *extra: str) -> None:
    args = [f"--{name}={text}" for name, text in parts.items()]
    result = starcoach("stories", "add", f"--title={title}", *args, *extra)
    assert result.returncode == 0, result.stderr


def test_adding_a_story_reviews_it_and_lists_it() -> None:
    result = starcoach("stories", "add", "--title=Double charge", *[f"--{k}={v}" for k, v in REFUND.items()])
    assert result.returncode == 0, result.stderr
    assert "Added 'Double charge'" in result.stdout
    assert "s to tell" in result.stdout and "STAR as heard" in result.stdout
    listed = starcoach("stories", "list")
    assert "Double charge" in listed.stdout and "1 story(ies); aim for 6-8" in listed.stdout


def test_a_part_the_user_labelled_is_heard_as_that_part() -> None:
    # Read as one unlabelled answer, this task (no "I had to", no "my job was") is not heard as a task;
    # given with --task it is one, so the review must neither call it missing nor ask for it.
    parts = {**REFUND, "task": "Get her money back before the weekend and keep her as a customer."}
    result = starcoach("stories", "add", "--title=Double charge", *[f"--{k}={v}" for k, v in parts.items()])
    assert result.returncode == 0, result.stderr
    heard = _flat(result.stdout)
    assert "Task: yes" in heard and "MISSING" not in heard
    assert "say what you were responsible for" not in heard
    shown = _flat(starcoach("stories", "show", "Double charge").stdout)
    assert "Task: yes" in shown and "MISSING" not in shown


def test_a_story_missing_a_part_is_refused_and_nothing_is_stored() -> None:
    parts = {k: v for k, v in REFUND.items() if k != "task"}
    result = starcoach("stories", "add", "--title=Double charge", *[f"--{k}={v}" for k, v in parts.items()])
    assert result.returncode == 2
    assert "the story has no task" in result.stderr and "Traceback" not in result.stderr
    assert "No stories yet" in starcoach("stories", "list").stdout


def test_a_duplicate_title_is_refused_in_one_line() -> None:
    _add("Double charge", REFUND)
    result = starcoach("stories", "add", "--title=double CHARGE", *[f"--{k}={v}" for k, v in FAILURE.items()])
    assert result.returncode == 2
    assert "a story titled 'Double charge' already exists" in result.stderr


def test_show_edit_and_delete_a_story() -> None:
    _add("Double charge", REFUND, "--tags=difficult customer,escalation")
    shown = starcoach("stories", "show", "double charge")
    assert REFUND["action"] in _flat(shown.stdout) and "difficult customer" in shown.stdout
    edited = starcoach("stories", "edit", "Double charge", "--result=The refund arrived in two days.")
    assert edited.returncode == 0, edited.stderr
    assert "The refund arrived in two days." in _flat(starcoach("stories", "show", "Double charge").stdout)
    empty = starcoach("stories", "edit", "Double charge", "--task= ")
    assert empty.returncode == 2 and "the task is empty" in empty.stderr
    refused = starcoach("stories", "delete", "Double charge")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert starcoach("stories", "delete", "Double charge", "--yes").returncode == 0
    assert "No stories yet" in starcoach("stories", "list").stdout


def test_coverage_names_the_gaps() -> None:
    _add("Double charge", REFUND, "--tags=difficult_customer", "--competencies=empathy_problem_solving")
    result = starcoach("stories", "coverage")
    assert result.returncode == 0, result.stderr
    assert "no failure learned from story" in result.stdout
    assert "1 of 6-8 stories" in result.stdout
    assert "nothing shows communication" in result.stdout


def test_coverage_refuses_a_chart_name_that_is_not_svg_and_writes_nothing(tmp_path: Path) -> None:
    _add("Double charge", REFUND, "--tags=difficult_customer")
    refused = starcoach("stories", "coverage", "--out", "c.pdf", cwd=tmp_path)
    assert refused.returncode == 2
    assert "c.pdf" in refused.stderr and ".svg" in refused.stderr and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "c.pdf").exists()
    assert starcoach("stories", "coverage", "--out", "c.svg", cwd=tmp_path).returncode == 0
    assert (tmp_path / "c.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_export_then_import_into_an_empty_library_gives_the_same_stories(tmp_path: Path) -> None:
    _add("Double charge", REFUND, "--tags=escalation")
    _add("My own mistake", FAILURE, "--tags=failure_learned")
    for name in ("stories.md", "stories.json"):
        out = tmp_path / name
        assert starcoach("stories", "export", str(out)).returncode == 0
        before = starcoach("stories", "show", "My own mistake", "--format", "json").stdout
        assert starcoach("delete", "--all", "--yes").returncode == 0
        imported = starcoach("stories", "import", str(out))
        assert imported.returncode == 0, imported.stderr
        assert "Imported 2 story(ies)" in imported.stdout
        assert starcoach("stories", "show", "My own mistake", "--format", "json").stdout == before
    assert json.loads((tmp_path / "stories.json").read_text())["format"] == "starcoach-stories"


def test_a_malformed_import_names_line_and_field_and_adds_nothing(tmp_path: Path) -> None:
    _add("Double charge", REFUND)
    path = tmp_path / "mine.md"
    path.write_text(
        "# Story: Lost parcel\n\n## Situation\n\nA parcel went missing.\n\n## Task\n\n\n## Action\n\nI traced it."
        "\n\n## Result\n\nIt arrived.\n",
        encoding="utf-8",
    )
    result = starcoach("stories", "import", str(path))
    assert result.returncode == 2
    assert "line 7, story 'Lost parcel', field 'task': the task is empty" in _flat(result.stderr)
    listed = starcoach("stories", "list").stdout
    assert "Lost parcel" not in listed and "Double charge" in listed


def test_the_sixty_second_drill_marks_each_competency() -> None:
    _add("Double charge", REFUND)
    typed = (
        "I explained the charge in plain words and confirmed she understood. I stayed calm and let her finish. "
        "I told her I understood how stressful it was, then fixed it by filing the refund. I logged it in "
        "Salesforce and set a reminder. I noticed she was frightened, so I escalated to my supervisor.\n\n"
    )
    result = starcoach("stories", "drill", "Double charge", stdin=typed.encode())
    assert result.returncode == 0, result.stderr
    assert "of 5 competencies evidenced" in result.stdout
    assert "'Salesforce'" in result.stdout


def test_telling_it_again_compares_the_two_tellings() -> None:
    _add("Double charge", REFUND)
    typed = b"She was upset about a double charge. I refunded it.\n\n"
    result = starcoach("stories", "drill", "Double charge", "--again", "beh-upset-customer-turnaround", stdin=typed)
    assert result.returncode == 0, result.stderr
    assert "Stored story vs. this telling" in result.stdout
    assert "score" in result.stdout and "red flags" in result.stdout


def test_the_full_export_and_delete_include_stories_and_prep_notes(tmp_path: Path) -> None:
    _add("Double charge", REFUND)
    assert starcoach("prep", "company", "Northwind", "--product=home fibre").returncode == 0
    out = tmp_path / "all.json"
    assert starcoach("export", "--all", str(out)).returncode == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [s["title"] for s in exported["stories"]] == ["Double charge"]
    assert [c["company"] for c in exported["prep"]["company_notes"]] == ["Northwind"]
    deleted = starcoach("delete", "--all", "--yes")
    assert deleted.returncode == 0 and "1 story(ies)" in deleted.stdout
    assert "No stories yet" in starcoach("stories", "list").stdout
    again = starcoach("delete", "--all", "--yes")
    assert "Nothing stored" in again.stdout


@pytest.mark.parametrize("method", ["auto", "lexical"])
def test_match_ranks_the_fitting_story_first_and_says_why(method: str) -> None:
    _add("Double charge", REFUND)
    _add("My own mistake", FAILURE)
    question = "A customer was billed twice for one order and is angry. How do you get her refund sorted?"
    result = starcoach("stories", "match", question, "--method", method)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    first = next(line for line in lines if line.startswith("1. "))
    assert "Double charge" in first
    assert "refund" in _flat(result.stdout).lower()


def test_match_takes_a_bank_question_id_and_refuses_an_empty_question() -> None:
    _add("Double charge", REFUND)
    result = starcoach("stories", "match", "beh-upset-customer-turnaround")
    assert result.returncode == 0, result.stderr
    assert "Question: Tell me about a time" in result.stdout and "1. Double charge" in result.stdout
    empty = starcoach("stories", "match", "  ")
    assert empty.returncode == 2 and "the question is empty" in empty.stderr


def test_the_spoken_drill_needs_a_terminal() -> None:
    _add("Double charge", REFUND)
    result = starcoach("stories", "drill", "Double charge", "--voice", stdin=b"")
    assert result.returncode == 2 and "--voice needs a terminal" in result.stderr


def test_match_as_json_parses_and_ranks_as_the_text_output_does() -> None:
    # Competencies given, so the ranking tested is the matcher's, not the engine's suggested tags.
    _add("Double charge", REFUND, "--tags=difficult customer", "--competencies=empathy_problem_solving")
    _add("My own mistake", FAILURE, "--tags=failure learned", "--competencies=emotional_intelligence")
    question = "What is the biggest mistake you have made with a customer?"
    shown = starcoach("stories", "match", question, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    payload = json.loads(shown.stdout)
    assert payload["question"] == question and payload["method"] == "embedding"
    titles = [m["title"] for m in payload["matches"]]
    assert titles[0] == "My own mistake"
    assert [m["rank"] for m in payload["matches"]] == [1, 2]
    assert all(m["reasons"] and 0.0 <= m["score"] <= 1.0 for m in payload["matches"])
    assert "chance" in payload["score_scale"]
    text = starcoach("stories", "match", question).stdout
    ranked_lines = [line for line in text.splitlines() if line[:3] in ("1. ", "2. ")]
    assert [line[3:].split("  (")[0] for line in ranked_lines] == titles
    first_score = round(payload["matches"][0]["score"] * 100)
    assert f"fit {first_score}% chance of being your best story" in ranked_lines[0]


@pytest.mark.parametrize("method", ["auto", "lexical"])
def test_match_explains_its_fit_figures_in_the_unit_they_are_shown_in(method: str) -> None:
    _add("Double charge", REFUND)
    _add("My own mistake", FAILURE)
    shown = starcoach("stories", "match", "How did you calm an angry customer?", "--method", method)
    assert shown.returncode == 0, shown.stderr
    flat = _flat(shown.stdout)
    legend = flat[flat.index("Fit:") :]
    if "% chance" in flat:  # figures shown as percentages: the legend must not speak of 0 to 1
        assert "%" in legend and "0 to 1" not in legend
    else:
        assert "of 1" in flat and "from 0" in legend and "to 1" in legend


def test_match_as_json_with_no_stories_is_still_json() -> None:
    shown = starcoach("stories", "match", "Tell me about a mistake.", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["matches"] == []
