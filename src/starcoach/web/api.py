"""The JSON API under /api: what the pages call, and a stable surface for other programs.

Every state change needs the CSRF token from ``GET /api/token`` in ``X-CSRF-Token``. Errors are
``{"error": {"status", "message", "hint"}}`` with a 4xx status for anything the caller can fix.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from starcoach.analysis.report import AnswerReport
from starcoach.errors import StaleTurn, UserInputError
from starcoach.interview.followups import FollowUpVerdict
from starcoach.interview.numbering import count_turns, shown_score
from starcoach.interview.planning import TRACKS
from starcoach.interview.sessions import NewSession, Waiting
from starcoach.session_records import SessionSummary, TurnRecord
from starcoach.web.recordings import MAX_UPLOAD_BYTES, RecordedAnswers, corrected_report
from starcoach.web.sessions import sessions_of

router = APIRouter(prefix="/api", tags=["api"])

MAX_TEXT_CHARS = 100_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TokenOut(_Strict):
    csrf_token: str = Field(description="Send as the X-CSRF-Token header on every POST.")


class TrackOut(_Strict):
    id: str
    description: str


class StartIn(_Strict):
    track: str = Field(default="full", description="One of the ids from GET /api/tracks.")
    company: str | None = Field(default=None, max_length=200)
    job_description: str | None = Field(default=None, max_length=200_000)
    questions: int | None = Field(default=None, ge=1, le=8)
    competency: str | None = Field(default=None, max_length=40, description="A competency id to lean toward.")


class PromptOut(_Strict):
    kind: str
    text: str
    number: int
    total: int
    label: str = Field(description='The question as every view numbers it: "Q2", "Q2 follow-up 1" or "closing".')
    reason: str | None
    hint: str | None


class SessionOut(_Strict):
    id: str
    track: str
    company: str | None
    status: str
    state: Literal["question", "done"]
    turn: int = Field(description="The turn the next answer must name.")
    answers: int = Field(description="Every answer saved, follow-ups included.")
    saved: str = Field(description='What is saved, counted as every view counts it: "2 questions, 3 answers".')
    prompt: PromptOut | None
    silence_seconds: float = Field(description="How long the interviewer stays silent after this answer.")
    notice: str | None = Field(default=None, description="E.g. that the configured language model failed.")
    started_at: datetime


class AnswerIn(_Strict):
    turn: int = Field(ge=0, description="The turn being answered, from GET /api/sessions/{id}.")
    text: str = Field(max_length=MAX_TEXT_CHARS)
    thinking_seconds: float | None = Field(default=None, ge=0, le=3600)
    answer_seconds: float | None = Field(default=None, ge=0, le=7200)
    recording_id: str | None = Field(default=None, max_length=40)


class FollowUpOut(_Strict):
    filled: bool | None = Field(description="Whether it filled the gap it asked about; None for a probe.")
    wanted: str = Field(description="What the follow-up asked for, in plain words.")
    words: list[str] = Field(description="The answer's own sentences that fill the gap.")
    note: str


class AnswerOut(_Strict):
    turn: TurnRecord
    gap_closed: bool | None = Field(description="For a follow-up: whether it filled the gap it asked about.")
    followup: FollowUpOut | None = Field(description="For a follow-up: judged on its gap, not scored.")
    score: str | None = Field(description="The score as every view rounds it; None for a follow-up.")
    feedback_url: str
    next: SessionOut


class SilenceIn(_Strict):
    turn: int = Field(ge=0)
    addition: str | None = Field(default=None, max_length=20_000)


class SilenceOut(_Strict):
    verdict: str


class RecordingOut(_Strict):
    id: str
    turn: int
    url: str


class TranscriptOut(_Strict):
    recording_id: str
    text: str
    report: AnswerReport


class AnalyzeIn(_Strict):
    text: str = Field(max_length=MAX_TEXT_CHARS)
    question: str | None = Field(default=None, max_length=2_000)


def _recordings(request: Request) -> RecordedAnswers:
    recordings: RecordedAnswers = request.app.state.recordings
    return recordings


def _followup_out(verdict: FollowUpVerdict | None) -> FollowUpOut | None:
    if verdict is None:
        return None
    return FollowUpOut(filled=verdict.filled, wanted=verdict.wanted, words=list(verdict.words), note=verdict.note)


def session_out(waiting: Waiting) -> SessionOut:
    """The API's view of what is waiting in a session."""
    session = waiting.session
    prompt = None
    if waiting.state == "question" and waiting.text is not None and waiting.kind is not None:
        prompt = PromptOut(
            kind=waiting.kind,
            text=waiting.text,
            number=waiting.number,
            total=waiting.total,
            label=waiting.label or "",
            reason=waiting.reason,
            hint=waiting.hint,
        )
    return SessionOut(
        id=session.id,
        track=session.track,
        company=session.company,
        status=session.status,
        state=waiting.state,
        turn=waiting.turn,
        answers=len(session.turns),
        saved=count_turns(session.turns),
        prompt=prompt,
        silence_seconds=waiting.silence_seconds,
        notice=waiting.notice,
        started_at=session.started_at,
    )


