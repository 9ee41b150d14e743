"""The web app in a real browser: Debian's Chromium driven by Playwright against `starcoach serve`.

Playwright never downloads a browser here: it launches /usr/bin/chromium, which `make test` and
.ci/run install. When it is missing these tests fail (never skip), like the espeak-ng ones. The
microphone is Chromium's fake capture device playing an espeak-ng WAV, so a spoken answer goes
through the same MediaRecorder, upload and Whisper transcription a person's would.

Screenshots of every page, at desktop and phone size, land in tests/web/artifacts/ (or in
$STARCOACH_TEST_ARTIFACTS) for a person to look at.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, ViewportSize, expect, sync_playwright

from tests.conftest import STRONG_STORY, WEAK_BLAME
from tests.speech._audio import concat, read_wav, resample, silence, write_wav
from tests.web.conftest import Server, running_server, server_env

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 740}
SPOKEN = (
    "A customer called because her refund was late. I apologised, checked her order, "
    "sent the refund the same day and phoned her back to confirm."
)
SPOKEN_WORDS = ("customer", "called", "refund", "late", "apolog", "order", "phoned")
# Answers distinct enough to tell apart on the pages, each a complete STAR story.
ANSWERS = [
    STRONG_STORY,
    (
        "In my last job at a phone shop a regular customer came in angry because his new phone would not charge. "
        "I had to calm him down and solve it before closing time. I listened, apologised for the trouble and "
        "tested the charger and the cable. The cable was faulty, so I swapped it under warranty and showed him "
        "how to check it. He left happy, and he came back the next week to upgrade his tablet with me."
    ),
    (
        "When our team lead was off sick during the January sale, I was asked to cover the queue for a week. "
        "My task was to keep the waiting time under five minutes. I split the tickets by topic, wrote three "
        "saved replies for the common questions and asked a colleague to take the refunds. The average wait "
        "dropped from nine minutes to four and our satisfaction score stayed at ninety two percent."
    ),
]
QUESTION_OR_DONE = 60_000  # ms: a typed answer is analysed in well under a second, but CI machines are slow


def artifacts_dir() -> Path:
    folder = Path(os.environ.get("STARCOACH_TEST_ARTIFACTS") or Path(__file__).parent / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# -- fixtures ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium: fail, never skip, when it is missing (Playwright must not download one)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            "Chromium is not installed at /usr/bin/chromium: run `make test` (it installs it) "
            "or apt-get install chromium"
        )
    return CHROMIUM


@pytest.fixture(scope="module")
def microphone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What the fake microphone plays: espeak-ng saying an answer, as 48 kHz mono 16-bit PCM WAV."""
    import shutil

    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed: run `make test` (it installs it) or apt-get install espeak-ng")
    folder = tmp_path_factory.mktemp("microphone")
    raw = folder / "espeak.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(raw), SPOKEN], check=True, capture_output=True)
    samples, rate = read_wav(raw)
    speech = resample(samples, rate, 48_000)
    return write_wav(folder / "answer.wav", concat(silence(0.3, 48_000), speech, silence(1.5, 48_000)), 48_000)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`starcoach serve --port 0` on a home of its own, for every test in this module (pressure silences: 1 s)."""
    home = tmp_path_factory.mktemp("served-home")
    with running_server(home, env=server_env(home, STARCOACH_SILENCE_SECONDS="1")) as running:
        yield running


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright, chromium: Path, microphone: Path) -> Iterator[Browser]:
    launched = playwright.chromium.launch(
        executable_path=str(chromium),
        args=[*CHROMIUM_ARGS, f"--use-file-for-fake-audio-capture={microphone}"],
    )
    yield launched
    launched.close()


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    """A fresh browser profile (its own cookies, so its own sessions) pointed at the server."""
    opened = browser.new_context(base_url=server.url, viewport=DESKTOP, permissions=["microphone"])
    opened.set_default_timeout(15_000)
    yield opened
    opened.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A tab; the test fails if the page logs an error (a failed script, a refused request)."""
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    # Refusals (403, 404, 409) can be what a test wants; a crash, or a missing script or style, never is.
    tab.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 500 or (response.status >= 400 and "/static/" in response.url)
            else None
        ),
    )
    yield tab
    assert not problems, problems


