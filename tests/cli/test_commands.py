"""The other commands: help, version, questions, practice."""

from pathlib import Path

import pytest

from tests.cli._run import starcoach

pytestmark = pytest.mark.slow


def test_help_lists_the_commands_and_teaches_where_to_start() -> None:
    result = starcoach("--help")
    assert result.returncode == 0
    for command in ("analyze", "questions", "practice"):
        assert command in result.stdout
    assert "starcoach practice" in result.stdout


@pytest.mark.parametrize("command", [[], ["practice"], ["analyze"], ["stories"], ["stories", "add"], ["prep", "pack"]])
def test_dash_h_is_help_wherever_double_dash_help_is(command: list[str]) -> None:
    short, long = starcoach(*command, "-h"), starcoach(*command, "--help")
    assert short.returncode == 0 and long.returncode == 0, short.stderr
    assert short.stdout == long.stdout and "Usage:" in short.stdout


def _listed_choices(command: str, option: str) -> list[str]:
    """The choices `--help` shows after an option, e.g. ``-t, --track a|b|c``."""
    lines = starcoach(command, "-h").stdout.splitlines()
    line = next(line for line in lines if line.lstrip().startswith("-") and f"{option} " in line)
    return line.split(f"{option} ", 1)[1].split()[0].split("|")


def test_practice_lists_its_tracks_and_takes_every_name_it_lists() -> None:
    from starcoach.interview.planning import TRACKS

    names = _listed_choices("practice", "--track")
    assert len(names) == len(TRACKS)
    for name in names:  # no answer is piped in: a known track pauses (130), an unknown one is refused (2)
        result = starcoach("practice", "--track", name, "--questions", "1", stdin=b"")
        assert result.returncode == 130, f"{name}: {result.stderr}"


def test_practice_and_questions_take_classic_and_classics_alike() -> None:
    assert "classic" in _listed_choices("practice", "--track")
    assert "classic" in _listed_choices("questions", "--type")
    listed = {spelling: starcoach("questions", "--type", spelling) for spelling in ("classic", "classics")}
    assert listed["classic"].returncode == 0 and listed["classics"].returncode == 0, listed["classics"].stderr
    assert listed["classic"].stdout == listed["classics"].stdout and "cls-" in listed["classic"].stdout
    for spelling in ("classic", "classics"):
        result = starcoach("practice", "--track", spelling, "--questions", "1", "--seed", "2", stdin=b"")
        assert result.returncode == 130, result.stderr
        assert "classics track" in result.stdout


def test_an_unknown_question_type_is_one_clear_line() -> None:
    result = starcoach("questions", "--type", "riddle")
    assert result.returncode == 2
    assert result.stderr.startswith("starcoach: error: unknown question type 'riddle'")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "command",
    [
        "analyze",
        "report",
        "export",
        "roleplay",
        "stories match",
        "stories export",
        "stories show",
        "stories import",
        "prep company",
        "prep show",
    ],
)
def test_argument_placeholders_are_written_one_way(command: str) -> None:
    usage = next(line for line in starcoach(*command.split(), "-h").stdout.splitlines() if line.startswith("Usage:"))
    placeholder = usage.split("[OPTIONS] ", 1)[1]
    assert placeholder[0] in "[{" and placeholder[1] not in "[{", usage  # one pair of brackets
    assert placeholder.strip("[]{}") == placeholder.strip("[]{}").upper(), usage


def test_questions_can_be_filtered_by_competency_and_type() -> None:
    result = starcoach("questions", "--competency", "time_tech", "--type", "situational")
    assert result.returncode == 0, result.stderr
    assert "sit-" in result.stdout
    assert "beh-" not in result.stdout


def test_an_unknown_competency_is_a_clear_error() -> None:
    result = starcoach("questions", "--competency", "charm")
    assert result.returncode == 2
    assert "unknown competency 'charm'" in result.stderr
    assert "time_tech" in result.stderr


def test_a_practice_round_asks_reads_the_typed_answer_and_prints_feedback() -> None:
    typed = "Last month a caller was angry about a double charge.\nI refunded it and he thanked me.\n\n" * 2
    result = starcoach("practice", "--questions", "1", "--seed", "3", stdin=typed.encode())
    assert result.returncode == 0, result.stderr
    assert "Q1 of 1" in result.stdout
    assert "How that landed" in result.stdout and "Score" in result.stdout


def test_a_practice_round_with_no_answer_pauses() -> None:
    result = starcoach("practice", "--seed", "1", stdin=b"")
    assert result.returncode == 130
    assert "Paused. Saved: 0 questions, 0 answers." in result.stdout


def test_config_says_where_text_goes() -> None:
    import os
    import subprocess

    from tests.cli._run import STARCOACH

    local = starcoach("config")
    assert local.returncode == 0 and "nowhere: everything runs on this machine" in local.stdout
    env = {
        **os.environ,
        "STARCOACH_LLM_BACKEND": "openai-compatible",
        "STARCOACH_LLM_URL": "https://user:secret@llm.example.com/v1",
        "STARCOACH_LLM_MODEL": "small-model",
        "STARCOACH_LLM_API_KEY": "sk-very-secret",
    }
    remote = subprocess.run([STARCOACH, "config"], capture_output=True, text=True, env=env, check=False)
    assert remote.returncode == 0, remote.stderr
    assert "llm.example.com" in remote.stdout and "small-model" in remote.stdout
    assert "secret" not in remote.stdout


def test_progress_refuses_a_chart_name_that_is_not_svg_and_writes_nothing(tmp_path: Path) -> None:
    typed = "Last month a caller was angry about a double charge.\nI refunded it and he thanked me.\n\n" * 2
    assert starcoach("practice", "--questions", "1", "--seed", "3", stdin=typed.encode()).returncode == 0
    refused = starcoach("progress", "--out", "p.png", cwd=tmp_path)
    assert refused.returncode == 2
    assert "p.png" in refused.stderr and ".svg" in refused.stderr and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "p.png").exists()
    written = starcoach("progress", "--out", "p.svg", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "p.svg").read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_questions_at_80_columns_leave_the_question_text_room_to_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = starcoach("questions", "--type", "behavioral")
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert rows and all(len(line) <= 80 for line in result.stdout.splitlines())
    # The question is the last cell of each row; it must be wide enough to read a phrase at a time.
    question_widths = [len(line.rstrip("│").split("│")[-1]) for line in rows]
    assert min(question_widths) >= 30
    text = " ".join(line.rstrip("│").split("│")[-1].strip() for line in rows)
    assert "Tell me about a time you turned an upset customer into a happy one." in " ".join(text.split())
