"""`starcoach roleplay`: a call with an upset customer, turn by turn, then a review of how it went."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from starcoach.cli.answer_input import AnswerReader, AnswerSource
from starcoach.cli.render import make_console
from starcoach.settings import Settings

if TYPE_CHECKING:
    from starcoach.roleplay.call import Call, CustomerTurn
    from starcoach.roleplay.review import CallReview
    from starcoach.roleplay.scenarios import Scenario

_MOOD_STYLES = {"furious": "bold red", "angry": "red", "wary": "yellow", "calming": "cyan", "satisfied": "green"}


def list_scenarios() -> None:
    """One scenario a line: its id, then its title."""
    from starcoach.roleplay.scenarios import load_scenarios

    for scenario in load_scenarios().values():
        print(f"{scenario.id}\t{scenario.title}")


def _meter(label: str, value: float, style: str) -> Text:
    filled = round(value / 10)
    line = Text(f"{label} ")
    line.append("#" * filled, style=style)
    line.append("-" * (10 - filled), style="grey50")
    line.append(f" {value:.0f}")
    return line


def _mood(turn: CustomerTurn) -> Text:
    from starcoach.roleplay.emotion import band

    mood = band(turn.state)
    line = Text(f"  [{mood}]  ", style=_MOOD_STYLES.get(mood, ""))
    line.append_text(_meter("anger", turn.state.anger, "red"))
    line.append("   ")
    line.append_text(_meter("trust", turn.state.trust, "green"))
    return line


def run(
    settings: Settings, scenario_id: str | None, seed: int | None, voice: bool, speak: bool, out: Path | None
) -> None:
    """Play one call in the terminal and print its review."""
    from starcoach.roleplay.call import Call
    from starcoach.roleplay.scenarios import get_scenario, load_scenarios

    console = make_console()
    chosen_seed = seed if seed is not None else random.SystemRandom().randrange(1_000_000)
    scenario = (
        get_scenario(scenario_id) if scenario_id else random.Random(chosen_seed).choice(list(load_scenarios().values()))
    )
    reader: AnswerSource = AnswerReader(console)
    say = None
    if voice or speak:
        from starcoach.cli.voice_input import speaking, voice_reader

        reader = voice_reader(console, settings) if voice else reader
        say = speaking(settings) if speak else None
    call = Call(scenario, seed=chosen_seed)
    _introduce(console, scenario, chosen_seed)
    customer_line = call.opening()
    try:
        _play(console, call, reader, say, customer_line, settings)
    except KeyboardInterrupt:
        console.print(Text("\nCall stopped.", style="bold cyan"))
    _show_review(console, call, out)


def _introduce(console: Console, scenario: Scenario, seed: int) -> None:
    console.print(Text(f"{scenario.title}", style="bold"))
    console.print(Text(scenario.brief))
    console.print(
        Text(
            f"Seed {seed} (replay this call with --seed {seed}). Type what you would say; end each turn with a blank "
            "line. Ctrl-C ends the call.",
            style="grey50",
        )
    )


def _play(
    console: Console,
    call: Call,
    reader: AnswerSource,
    say: Callable[[str], object] | None,
    customer_line: str,
    settings: Settings,
) -> None:
    from starcoach.roleplay.reworded import reword

    while True:
        console.print(Text(f"Customer: {customer_line}", style="bold magenta"))
        if say is not None:
            say(customer_line)
        said, silence = _agent_turn(reader)
        if not said and not reader.interactive:
            return  # piped input has run out: the call ends where it is
        if reader.interactive and said:
            console.print(Text(f"You: {said}"))
        turn = call.agent_says(said, silence_seconds=silence)
        if turn.note:
            console.print(Text(turn.note, style="yellow"))
        customer_line = reword(call, turn, settings, lambda notice: console.print(Text(notice, style="yellow")))
        console.print(_mood(turn))
        if turn.ended is not None:
            console.print(Text(f"Customer: {customer_line}", style="bold magenta"))
            if say is not None:
                say(customer_line)
            return


def _agent_turn(reader: AnswerSource) -> tuple[str, float]:
    """What the agent said, and how long the line stayed silent before they began (0 when piped)."""
    shown = time.monotonic()
    first: list[float] = []
    answer = reader.read(
        Text("You:", style="bold"),
        on_first_input=lambda: first.append(time.monotonic()),
        elapsed=lambda: time.monotonic() - shown,
        check_interrupt=lambda _words: None,
    )
    silence = (first[0] - shown) if (first and reader.interactive) else 0.0
    return answer.text, silence


def _show_review(console: Console, call: Call, out: Path | None) -> None:
    from starcoach.report.charts import spark
    from starcoach.roleplay.review import review

    result = review(call)
    outcome = {"resolved": "resolved", "escalated": "escalated appropriately", "hung_up": "the customer hung up"}
    console.print()
    console.print(
        Text(f"Call ended: {outcome.get(result.outcome, 'still open')}. De-escalation score {result.score}/100", "bold")
    )
    if result.turns:
        anger = [result.turns[0].anger_before] + [t.anger_after for t in result.turns]
        trust = [result.turns[0].trust_before] + [t.trust_after for t in result.turns]
        console.print(Text(f"anger {spark([a / 100 for a in anger])}  {anger[0]:.0f} -> {anger[-1]:.0f}", "red"))
        console.print(Text(f"trust {spark([t / 100 for t in trust])}  {trust[0]:.0f} -> {trust[-1]:.0f}", "green"))
    ack = result.first_acknowledgement_turn
    console.print(Text(f"First acknowledgement of the customer's feelings: {f'turn {ack}' if ack else 'never'}"))
    table = Table(title="Turn by turn", title_justify="left")
    for column in ("turn", "anger", "trust", "what moved the customer most"):
        table.add_column(column, overflow="fold")
    for turn in result.turns:
        moved = f'{turn.moved_by_kind}: "{turn.moved_by}"' if turn.moved_by else (turn.note or "-")
        table.add_row(
            str(turn.turn),
            f"{turn.anger_before:.0f}->{turn.anger_after:.0f}",
            f"{turn.trust_before:.0f}->{turn.trust_after:.0f}",
            moved,
        )
    console.print(table)
    if out is not None:
        _write_review(result, out)


def _write_review(result: CallReview, out: Path) -> None:
    from starcoach.safe_write import write_atomically

    write_atomically(out, result.model_dump_json(indent=2) + "\n")
    print(f"Wrote {out}", file=sys.stderr)
