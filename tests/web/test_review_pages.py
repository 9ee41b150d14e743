"""The review pages as a person sees them: an answer's feedback, the history with progress, a session's report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from starcoach import analyze
from starcoach.analysis.report import Delivery, DeliveryNote, Pause, TimedFiller
from starcoach.report.style import COMPETENCY_NAMES, STAR_NAMES
from starcoach.session_records import SessionRecord, TurnRecord
from tests.conftest import STRONG_STORY, WEAK_BLAME
from tests.web.conftest import ClientFactory, answer_turn, finish_session, start_session

FLAGGED = "Um, so basically " + WEAK_BLAME + " I fixed it, like, eventually."
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'


# -- a small DOM, so tests read the page the way a browser would -------------------------------------------
@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and all(child.attrs.get(k) == v for k, v in attrs.items()):
                    found.append(child)
                found.extend(child.all(tag, **attrs))
        return found

    def with_attr(self, name: str) -> list[Node]:
        return [n for n in self.all() if name in n.attrs]

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


_VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def dom(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    return builder.root


def answer_area(page: Node) -> Node:
    (area,) = page.all(id="answer-text")
    return area


def shown_answer(page: Node) -> str:
    """The answer as the page shows it: the pieces' text, without the STAR tags and hidden labels."""
    return "".join(p.text() for p in answer_area(page).with_attr("data-start"))


# -- fixtures ---------------------------------------------------------------------------------------------
@pytest.fixture
def answered(client: TestClient) -> dict[str, Any]:
    """A session by ``client`` whose first answer has a red flag, fillers, and several STAR parts."""
    session = start_session(client, "behavioral", 2, company="Acme Telecom")
    result = answer_turn(client, session["id"], 0, FLAGGED)
    return {"id": session["id"], "url": result["feedback_url"], "turn": result["turn"]}


def spoken_session(app: FastAPI) -> SessionRecord:
    """A session started in the terminal (no owner) whose one answer was spoken, stored in the app's store."""
    report = analyze(STRONG_STORY, "Tell me about an upset customer.")
    long_pause = Pause(start=31.0, end=35.5, duration=4.5, long=True)
    delivery = Delivery(
        duration_seconds=64.0,
        recording_seconds=70.0,
        speaking_seconds=55.0,
        wpm=118.0,
        articulation_wpm=150.0,
        pauses=[Pause(start=10.0, end=11.2, duration=1.2, long=False), long_pause],
        long_pauses=[long_pause],
        longest_pause=4.5,
        time_to_first_word=3.4,
        fillers=[TimedFiller(text="um", start=3.4, end=3.7), TimedFiller(text="like", start=75.0, end=75.3)],
        instant_filler=False,
        pitch_median_hz=None,
        pitch_variation=None,
        monotone=None,
        loudness_variation_db=None,
        uneven_loudness=None,
        explanations=[
            DeliveryNote(metric="wpm", status="fix", good_range="130-160 words per minute", text="A bit slow.")
        ],
    )
    turn = TurnRecord(
        index=0,
        kind="main",
        question_id=None,
        question="Tell me about an upset customer.",
        answer=STRONG_STORY,
        report=report.model_copy(update={"delivery": delivery, "transcript": STRONG_STORY}),
        created_at=datetime(2026, 3, 2, 9, 31, tzinfo=UTC),
    )
    session = SessionRecord(
        id="5b0c3e2f1a9d",
        track="general",
        planned_question_ids=[],
        started_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        turns=[turn],
    )
    app.state.store.create_session(session)
    return session


# -- the feedback page -------------------------------------------------------------------------------------
def test_the_feedback_page_shows_the_whole_answer_in_order(client: TestClient, answered: dict[str, Any]) -> None:
    page = dom(client.get(answered["url"]).text)
    assert shown_answer(page) == FLAGGED


def test_every_piece_of_the_answer_carries_its_own_offsets(client: TestClient, answered: dict[str, Any]) -> None:
    pieces = answer_area(dom(client.get(answered["url"]).text)).with_attr("data-start")
    assert pieces
    for piece in pieces:
        assert FLAGGED[int(piece.attrs["data-start"]) : int(piece.attrs["data-end"])] == piece.text()


def test_each_sentence_is_labelled_with_its_star_part_in_words(client: TestClient, answered: dict[str, Any]) -> None:
    page = dom(client.get(answered["url"]).text)
    labelled = answer_area(page).with_attr("data-star")
    for sentence in answered["turn"]["report"]["sentences"]:
        holders = [s for s in labelled if s.attrs["data-star"] == sentence["star"] and sentence["text"] in s.text()]
        assert holders, f"no {sentence['star']} span holds {sentence['text']!r}"
        hidden = [n.text() for n in holders[0].all() if "visually-hidden" in n.classes()]
        assert any(STAR_NAMES[sentence["star"]] in label for label in hidden)


