"""What the role-play customer says (content/data/roleplay_customer.toml), validated.

Lines for each mood band, reactions to each inflaming move, style openers, call-backs to what the
agent said, and the lines that end a call. A line may name only the placeholders its list is filled
with (``{grievance}``, ``{stakes_cap}``, ``{phrase}``, ``{name}``, ``{ref}``, ``{when}``...), from the
scenario and the agent's words. A coach's own
``roleplay_customer.toml`` in the folder given to ``load_customer_lines`` adds lines to any list.
"""

from __future__ import annotations

import string
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from starcoach.content.loader import describe_problem, read_toml
from starcoach.errors import ContentError

FILE_NAME = "roleplay_customer.toml"
_SCENARIO_FIELDS = frozenset({"grievance", "stakes_cap"})


def _check_lines(lines: tuple[str, ...], allowed: frozenset[str]) -> tuple[str, ...]:
    for line in lines:
        if not line.strip() or line != line.strip():
            raise ValueError(f"line {line!r} must be non-empty, with no spaces around it")
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(line) if name is not None}
        except ValueError as exc:
            raise ValueError(f"line {line!r}: {exc} (write a brace as {{{{ or }}}})") from None
        unknown = sorted(names - allowed)
        if unknown:
            may = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "no placeholders"
            raise ValueError(f"line {line!r} uses {{{unknown[0]}}}; this list may use {may}")
    return lines


def _placeholders(allowed: frozenset[str]) -> AfterValidator:
    """A check that every line is non-empty and names only the ``allowed`` placeholders."""
    return AfterValidator(lambda lines: _check_lines(lines, allowed))


# Lines filled with the scenario's grievance and stakes; reactions also with the agent's phrase;
# style openers and endings are said as written.
MoodLines = Annotated[tuple[str, ...], Field(min_length=1), _placeholders(_SCENARIO_FIELDS)]
ReactionLines = Annotated[tuple[str, ...], Field(min_length=1), _placeholders(_SCENARIO_FIELDS | {"phrase"})]
PlainLines = Annotated[tuple[str, ...], Field(min_length=1), _placeholders(frozenset())]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Moods(_Strict):
    """Lines for each mood band, one drawn per reply."""

    furious: MoodLines
    angry: MoodLines
    wary: MoodLines
    calming: MoodLines
    satisfied: MoodLines


class Reactions(_Strict):
    """The customer's reaction to each inflaming move, said before anything else."""

    blame: ReactionLines
    hides_behind_policy: ReactionLines
    jargon: ReactionLines
    ignores_customer: ReactionLines
    over_promises: ReactionLines
    long_silence: ReactionLines
    empty_sympathy: ReactionLines
    stalls: ReactionLines
    dismissive: ReactionLines
    premature_handoff: ReactionLines


class StyleOpeners(_Strict):
    """Openers for one speaking style, by mood band; a band without any gets none."""

    furious: PlainLines = ()
    angry: PlainLines = ()
    wary: PlainLines = ()
    calming: PlainLines = ()
    satisfied: PlainLines = ()


class Styles(_Strict):
    """Openers for each scenario style (none ship for plain speech)."""

    plain: StyleOpeners = StyleOpeners()
    sweary: StyleOpeners = StyleOpeners()
    confused: StyleOpeners = StyleOpeners()
    formal: StyleOpeners = StyleOpeners()


NameLines = Annotated[tuple[str, ...], Field(min_length=1), _placeholders(frozenset({"name"}))]
ReferenceLines = Annotated[tuple[str, ...], Field(min_length=1), _placeholders(frozenset({"ref"}))]
TimeLines = Annotated[tuple[str, ...], Field(min_length=1), _placeholders(frozenset({"when", "When"}))]
_CHANGE_FIELDS = frozenset({"what", "before", "now"})


def _change_line(line: str) -> str:
    return _check_lines((line,), _CHANGE_FIELDS)[0]


ChangeLine = Annotated[str, AfterValidator(_change_line)]
PromiseLabel = Annotated[str, Field(min_length=1)]


class PromiseLabels(_Strict):
    """How the customer names each kind of promise when it changes ("the refund", "the call")."""

    refund: PromiseLabel
    delivery: PromiseLabel
    call_back: PromiseLabel = Field(alias="call-back")
    confirmation: PromiseLabel
    appointment: PromiseLabel
    access: PromiseLabel
    repair: PromiseLabel
    cancellation: PromiseLabel


class Callbacks(_Strict):
    """Lines that show the customer heard the agent: their name, a number, a time, a changed promise."""

    name_warm: NameLines
    name_tense: NameLines
    reference_known: ReferenceLines
    reference_new: ReferenceLines
    time_doubted: TimeLines
    time_accepted: TimeLines
    amount_changed: ChangeLine
    time_changed: ChangeLine
    what: PromiseLabels

    def label(self, kind: str) -> str:
        """The customer's words for a kind of promise ("it" for a kind without any)."""
        return str(self.what.model_dump(by_alias=True).get(kind, "it"))


class Endings(_Strict):
    """The customer's last line for each way a call ends, and lines for when every other is used up."""

    hung_up: PlainLines
    resolved: PlainLines
    escalated: PlainLines
    last_resort: MoodLines


class CustomerLines(_Strict):
    """Everything in roleplay_customer.toml."""

    moods: Moods
    reactions: Reactions
    styles: Styles
    callbacks: Callbacks
    endings: Endings


def parse_customer_lines(data: dict[str, Any], where: str) -> CustomerLines:
    """Validate parsed TOML; an error names the file, the list and the line."""
    try:
        return CustomerLines.model_validate(data)
    except ValidationError as exc:
        raise ContentError(
            describe_problem(exc).replace("Value error, ", ""), where=where, hint="Correct that line."
        ) from exc


def _added(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra``'s lines added after its own; tables merge, anything else is ``extra``'s."""
    merged = dict(base)
    for key, value in extra.items():
        mine = merged.get(key)
        if isinstance(mine, dict) and isinstance(value, dict):
            merged[key] = _added(mine, value)
        elif isinstance(mine, list) and isinstance(value, list):
            merged[key] = [*mine, *value]
        else:
            merged[key] = value
    return merged


def _builtin_data() -> dict[str, Any]:
    return read_toml(resources.files("starcoach.content") / "data" / FILE_NAME, FILE_NAME)


@lru_cache(maxsize=1)
def _builtin() -> CustomerLines:
    # Cached: read when the first call starts, not when the role-play is imported.
    return parse_customer_lines(_builtin_data(), FILE_NAME)


def load_customer_lines(extra_dir: Path | None = None) -> CustomerLines:
    """The built-in lines, with ``extra_dir/roleplay_customer.toml``'s lines added when there is one.

    The built-in file is valid, so any error in the combined lines is in the coach's file, which
    the error names.
    """
    if extra_dir is None or not (extra_dir / FILE_NAME).exists():
        return _builtin()
    path = extra_dir / FILE_NAME
    return parse_customer_lines(_added(_builtin_data(), read_toml(path, str(path))), str(path))