@router.get("/token", response_model=TokenOut, summary="This browser's CSRF token")
def token(request: Request) -> TokenOut:
    """The token to send as X-CSRF-Token (the client cookie set with this response goes with it)."""
    return TokenOut(csrf_token=request.state.csrf)


@router.get("/tracks", response_model=list[TrackOut], summary="Interview tracks")
def tracks() -> list[TrackOut]:
    """Every track a session can follow."""
    return [TrackOut(id=track.id, description=track.description) for track in TRACKS.values()]


@router.post("/sessions", response_model=SessionOut, status_code=201, summary="Start a session")
def start_session(body: StartIn, request: Request) -> SessionOut:
    """Plan and store a new mock interview for this browser."""
    service = sessions_of(request)
    new = NewSession(body.track, body.company, body.job_description, count=body.questions, competency=body.competency)
    session = service.create(new, request.state.owner)
    return session_out(service.waiting(session.id, request.state.owner))


@router.get("/sessions", response_model=list[SessionSummary], summary="Your sessions")
def list_sessions(request: Request) -> list[SessionSummary]:
    """Sessions this browser started, and those started in the terminal on this machine, oldest first."""
    return sessions_of(request).visible(request.state.owner)


@router.get("/sessions/{session_id}", response_model=SessionOut, summary="What is waiting in a session")
def get_session(session_id: str, request: Request) -> SessionOut:
    """The question waiting (or that the session is done); reloading the page resumes from here."""
    return session_out(sessions_of(request).waiting(session_id, request.state.owner))


@router.post("/sessions/{session_id}/answers", response_model=AnswerOut, summary="Answer the waiting question")
def answer(session_id: str, body: AnswerIn, request: Request) -> AnswerOut:
    """Analyse and store a typed answer, or a corrected transcript of a stored recording."""
    service = sessions_of(request)
    owner = request.state.owner
    report = None
    if body.recording_id is not None:
        waiting = service.waiting(session_id, owner)
        recording = _recordings(request).find(session_id, body.recording_id)
        if recording.turn != body.turn:
            raise UserInputError("that recording belongs to another question", hint="Record this answer again.")
        spoken = _recordings(request).transcribe(recording, waiting.text)
        question_type = "closing" if waiting.kind == "closing" else None
        report = corrected_report(spoken, body.text, waiting.text, question_type) if body.text.strip() else None
    answered = service.answer(
        session_id,
        owner,
        body.turn,
        body.text,
        thinking_seconds=body.thinking_seconds,
        answer_seconds=body.answer_seconds,
        report=report,
    )
    return AnswerOut(
        turn=answered.turn,
        gap_closed=answered.gap_closed,
        followup=_followup_out(answered.followup),
        score=None if answered.followup is not None else shown_score(answered.turn.report.score),
        feedback_url=f"/sessions/{session_id}/turns/{answered.turn.index}",
        next=session_out(answered.next),
    )


@router.post("/sessions/{session_id}/silence", response_model=SilenceOut, summary="What was said into the silence")
def silence(session_id: str, body: SilenceIn, request: Request) -> SilenceOut:
    """Judge what the candidate added during the interviewer's deliberate silence (nothing is fine)."""
    verdict = sessions_of(request).silence(session_id, request.state.owner, body.turn, body.addition)
    return SilenceOut(verdict=verdict)


@router.get(
    "/sessions/{session_id}/question.wav",
    summary="The waiting question, spoken",
    response_class=Response,
    responses={200: {"content": {"audio/wav": {}}}},
)
def question_audio(session_id: str, request: Request) -> Response:
    """The question (or follow-up) now waiting, read by the server's voice (espeak-ng unless configured)."""
    waiting = sessions_of(request).waiting(session_id, request.state.owner)
    if waiting.text is None:
        raise UserInputError("this interview is over, so there is no question to read", hint="Open the report.")
    body = request.app.state.voice.question_wav(waiting.text)
    return Response(body, media_type="audio/wav", headers={"cache-control": "no-store"})


