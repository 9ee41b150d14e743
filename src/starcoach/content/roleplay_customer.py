"""What the role-play customer says (content/data/roleplay_customer.toml), validated.

Lines for each mood band, reactions to each inflaming move, style openers, and the lines that end
a call. A line may name the placeholders its list allows (``{grievance}``, ``{stakes_cap}``,
``{phrase}``), filled from the scenario and the agent's words. A coach's own
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


def _placeholders(allowed: frozenset[str]) -> AfterValidator:
    def check(lines: tuple[str, ...]) -> tuple[str, ...]:
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

    return AfterValidator(check)


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
