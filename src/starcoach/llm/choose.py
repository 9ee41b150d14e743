"""Picking the configured language model, and running a task with the built-in one as the safety net."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from starcoach.llm.embedded import EmbeddedModel
from starcoach.llm.openai_compatible import OpenAICompatibleModel
from starcoach.llm.protocol import LanguageModel, LLMError, LLMUnavailable, T, Task
from starcoach.settings import Settings

API_KEY_VARIABLE = "STARCOACH_LLM_API_KEY"


def make_model(settings: Settings, env: Mapping[str, str] | None = None) -> LanguageModel:
    """The language model ``settings`` ask for; the API key comes only from ``STARCOACH_LLM_API_KEY``."""
    if settings.llm_backend == "embedded" or not settings.llm_url or not settings.llm_model:
        return EmbeddedModel()
    env = os.environ if env is None else env
    return OpenAICompatibleModel(
        settings.llm_url,
        settings.llm_model,
        api_key=env.get(API_KEY_VARIABLE) or None,
        timeout=settings.llm_timeout,
    )


def generate_with_fallback(model: LanguageModel, task: Task[T], notice: Callable[[str], None]) -> tuple[T, str]:
    """Run ``task`` on ``model``; on any language-model failure use the built-in answer instead.

    Returns the answer and the name of the backend that produced it. A failure is
    reported through ``notice`` as one line the caller shows the user.
    """
    try:
        return model.generate(task), model.name
    except LLMError as exc:
        verb = "did not answer" if isinstance(exc, LLMUnavailable) else "could not be used"
        notice(f"the language model at {model.where} {verb} ({_reason(exc)}); using the built-in one for this turn")
    fallback = EmbeddedModel()
    return fallback.generate(task), fallback.name


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