@router.get("/sessions/{session_id}/turns/{index}", response_model=TurnRecord, summary="One answer and its report")
def get_turn(session_id: str, index: int, request: Request) -> TurnRecord:
    """A stored answer with its full report."""
    session = sessions_of(request).open(session_id, request.state.owner)
    if not 0 <= index < len(session.turns):
        raise UserInputError(f"session {session.id} has no answer {index + 1}", hint="Pick one from its report.")
    return session.turns[index]


@router.post(
    "/sessions/{session_id}/recordings",
    response_model=RecordingOut,
    status_code=201,
    summary="Upload a recorded answer",
    openapi_extra={"requestBody": {"content": {"audio/*": {"schema": {"type": "string", "format": "binary"}}}}},
)
async def upload_recording(session_id: str, request: Request, turn: int = Query(ge=0)) -> RecordingOut:
    """Store the raw audio body (WebM, Ogg, WAV, FLAC, MP3 or M4A; checked by content) for turn ``turn``."""
    waiting = sessions_of(request).waiting(session_id, request.state.owner)
    if waiting.state != "question" or waiting.turn != turn:
        raise StaleTurn("this recording is for a question already answered", hint="Answer the question shown now.")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
        raise UserInputError("the recording is over the 25 MB limit", hint="Keep answers under 10 minutes.")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_UPLOAD_BYTES:
            raise UserInputError("the recording is over the 25 MB limit", hint="Keep answers under 10 minutes.")
    stored = _recordings(request).keep(session_id, turn, bytes(body))
    return RecordingOut(id=stored.id, turn=turn, url=f"/api/sessions/{session_id}/recordings/{stored.id}")


@router.get("/sessions/{session_id}/recordings/{recording_id}", summary="Play a recording back")
def get_recording(session_id: str, recording_id: str, request: Request) -> FileResponse:
    """The stored audio, for playback before the transcript is sent."""
    session = sessions_of(request).open(session_id, request.state.owner)
    recording = _recordings(request).find(session.id, recording_id)
    media = {"webm": "audio/webm", "ogg": "audio/ogg", "wav": "audio/wav", "flac": "audio/flac", "mp3": "audio/mpeg"}
    return FileResponse(recording.path, media_type=media.get(recording.path.suffix[1:], "audio/mp4"))


@router.post(
    "/sessions/{session_id}/recordings/{recording_id}/transcript",
    response_model=TranscriptOut,
    summary="Transcribe a stored recording",
)
def transcribe(session_id: str, recording_id: str, request: Request) -> TranscriptOut:
    """Transcribe and analyse (once; asking again returns the kept result, so a failure can be retried)."""
    service = sessions_of(request)
    session = service.open(session_id, request.state.owner)
    recording = _recordings(request).find(session.id, recording_id)
    waiting = service.waiting(session.id, request.state.owner)
    question = waiting.text if waiting.turn == recording.turn else None
    report = _recordings(request).transcribe(recording, question)
    return TranscriptOut(recording_id=recording.id, text=report.transcript or "", report=report)


@router.get("/sessions/{session_id}/report", summary="The session report")
def session_report(session_id: str, request: Request, format: Literal["html", "md", "json"] = "json") -> Response:
    """The whole session's report as JSON, Markdown or a self-contained HTML page."""
    from starcoach.report import build_session_report, render_html, render_json, render_markdown
    from starcoach.report.trend import competency_trend

    service = sessions_of(request)
    session = service.open(session_id, request.state.owner)
    built = build_session_report(session)
    if format == "json":
        return Response(render_json(built), media_type="application/json")
    if format == "md":
        return PlainTextResponse(render_markdown(built), media_type="text/markdown; charset=utf-8")
    history = service.history(session, request.state.owner)
    return HTMLResponse(render_html(built, competency_trend(history)))


@router.post("/analyze", response_model=AnswerReport, summary="Analyse one typed answer")
def analyze_text(body: AnalyzeIn) -> AnswerReport:
    """The full report for one answer, without storing anything."""
    from starcoach.analysis.engine import analyze

    return analyze(body.text, body.question)
