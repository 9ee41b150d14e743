"""Running a task on the configured language model, with the built-in one as the safety net.

The model itself comes from ``starcoach.backends.make_language_model(settings)``.
"""

from __future__ import annotations

from collections.abc import Callable

from starcoach.llm.embedded import EmbeddedModel
from starcoach.llm.protocol import LanguageModel, LLMError, LLMUnavailable, T, Task


def generate_with_fallback(model: LanguageModel, task: Task[T], notice: Callable[[str], None]) -> tuple[T, str]:
    """Run ``task`` on ``model``; on any language-model failure use the built-in answer instead.

    Returns the answer and the id of the backend that produced it. A failure is
    reported through ``notice`` as one line the caller shows the user.
    """
    try:
        return model.generate(task), model.backend_id
    except LLMError as exc:
        verb = "did not answer" if isinstance(exc, LLMUnavailable) else "could not be used"
        notice(f"the language model at {model.where} {verb} ({_reason(exc)}); using the built-in one for this turn")
    fallback = EmbeddedModel()
    return fallback.generate(task), fallback.backend_id


def _reason(exc: LLMError) -> str:
    """The cause of ``exc`` without repeating the server's address."""
    what = exc.what
    for prefix in ("did not answer (", "gave an unusable answer twice: "):
        if prefix in what:
            what = what.split(prefix, 1)[1]
            if prefix.endswith("(") and what.endswith(")"):
                what = what[:-1]
            break
    return what