def test_red_flag_words_and_fillers_are_marked(client: TestClient, answered: dict[str, Any]) -> None:
    report = answered["turn"]["report"]
    marked = " ".join(m.text() for m in answer_area(dom(client.get(answered["url"]).text)).all("mark"))
    red_flags = [e["text"] for f in report["feedback"] if f["kind"] == "red_flag" for e in f["evidence"]]
    fillers = [item["text"] for item in report["fillers"]["items"]]
    assert red_flags and fillers
    for words in red_flags + fillers:
        assert words in marked


def test_each_feedback_item_points_at_the_words_it_quotes(client: TestClient, answered: dict[str, Any]) -> None:
    page = dom(client.get(answered["url"]).text)
    items = [n for n in page.with_attr("data-evidence") if n.tag == "li"]
    assert len(items) == len(answered["turn"]["report"]["feedback"])
    for item in items:
        assert item.attrs.get("tabindex") == "0", "feedback items must be reachable from the keyboard"
        quoted = {q.text() for q in item.all("q")}
        for pair in filter(None, item.attrs["data-evidence"].split(";")):
            start, end = (int(x) for x in pair.split("-"))
            assert FLAGGED[start:end] in quoted


def test_the_radar_chart_names_the_five_competencies(client: TestClient, answered: dict[str, Any]) -> None:
    page = dom(client.get(answered["url"]).text)
    labels = " ".join(svg.attrs.get("aria-label", "") for svg in page.all("svg"))
    for name in COMPETENCY_NAMES.values():
        assert name in labels


def test_the_score_and_each_part_of_it_are_shown(client: TestClient, answered: dict[str, Any]) -> None:
    report = answered["turn"]["report"]
    text = dom(client.get(answered["url"]).text).text()
    assert f"{report['score']:.0f} out of 100" in text
    for part in report["score_breakdown"]:
        assert part["reason"] in text


def test_a_typed_answer_shows_no_delivery(client: TestClient, answered: dict[str, Any]) -> None:
    page = dom(client.get(answered["url"]).text)
    assert not page.all(id="delivery-h")


def test_a_spoken_answer_shows_pace_pauses_fillers_and_notes(client: TestClient, web_app: FastAPI) -> None:
    session = spoken_session(web_app)
    delivery = session.turns[0].report.delivery
    assert delivery is not None
    page = dom(client.get(f"/sessions/{session.id}/turns/0").text)
    (section,) = [s for s in page.all("section") if s.attrs.get("aria-labelledby") == "delivery-h"]
    labels = [svg.attrs["aria-label"] for svg in section.all("svg") if svg.attrs.get("role") == "img"]
    assert any(f"{delivery.wpm:.0f} words per minute" in label and "below" in label for label in labels)
    assert any(
        f"{len(delivery.pauses)} pause" in label and f"{len(delivery.long_pauses)} over" in label for label in labels
    )
    text = section.text()
    for filler in delivery.fillers:
        whole = round(filler.start)
        assert filler.text in text and f"{whole // 60}:{whole % 60:02d}" in text
    assert f"{delivery.time_to_first_word:.1f} s" in text
    assert delivery.explanations[0].text in text


def test_the_feedback_page_links_back_to_the_room_and_the_report(client: TestClient, answered: dict[str, Any]) -> None:
    links = {a.attrs.get("href") for a in dom(client.get(answered["url"]).text).all("a")}
    assert {f"/sessions/{answered['id']}", f"/sessions/{answered['id']}/report"} <= links