# -- helpers -----------------------------------------------------------------------------------------
def start_from_the_form(page: Page, track: str, company: str, mode: str) -> str:
    """Fill in the start page and press Start; returns the session id once the first question shows."""
    page.goto("/")
    page.get_by_role("radio", name=re.compile(rf"^{track}\b")).check()
    page.get_by_label("Company (optional)").fill(company)
    page.get_by_role("radio", name="Typing" if mode == "typing" else re.compile("^Speaking")).check()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page).to_have_url(re.compile(r"/sessions/[0-9a-f]{12}\?mode=" + mode))
    expect(page.locator("#question-text")).not_to_be_empty()
    found = re.search(r"/sessions/([0-9a-f]{12})", page.url)
    assert found is not None
    return found.group(1)


def saved_count(page: Page) -> int:
    """How many answers the room says are saved."""
    found = re.search(r"\b(\d+) answers?$", page.locator("#progress-line").inner_text())
    assert found is not None, page.locator("#progress-line").inner_text()
    return int(found.group(1))


def wait_for_saved(page: Page, count: int) -> None:
    """Wait until the room shows ``count`` saved answers (the next question, or the done card)."""
    expect(page.locator("#progress-line")).to_have_text(
        re.compile(rf"^Saved( so far)?: .*\b{count} answers?$"), timeout=QUESTION_OR_DONE
    )


def type_and_send(page: Page, text: str, *, keyboard: bool = False) -> None:
    answer = page.get_by_label("Your answer")
    answer.fill(text)
    if keyboard:
        answer.press("Control+Enter")
    else:
        page.locator("#send-button").click()


def api_json(page: Page, path: str) -> Any:
    """GET an API path as this browser (same cookies)."""
    response = page.request.get(path)
    assert response.ok, (path, response.status, response.text())
    return response.json()


def stored_turns(page: Page, session_id: str) -> list[dict[str, Any]]:
    count = api_json(page, f"/api/sessions/{session_id}")["answers"]
    return [api_json(page, f"/api/sessions/{session_id}/turns/{i}") for i in range(count)]


def shoot(page: Page, name: str) -> None:
    """Screenshots of the page as it is, at desktop and phone size; on a phone nothing may need sideways scrolling."""
    folder = artifacts_dir()
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
        if label == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name}: {overflow}px wider than a phone screen"
    page.set_viewport_size(DESKTOP)


