"""The built-in language models, registered through the same hook a plugin uses."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from starcoach.backends import BackendSpec

if TYPE_CHECKING:
    from starcoach.backends import Register
    from starcoach.llm.embedded import EmbeddedModel
    from starcoach.llm.openai_compatible import OpenAICompatibleModel
    from starcoach.settings import Settings

API_KEY_VARIABLE = "STARCOACH_LLM_API_KEY"


class EmbeddedOptions(BaseModel):
    """The built-in model takes no options."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class OpenAICompatibleOptions(BaseModel):
    """Options of the ``openai-compatible`` client (its address, model and timeout are the llm_* settings)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    retries: int = Field(default=2, ge=0, le=10, description="Retries after a timeout, 429 or 5xx.")
    backoff: float = Field(default=0.5, ge=0, le=30, description="First wait between retries, in seconds; doubles.")


def _embedded(options: EmbeddedOptions, settings: Settings) -> EmbeddedModel:
    from starcoach.llm.embedded import EmbeddedModel

    return EmbeddedModel()


def _openai_compatible(options: OpenAICompatibleOptions, settings: Settings) -> OpenAICompatibleModel:
    from starcoach.errors import ConfigError
    from starcoach.llm.openai_compatible import OpenAICompatibleModel

    if not settings.llm_url or not settings.llm_model:  # Settings refuses this; a hand-built one may not
        raise ConfigError(
            "llm_backend 'openai-compatible' needs llm_url and llm_model to be set", hint="See docs/llm.md."
        )
    return OpenAICompatibleModel(
        settings.llm_url,
        settings.llm_model,
        # Deliberately not a setting: a key must never sit in a config file (see docs/configuration.md).
        api_key=os.environ.get(API_KEY_VARIABLE) or None,
        timeout=settings.llm_timeout,
        retries=options.retries,
        backoff=options.backoff,
    )


def register_language_models(register: Register) -> None:
    """The embedded model (the default) and the chat-completions client."""
    register(BackendSpec("embedded", EmbeddedOptions, _embedded, "built in, deterministic, offline"))
    register(
        BackendSpec("openai-compatible", OpenAICompatibleOptions, _openai_compatible, "any chat-completions server")
    )
