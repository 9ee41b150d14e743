"""The upset-customer role-play in the browser: pages, and its JSON API under /api/roleplay."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from starcoach.roleplay.review import CallReview, review
from starcoach.roleplay.scenarios import load_scenarios
from starcoach.store.calls import CallStore
from starcoach.web.pages import check_form_token, render
from starcoach.web.roleplay_calls import MAX_AGENT_CHARS, LiveCall, RoleplayCalls

router = APIRouter()


class ScenarioOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    brief: str


class CallStartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(max_length=80)
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="Replays the same call; random if left out.")


class LineOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker: Literal["customer", "agent"]
    text: str


class CallOut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    scenario: str
    title: str
    brief: str
    customer: str
    seed: int
    turn: int = Field(description="The number the next agent turn must carry.")
    anger: float
    trust: float
    mood: str
    outcome: Literal["resolved", "escalated", "hung_up"] | None
    note: str | None = Field(description="A remark on the last turn, e.g. that an empty turn counted as silence.")
    notice: str | None = Field(default=None, description="E.g. that the configured language model failed.")
    transcript: list[LineOut]
    review: CallReview | None = Field(description="Filled in once the call has ended.")


class AgentTurnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    turn: int = Field(ge=1)
    text: str = Field(max_length=MAX_AGENT_CHARS)
    silence_seconds: float = Field(default=0.0, ge=0, le=600)


def _calls(request: Request) -> RoleplayCalls:
    calls: RoleplayCalls | None = getattr(request.app.state, "calls", None)
    if calls is None:
        settings = request.app.state.settings
        calls = request.app.state.calls = RoleplayCalls(CallStore(settings.home), settings)
    return calls


def call_out(live: LiveCall) -> CallOut:
    """The API's view of a call."""
    from starcoach.roleplay.emotion import band

    call = live.call
    scenario = call.scenario
    return CallOut(
        id=live.record.id,
        scenario=scenario.id,
        title=scenario.title,
        brief=scenario.brief,
        customer=scenario.customer.name,
        seed=call.seed,
        turn=len(call.turns) + 1,
        anger=round(call.state.anger, 1),
        trust=round(call.state.trust, 1),
        mood=band(call.state),
        outcome=call.outcome,
        note=live.last.note if live.last is not None else None,
        notice=live.notice,
        transcript=[LineOut(speaker=line.speaker, text=line.text) for line in call.transcript],
        review=review(call) if call.outcome is not None else None,
    )


# -- API --------------------------------------------------------------------------------------
@router.get("/api/roleplay/scenarios", response_model=list[ScenarioOut], tags=["roleplay"], summary="Scenarios")
def scenarios() -> list[ScenarioOut]:
    """Every upset-customer scenario."""
    return [ScenarioOut(id=s.id, title=s.title, brief=s.brief) for s in load_scenarios().values()]


@router.post("/api/roleplay/calls", response_model=CallOut, status_code=201, tags=["roleplay"], summary="Start a call")
def start_call(body: CallStartIn, request: Request) -> CallOut:
    """Start a call; the customer's opening line is in the transcript."""
    return call_out(_calls(request).start(request.state.owner, body.scenario, body.seed))


@router.get("/api/roleplay/calls/{call_id}", response_model=CallOut, tags=["roleplay"], summary="A call so far")
def get_call(call_id: str, request: Request) -> CallOut:
    """The call's transcript, the customer's state, and the review once it has ended."""
    return call_out(_calls(request).open(call_id, request.state.owner))


@router.post("/api/roleplay/calls/{call_id}/turns", response_model=CallOut, tags=["roleplay"], summary="Say something")
def agent_turn(call_id: str, body: AgentTurnIn, request: Request) -> CallOut:
    """Play the agent's turn; an empty one counts as a silence. The customer answers, and the call may end."""
    live = _calls(request).say(call_id, request.state.owner, body.turn, body.text, body.silence_seconds)
    return call_out(live)


# -- pages ------------------------------------------------------------------------------------
@router.get("/roleplay", response_class=HTMLResponse, include_in_schema=False)
def roleplay_page(request: Request) -> HTMLResponse:
    """Pick a scenario."""
    return render(request, "roleplay_start.html", nav="roleplay", scenarios=list(load_scenarios().values()))


@router.post("/roleplay/start", include_in_schema=False)
def roleplay_start(
    request: Request,
    csrf_token: Annotated[str | None, Form()] = None,
    scenario: Annotated[str, Form(max_length=80)] = "",
) -> Response:
    """Start a call from the form, then go to it."""
    check_form_token(request, csrf_token)
    live = _calls(request).start(request.state.owner, scenario, None)
    return RedirectResponse(f"/roleplay/{live.record.id}", status_code=303)


@router.get("/roleplay/{call_id}", response_class=HTMLResponse, include_in_schema=False)
def roleplay_call(call_id: str, request: Request) -> HTMLResponse:
    """The call: transcript, the customer's mood, and the review with its emotion curve once it ends."""
    from starcoach.report.charts import trend_svg

    state = call_out(_calls(request).open(call_id, request.state.owner))
    curve = None
    if state.review is not None and state.review.turns:
        turns = state.review.turns
        anger = [turns[0].anger_before / 100] + [t.anger_after / 100 for t in turns]
        trust = [turns[0].trust_before / 100] + [t.trust_after / 100 for t in turns]
        labels = ["start"] + [f"turn {t.turn}" for t in turns]
        curve = trend_svg({"anger": anger, "trust": trust}, labels, standalone=False)
    return render(request, "roleplay_call.html", nav="roleplay", call=state, curve=curve)