# -- tests -------------------------------------------------------------------------------------------
def test_a_whole_typed_session_from_the_start_page_to_the_report(page: Page) -> None:
    session_id = start_from_the_form(page, "behavioral", "Acme Telecom", "typing")
    expect(page.get_by_role("heading", level=1)).to_have_text("Interview for Acme Telecom")
    expect(page.locator("#voice-panel")).to_be_hidden()
    questions = []
    for step in range(20):
        if page.locator("#done-card").is_visible():
            break
        expect(page.locator("#question-label")).to_have_text(re.compile(r"^(Q\d+ of \d+|Q\d+ follow-up \d+|Closing)"))
        questions.append(page.locator("#question-text").inner_text())
        is_followup = "follow-up" in page.locator("#question-label").inner_text()
        type_and_send(page, ANSWERS[step % len(ANSWERS)], keyboard=step == 1)
        wait_for_saved(page, step + 1)
        # A whole answer gets its score; a follow-up its gap verdict, never a score.
        expect(page.locator("#last-summary")).to_contain_text(
            re.compile(r"Score \d+ of 100|Gap filled\.|Gap not filled\.|no gap to fill")
        )
        if is_followup:
            expect(page.locator("#last-summary")).not_to_contain_text("Score")
    expect(page.locator("#done-card")).to_be_visible()
    expect(page.locator("#question-card")).to_be_hidden()
    answered = len(questions)
    assert answered >= 4  # the behavioral track asks four questions, and follow-ups when an answer leaves a gap

    turns = stored_turns(page, session_id)
    assert [t["question"] for t in turns] == questions
    assert [t["answer"] for t in turns] == [ANSWERS[i % len(ANSWERS)] for i in range(answered)]

    page.get_by_role("link", name="Open the report").click()
    expect(page).to_have_url(re.compile(rf"/sessions/{session_id}/report$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    body = page.locator("main").inner_text()
    assert "Acme Telecom" in body
    for question in questions:
        assert question in body, question
    # Strengths and fixes quote the answers' own words (long quotes are cut with an ellipsis).
    quoted = [q.strip(" …") for q in page.locator("main q").all_inner_texts() if q.strip(" …")]
    assert quoted, "the report quotes nothing from the answers"
    assert [q for q in quoted if not any(q in a for a in ANSWERS)] == []

    # Each answer's own feedback page shows the answer as typed.
    page.get_by_role("link", name=re.compile("^Feedback")).first.click()
    expect(page).to_have_url(re.compile(rf"/sessions/{session_id}/turns/0$"))
    shown = " ".join(page.locator("main").inner_text().split())
    first_sentence = ANSWERS[0].split(". ")[0]
    assert first_sentence in shown


def test_a_spoken_answer_through_the_microphone(page: Page) -> None:
    start_from_the_form(page, "behavioral", "Acme Telecom", "voice")
    expect(page.locator("#voice-panel")).to_be_visible()
    record = page.get_by_role("button", name="Start recording")
    record.click()
    stop = page.get_by_role("button", name="Stop")
    expect(stop).to_be_enabled()
    expect(page.locator("#voice-status")).to_contain_text("Recording")
    page.wait_for_timeout(5_000)  # the fake microphone plays the answer in real time
    stop.click()
    expect(page.locator("#playback")).to_be_visible(timeout=30_000)  # stored before it is transcribed
    answer = page.get_by_label("Your answer")
    expect(answer).not_to_have_value("", timeout=90_000)  # Whisper tiny.en on the CPU
    expect(page.locator("#voice-status")).to_contain_text("Check the transcript")
    transcript = answer.input_value().lower()
    heard = [w for w in SPOKEN_WORDS if w in transcript]
    assert len(heard) >= 3, transcript

    answer.press("End")
    answer.type(" She stayed with us.")
    page.locator("#send-button").click()
    wait_for_saved(page, 1)
    expect(page.locator("#last-summary")).to_contain_text(re.compile(r"Score \d+ of 100"))
    session_id = re.search(r"/sessions/([0-9a-f]{12})", page.url).group(1)  # type: ignore[union-attr]
    saved = api_json(page, f"/api/sessions/{session_id}/turns/0")
    assert saved["answer"].endswith("She stayed with us.")
    assert saved["report"]["delivery"] is not None  # how it was said is kept with the corrected text
    assert saved["report"]["transcript"]


def test_quick_and_double_sends_each_land_on_their_own_question(page: Page) -> None:
    session_id = start_from_the_form(page, "behavioral", "Quick Co", "typing")
    first_question = page.locator("#question-text").inner_text()
    page.get_by_label("Your answer").fill(ANSWERS[0])
    page.locator("#send-button").dblclick()  # an impatient double click
    wait_for_saved(page, 1)
    second_question = page.locator("#question-text").inner_text()
    assert second_question != first_question
    # Straight away the next answer, sent twice (button, then Ctrl+Enter while it is in flight).
    answer = page.get_by_label("Your answer")
    answer.fill(ANSWERS[1])
    page.locator("#send-button").click()
    answer.press("Control+Enter")
    wait_for_saved(page, 2)
    expect(page.locator("#message")).to_be_hidden()
    # A repeat that lands after the answer was saved finds the box cleared: no "empty answer" warning.
    answer.press("Control+Enter")
    expect(page.locator("#message")).to_be_hidden()

    turns = stored_turns(page, session_id)
    assert [(t["index"], t["question"], t["answer"]) for t in turns] == [
        (0, first_question, ANSWERS[0]),
        (1, second_question, ANSWERS[1]),
    ]


def test_a_late_answer_from_another_tab_is_refused_and_the_room_catches_up(page: Page, context: BrowserContext) -> None:
    session_id = start_from_the_form(page, "behavioral", "Two Tabs Ltd", "typing")
    other = context.new_page()
    other.goto(page.url)
    expect(other.locator("#question-text")).to_have_text(page.locator("#question-text").inner_text())
    type_and_send(page, ANSWERS[0])
    wait_for_saved(page, 1)
    # The other tab still shows the first question: its answer is late, refused, and the tab moves on.
    type_and_send(other, ANSWERS[1])
    expect(other.locator("#message")).to_contain_text("arrived late or twice")
    expect(other.locator("#question-text")).to_have_text(page.locator("#question-text").inner_text())
    assert [t["answer"] for t in stored_turns(page, session_id)] == [ANSWERS[0]]
    other.close()


def test_a_reload_mid_interview_shows_the_next_question(page: Page) -> None:
    session_id = start_from_the_form(page, "behavioral", "Reload Inc", "typing")
    first_question = page.locator("#question-text").inner_text()
    type_and_send(page, ANSWERS[0])
    wait_for_saved(page, 1)
    next_question = api_json(page, f"/api/sessions/{session_id}")["prompt"]["text"]
    page.reload()
    expect(page.locator("#question-text")).to_have_text(next_question)
    assert next_question != first_question
    assert saved_count(page) == 1
    # The start page offers to carry on with it.
    page.goto("/")
    page.get_by_role("link", name=re.compile("behavioral session from .* for Reload Inc")).click()
    expect(page.locator("#question-text")).to_have_text(next_question)


def test_focusing_a_feedback_item_lights_up_the_words_it_quotes(page: Page) -> None:
    session_id = start_from_the_form(page, "behavioral", "Evidence Ltd", "typing")
    type_and_send(page, WEAK_BLAME)
    wait_for_saved(page, 1)
    page.goto(f"/sessions/{session_id}/turns/0")
    lit = page.locator("#answer-text .lit")
    items = page.locator("li.fb[data-evidence]:not([data-evidence=''])")
    assert items.count() >= 2, "a blaming answer should get at least two items that quote it"

    for index in range(2):
        item = items.nth(index)
        item.focus()
        expect(lit.first).to_be_visible()
        lit_text = " ".join(" ".join(lit.all_inner_texts()).split())
        quotes = [q.strip(" …") for q in item.locator("q").all_inner_texts()]
        # What lights up is the quoted words, found in the answer itself.
        assert any(" ".join(q.split()[:3]) in lit_text for q in quotes), (quotes, lit_text)
        assert all(piece.strip() in WEAK_BLAME for piece in lit.all_inner_texts())
    page.locator("main").focus()
    expect(lit).to_have_count(0)
    items.nth(1).hover()
    expect(lit.first).to_be_visible()


def test_screenshots_of_every_page_at_desktop_and_phone_size(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", name="Start a mock interview")).to_be_visible()
    shoot(page, "start")
    session_id = start_from_the_form(page, "behavioral", "Screenshot Services", "voice")
    shoot(page, "room-voice")
    type_and_send(page, ANSWERS[0])
    wait_for_saved(page, 1)
    shoot(page, "room-after-an-answer")

    page.goto(f"/sessions/{session_id}/turns/0")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shoot(page, "feedback")
    page.goto("/history")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shoot(page, "history")
    page.goto(f"/sessions/{session_id}/report")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shoot(page, "report")
    response = page.goto("/sessions/000000000000")
    assert response is not None and response.status == 404
    expect(page.get_by_role("alert")).to_contain_text("no session")
    shoot(page, "error-404")
    folder = artifacts_dir()
    for name in ("start", "room-voice", "room-after-an-answer", "feedback", "history", "report", "error-404"):
        for size in ("desktop", "phone"):
            assert (folder / f"{name}-{size}.png").stat().st_size > 1000


def test_the_start_page_works_from_the_keyboard_with_labelled_controls(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_label("Company (optional)")).to_have_attribute("id", "company")
    expect(page.get_by_label("Job description (optional)")).to_have_attribute("id", "job_description")
    for track in ("full", "behavioral", "situational", "classics", "pressure"):
        expect(page.get_by_role("radio", name=re.compile(rf"^{track}\b"))).to_have_count(1)
    expect(page.get_by_role("radio", name="Typing")).to_have_count(1)
    expect(page.get_by_role("radio", name=re.compile("^Speaking"))).to_have_count(1)

    reached = []
    for _ in range(25):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "() => { const e = document.activeElement;"
                " return [e.tagName.toLowerCase(), e.id || e.getAttribute('name') || e.textContent.trim()]; }"
            )
        )
    names = [name for _, name in reached]
    for control in ("track", "company", "job_description", "mode", "Start", "Skip to content"):
        assert control in names, f"Tab never reaches {control}: {reached}"
    # Keyboard only: arrows pick within a radio group, typing fills the fields, Enter submits.
    page.get_by_label("Company (optional)").focus()
    page.keyboard.type("Keyboard Corp")
    page.get_by_role("radio", name=re.compile("^Speaking")).focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Typing")).to_be_checked()
    page.get_by_role("button", name="Start", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#question-text")).not_to_be_empty()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interview for Keyboard Corp")
    # In the room, the question takes focus and the answer box is labelled and reachable.
    expect(page.get_by_label("Your answer")).to_have_attribute("id", "answer")
    expect(page.locator("#question-text")).to_be_focused()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "answer":
            break
    expect(page.get_by_label("Your answer")).to_be_focused()
    page.keyboard.type(ANSWERS[2])
    page.keyboard.press("Control+Enter")
    wait_for_saved(page, 1)


def test_sending_while_still_recording_leaves_the_next_question_ready_to_record(page: Page) -> None:
    session_id = start_from_the_form(page, "behavioral", "Busy Line Ltd", "voice")
    page.get_by_role("button", name="Start recording").click()
    expect(page.locator("#voice-status")).to_contain_text("Recording")
    # Changing their mind, the candidate types the answer and sends it without pressing Stop.
    type_and_send(page, ANSWERS[0])
    wait_for_saved(page, 1)
    expect(page.get_by_role("button", name="Start recording")).to_be_enabled()
    expect(page.get_by_role("button", name="Stop")).to_be_disabled()
    expect(page.locator("#voice-status")).not_to_contain_text("Recording")
    expect(page.get_by_label("Your answer")).to_have_value("")
    expect(page.locator("#message")).to_be_hidden()
    # The recording of the first question never lands anywhere: not on the stored answer, not on the next one.
    turns = stored_turns(page, session_id)
    assert [t["answer"] for t in turns] == [ANSWERS[0]]
    assert turns[0]["report"].get("delivery") is None
    assert api_json(page, f"/api/sessions/{session_id}")["turn"] == 1


def test_the_pressure_tracks_silence_keeps_what_is_added_into_it(page: Page) -> None:
    session_id = start_from_the_form(page, "pressure", "Silent Partners", "typing")
    first_question = page.locator("#question-text").inner_text()
    type_and_send(page, ANSWERS[0])
    silence = page.locator("#silence-card")
    expect(silence).to_be_visible()
    expect(page.locator("#answer-card")).to_be_hidden()
    expect(page.get_by_label("Anything to add (optional)")).to_be_focused()
    page.keyboard.type("And she renewed her contract the next month.")
    page.get_by_role("button", name="Done").click()
    expect(silence).to_be_hidden()
    wait_for_saved(page, 1)
    expect(page.locator("#question-text")).not_to_have_text(first_question)
    saved = api_json(page, f"/api/sessions/{session_id}/turns/0")
    assert saved["answer"] == ANSWERS[0]
    assert saved["silence_addition"] == "And she renewed her contract the next month."
    assert saved["silence_verdict"] != "none"