@pytest.mark.parametrize("index", ["5", "-1", "x", "1.5", "0x1", "99999999999"])
def test_an_answer_that_does_not_exist_gets_a_friendly_not_found_page(
    client: TestClient, answered: dict[str, Any], index: str
) -> None:
    response = client.get(f"/sessions/{answered['id']}/turns/{index}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    page = dom(response.text)
    assert len(page.all("h1")) == 1
    assert "Traceback" not in response.text
    assert page.all("p", **{"class": "hint"})


# -- history and progress -----------------------------------------------------------------------------------
def test_history_lists_this_browsers_sessions_with_their_reports(client: TestClient) -> None:
    first = start_session(client, "behavioral", 2, company="Acme Telecom")
    finish_session(client, first["id"], STRONG_STORY)
    second = start_session(client, "behavioral", 2, company="Northwind")
    page = dom(client.get("/history").text)
    rows = page.all("tbody")[0].all("tr")
    assert [r.text().count(c) for r, c in zip(rows, ["Northwind", "Acme Telecom"], strict=True)] == [1, 1]
    links = {a.attrs.get("href") for a in page.all("a")}
    assert f"/sessions/{first['id']}/report" in links
    assert f"/sessions/{second['id']}" in links  # unfinished: carry on in the room


def test_history_draws_progress_with_the_numbers_in_a_table(client: TestClient) -> None:
    session = start_session(client, "behavioral", 2)
    finish_session(client, session["id"], STRONG_STORY)
    summary = client.get("/api/sessions").json()[0]
    page = dom(client.get("/history").text)
    charts = [svg for svg in page.all("svg") if svg.attrs.get("role") == "img"]
    assert charts and all(name in charts[0].attrs["aria-label"] for name in COMPETENCY_NAMES.values())
    numbers = page.all("table", **{"class": "trend-table"})[0].text()
    for value in summary["competencies"].values():
        assert f"{value:.2f}" in numbers


def test_history_leaves_out_other_browsers_sessions(make_client: ClientFactory) -> None:
    mine, theirs = make_client(), make_client()
    start_session(mine, "behavioral", 2, company="Mine Ltd")
    start_session(theirs, "behavioral", 2, company="Theirs Ltd")
    text = dom(mine.get("/history").text).text()
    assert "Mine Ltd" in text and "Theirs Ltd" not in text


def test_history_without_sessions_invites_a_first_one(client: TestClient) -> None:
    page = dom(client.get("/history").text)
    assert not page.all("table")
    assert "/" in {a.attrs.get("href") for a in page.all("main")[0].all("a")}


# -- the session report --------------------------------------------------------------------------------------
def test_the_report_links_every_answer_to_its_feedback(client: TestClient) -> None:
    session = start_session(client, "behavioral", 2)
    answers = finish_session(client, session["id"], STRONG_STORY)
    page = dom(client.get(f"/sessions/{session['id']}/report").text)
    links = {a.attrs.get("href") for a in page.all("a")}
    assert {a["feedback_url"] for a in answers} <= links
    assert f"/sessions/{session['id']}/report.html" in links


def test_the_report_quotes_strengths_from_the_answers(client: TestClient) -> None:
    session = start_session(client, "behavioral", 2)
    finish_session(client, session["id"], STRONG_STORY)
    quotes = [q.text() for q in dom(client.get(f"/sessions/{session['id']}/report").text).all("q")]
    assert quotes and all(q in STRONG_STORY for q in quotes)


def test_the_report_download_is_an_attachment_holding_the_answers(client: TestClient) -> None:
    session = start_session(client, "behavioral", 2)
    finish_session(client, session["id"], STRONG_STORY)
    response = client.get(f"/sessions/{session['id']}/report.html")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == f'attachment; filename="starcoach-report-{session["id"]}.html"'
    assert response.text.lstrip().lower().startswith("<!doctype html>")
    assert "96 percent" in response.text  # quoted from the answer


@pytest.mark.parametrize("path", ["/turns/0", "/report", "/report.html"])
def test_another_browser_cannot_see_a_sessions_review_pages(
    make_client: ClientFactory, answered: dict[str, Any], path: str
) -> None:
    stranger = make_client()
    response = stranger.get(f"/sessions/{answered['id']}{path}")
    assert response.status_code == 404
    assert "Acme Telecom" not in response.text and "basically" not in response.text


# -- safety and accessibility ----------------------------------------------------------------------------------
@pytest.fixture
def hostile(client: TestClient) -> dict[str, Any]:
    """A finished session whose company and answers try to inject markup."""
    session = start_session(client, "behavioral", 2, company=SCRIPT + BREAKOUT)
    answers = finish_session(client, session["id"], f"Um, I helped {SCRIPT} a customer {BREAKOUT} today.")
    return {"id": session["id"], "urls": [a["feedback_url"] for a in answers]}


def test_user_text_is_escaped_on_every_review_page_and_the_download(
    client: TestClient, hostile: dict[str, Any]
) -> None:
    paths = [
        *hostile["urls"],
        "/history",
        f"/sessions/{hostile['id']}/report",
        f"/sessions/{hostile['id']}/report.html",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        for raw in (SCRIPT, BREAKOUT, "<img"):
            assert raw not in response.text, f"{raw!r} unescaped in {path}"
    # Shown as text, not dropped.
    assert SCRIPT in dom(client.get(hostile["urls"][0]).text).text()
    assert SCRIPT + BREAKOUT in dom(client.get("/history").text).text()


def test_review_pages_run_no_inline_script(client: TestClient, hostile: dict[str, Any]) -> None:
    for path in [hostile["urls"][0], "/history", f"/sessions/{hostile['id']}/report"]:
        page = dom(client.get(path).text)
        assert all(script.attrs.get("src", "").startswith("/static/") for script in page.all("script")), path
        assert not [n for n in page.all() for name in n.attrs if name.startswith("on")], path


def test_review_pages_have_one_heading_one_and_labelled_charts(client: TestClient, web_app: FastAPI) -> None:
    session = spoken_session(web_app)
    for path in [f"/sessions/{session.id}/turns/0", "/history", f"/sessions/{session.id}/report"]:
        page = dom(client.get(path).text)
        assert len(page.all("h1")) == 1, path
        for svg in page.all("svg"):
            assert svg.attrs.get("role") == "img" and svg.attrs.get("aria-label"), path
            assert svg.all("title"), path
        for table in page.all("table"):
            assert all(th.attrs.get("scope") in {"col", "row"} for th in table.all("th")), path
