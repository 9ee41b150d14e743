"""`starcoach practice` and the session commands, run as a user runs them."""

import json
import os
import signal
from pathlib import Path

import pexpect
import pytest

from tests.cli._run import STARCOACH, starcoach
from tests.conftest import NO_RESULT_STORY, STRONG_STORY, THE_OUTCOME, WEAK_BLAME

pytestmark = pytest.mark.slow
UPSET = "beh-upset-customer-turnaround"


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, STARCOACH_HOME=str(home), COLUMNS="110", TERM="xterm", **extra)
    env.pop("STARCOACH_DATABASE_URL", None)
    return env


def test_a_piped_session_asks_follows_up_saves_and_reports(_isolated_home: Path) -> None:
    typed = f"{WEAK_BLAME}\n\nI called each customer back myself the next day and apologised.\n\n"
    result = starcoach("practice", "--question-id", UPSET, stdin=typed.encode())
    assert result.returncode == 0, result.stderr
    assert "Q1 of 1" in result.stdout
    assert "Q1 follow-up 1" in result.stdout
    assert "do next" in result.stdout
    assert "Saved as session" in result.stdout
    history = starcoach("history")
    assert history.returncode == 0 and "behavioral" in history.stdout and "finished" in history.stdout


def test_a_follow_up_is_judged_on_its_gap_and_every_view_numbers_counts_and_rounds_alike(
    _isolated_home: Path,
) -> None:
    result = starcoach("practice", "--question-id", UPSET, stdin=f"{NO_RESULT_STORY}\n\n{THE_OUTCOME}\n\n".encode())
    assert result.returncode == 0, result.stderr
    flat = " ".join(result.stdout.replace("│", " ").split())
    live, report = flat.split("Session report", 1)
    main_panel, followup_panel = live.split("Q1 follow-up 1", 1)
    # The follow-up: filled or not, the words that fill it, a note; no score and no length advice.
    assert "Gap filled" in followup_panel and THE_OUTCOME in followup_panel
    assert "/100" not in followup_panel and "aim for" not in followup_panel and "spoken" not in followup_panel
    # One rounding: the live score is the report's.
    live_score = main_panel.split("Score ", 1)[1].split("/100")[0]
    assert f"Q1 (main question), {live_score}/100" in report
    assert "1 question, 2 answers" in report
    assert "Q1 follow-up 1, gap filled" in report
    fixes = report.split("Fix first", 1)[1].split("Feedback by answer", 1)[0] if "Fix first" in report else ""
    assert fixes and "Q1 follow-up" not in fixes
    session_id = result.stdout.split("Saved as session ", 1)[1].split(".", 1)[0]
    exported = json.loads(starcoach("report", session_id, "--format", "json").stdout)
    assert [a["label"] for a in exported["answers"]] == ["Q1", "Q1 follow-up 1"]
    assert [a["gap_filled"] for a in exported["answers"]] == [None, True]
    history = starcoach("history").stdout
    row = next(line for line in history.splitlines() if session_id in line).replace("│", " ").split()
    assert row[4:7] == ["1", "2", live_score]  # questions, answers (follow-ups included), score


def test_input_ending_mid_session_pauses_with_everything_saved(_isolated_home: Path) -> None:
    result = starcoach("practice", "--question-id", UPSET, stdin=f"{WEAK_BLAME}\n\n".encode())
    assert result.returncode == 130
    assert "Paused. Saved: 1 question, 1 answer." in result.stdout
    resumed = starcoach("practice", "--resume", stdin=b"I rang every customer back and fixed their orders.\n\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "1 question, 1 answer already saved" in resumed.stdout
    exported = _isolated_home / "export.json"
    assert starcoach("export", "--all", str(exported)).returncode == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert [len(s["turns"]) for s in data["sessions"]] == [2]


def _interrupts_on() -> None:
    # A shell that starts the tests in the background makes them ignore SIGINT, and the child
    # would inherit that; a person at a terminal has Ctrl-C working, so the child gets it back.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _spawn(args: list[str], home: Path, **extra: str) -> pexpect.spawn:
    return pexpect.spawn(
        STARCOACH,
        args,
        env=_env(home, **extra),
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 110),
        preexec_fn=_interrupts_on,
    )


