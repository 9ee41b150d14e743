"""StarCoach: practise customer-service interview answers, with feedback that points at your words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "AnswerReport",
    "QuestionType",
    "StarCoachError",
    "UserInputError",
    "__version__",
    "analyze",
    "load_bank",
]

if TYPE_CHECKING:
    from starcoach.analysis.answer import QuestionType
    from starcoach.analysis.engine import analyze
    from starcoach.analysis.report import AnswerReport
    from starcoach.content.loader import load_bank
    from starcoach.errors import StarCoachError, UserInputError

_LAZY = {
    "AnswerReport": "starcoach.analysis.report",
    "QuestionType": "starcoach.analysis.answer",
    "StarCoachError": "starcoach.errors",
    "UserInputError": "starcoach.errors",
    "analyze": "starcoach.analysis.engine",
    "load_bank": "starcoach.content.loader",
}


def __getattr__(name: str) -> Any:
    # Imported on first use so `starcoach --help` does not pay for pydantic and the analyzers.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'starcoach' has no attribute {name!r}")