def test_the_terminal_session_shows_the_timer_and_keeps_a_silence(_isolated_home: Path) -> None:
    child = _spawn(
        ["practice", "--track", "pressure", "--questions", "1", "--seed", "4"],
        _isolated_home,
        STARCOACH_SILENCE_SECONDS="1",
    )
    child.expect("Q1 of 1")
    child.expect("aim for 1:00-2:00")
    child.send(STRONG_STORY + "\r\r")
    child.expect("How that landed")
    child.expect("The interviewer says nothing and waits")
    child.expect("You let the silence sit")
    for _ in range(2):  # the pressure track asks up to two follow-ups
        index = child.expect(["Q1 follow-up 1", "Saved as session"])
        if index == 1:
            break
        child.send("I said: I understand how stressful this is. Resolution time fell from 3 days to 1.\r\r")
    else:
        child.expect("Saved as session")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_a_killed_session_resumes_with_nothing_lost(_isolated_home: Path) -> None:
    child = _spawn(["practice", "--track", "behavioral", "--questions", "2", "--seed", "2"], _isolated_home)
    child.expect("Q1 of 2")
    child.send(WEAK_BLAME + "\r\r")
    child.expect("How that landed")
    child.expect("Q1 follow-up 1")
    os.kill(child.pid, signal.SIGKILL)
    child.close()
    resumed = starcoach(
        "practice",
        "--resume",
        stdin=(
            "I called them back myself.\n\n" + STRONG_STORY + "\n\nThe CSAT went from 80 to 90 percent.\n\n"
        ).encode(),
    )
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "1 question, 1 answer already saved" in resumed.stdout
    assert "Q2 of 2" in resumed.stdout
    history = starcoach("history")
    assert "finished" in history.stdout


def test_ctrl_c_pauses_safely(_isolated_home: Path) -> None:
    child = _spawn(["practice", "--questions", "2", "--seed", "1"], _isolated_home)
    child.expect("Q1 of 2")
    child.send(STRONG_STORY + "\r\r")
    child.expect("How that landed")
    child.sendintr()
    child.expect("Paused")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def _exported(home: Path) -> dict[str, list[dict[str, object]]]:
    target = home / "export.json"
    target.unlink(missing_ok=True)
    assert starcoach("export", "--all", str(target)).returncode == 0
    exported: dict[str, list[dict[str, object]]] = json.loads(target.read_text(encoding="utf-8"))
    return exported


def test_ctrl_c_mid_answer_keeps_the_draft_and_offers_it_on_resume(_isolated_home: Path) -> None:
    started = "The checkout crashed on the sale day and forty customers wrote in angry"
    child = _spawn(["practice", "--questions", "1", "--seed", "1"], _isolated_home)
    child.expect("Q1 of 1")
    child.send(started)
    child.expect("forty customers wrote in angry")  # shown in the live panel: the keys have arrived
    child.sendintr()
    child.expect("Your unfinished answer is kept; it will be offered when you resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert [d["text"] for d in _exported(_isolated_home)["drafts"]] == [started]

    child = _spawn(["practice", "--resume"], _isolated_home)
    child.expect("Your unfinished answer from last time")
    child.expect("forty customers wrote in angry")
    child.expect(r"Use this draft and go on typing after it\? \[Y/n\]")
    child.sendline("")
    child.expect("Q1 of 1|Your answer")
    child.send("so I called each one back myself and refunded the orders.\r\r")
    child.expect("How that landed")
    child.sendintr()  # wherever it now stands (a silence, a follow-up), the answer is already saved
    child.expect(pexpect.EOF)
    child.close()
    exported = _exported(_isolated_home)
    answer = exported["sessions"][0]["turns"][0]["answer"]  # type: ignore[index]
    assert answer == started + " so I called each one back myself and refunded the orders."
    assert exported["drafts"] == []


def test_a_piped_resume_shows_the_kept_draft_and_drops_it_once_answered(_isolated_home: Path) -> None:
    from starcoach.store.drafts import DraftStore

    first = starcoach("practice", "--questions", "2", "--seed", "2", stdin=f"{STRONG_STORY}\n\n".encode())
    assert first.returncode == 130, first.stderr
    session_id = str(_exported(_isolated_home)["sessions"][0]["id"])
    answered = len(_exported(_isolated_home)["sessions"][0]["turns"])  # type: ignore[arg-type]
    DraftStore(_isolated_home).save(session_id, answered, "When our billing run failed I phoned")
    resumed = starcoach("practice", "--resume", stdin=(f"{STRONG_STORY}\n\n" * 4).encode())
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "Your unfinished answer from last time" in resumed.stdout
    assert "When our billing run failed I phoned" in resumed.stdout
    assert _exported(_isolated_home)["drafts"] == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["practice", "--track", "speedrun"], "unknown track 'speedrun'"),
        (["practice", "--job-description", "/nonexistent/advert.txt"], "job description file not found"),
        (["practice", "--questions", "40"], "between 1 and 12"),
        (["report", "zzzz"], "zzzz"),
        (["practice", "--resume"], "no paused session"),
    ],
)
def test_bad_practice_input_gets_one_clear_line(_isolated_home: Path, args: list[str], expected: str) -> None:
    result = starcoach(*args, stdin=b"")
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_empty_job_description_is_refused(_isolated_home: Path) -> None:
    advert = _isolated_home.parent / "advert.txt"
    advert.write_text("   \n", encoding="utf-8")
    result = starcoach("practice", "--job-description", str(advert), stdin=b"")
    assert result.returncode == 2 and "empty" in result.stderr


def test_a_job_description_steers_the_session_and_is_named_in_the_header(_isolated_home: Path) -> None:
    advert = _isolated_home.parent / "advert.txt"
    advert.write_text(
        "We need agents who thrive in a high-volume queue, prioritise tickets against SLAs, and know Zendesk. "
        "Multitasking across chat and email, CRM skills and ticket tagging are essential.",
        encoding="utf-8",
    )
    result = starcoach("practice", "--job-description", str(advert), "--company", "Acme", stdin=b"")
    assert "Company: Acme" in result.stdout
    assert "Time & tools" in result.stdout
    assert "Zendesk" in result.stdout


def test_a_corrupt_database_is_refused_and_left_untouched(_isolated_home: Path) -> None:
    _isolated_home.mkdir(parents=True, exist_ok=True)
    db = _isolated_home / "starcoach.db"
    db.write_bytes(b"this is not a database at all" * 100)
    before = db.read_bytes()
    result = starcoach("history")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_delete_all_asks_and_removes_everything(_isolated_home: Path) -> None:
    starcoach("practice", "--question-id", UPSET, stdin=f"{STRONG_STORY}\n\nIt was 96 percent CSAT.\n\n".encode())
    refused = starcoach("delete", "--all", stdin=b"")
    assert refused.returncode == 2 and "confirmation" in refused.stderr
    done = starcoach("delete", "--all", "--yes")
    assert done.returncode == 0 and "Deleted 1 session(s)" in done.stdout
    assert "No sessions yet" in starcoach("history").stdout


def test_the_html_report_is_one_self_contained_file(_isolated_home: Path) -> None:
    starcoach("practice", "--question-id", UPSET, stdin=f"{STRONG_STORY}\n\nCSAT was 96 percent.\n\n".encode())
    exported = _isolated_home.parent / "export.json"
    starcoach("export", "--all", str(exported))
    session_id = json.loads(exported.read_text(encoding="utf-8"))["sessions"][0]["id"]
    out = _isolated_home.parent / "report.html"
    result = starcoach("report", session_id[:6], "--format", "html", "--out", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html and "http://" not in html and "https://" not in html
    markdown = starcoach("report", session_id, "--format", "md")
    assert markdown.returncode == 0 and "thank" in markdown.stdout.lower()
