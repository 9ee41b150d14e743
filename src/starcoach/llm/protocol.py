"""The one protocol every language-model backend speaks, the task it runs, and its errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel

from starcoach.errors import StarCoachError

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Task(Generic[T]):
    """One request to a language model.

    ``instructions`` are ours. ``data`` holds candidate or customer text: it is
    always sent as delimited data, never inside the instructions, and a model is
    told not to follow instructions found in it. ``schema`` is the pydantic model
    the JSON answer must validate against; ``fallback`` computes the embedded
    (deterministic, offline) answer.
    """

    instructions: str
    schema: type[T]
    fallback: Callable[[], T]
    data: Mapping[str, str] = field(default_factory=dict)


@runtime_checkable
class LanguageModel(Protocol):
    """A backend that turns a :class:`Task` into a validated answer (registered in ``starcoach.backends``)."""

    @property
    def backend_id(self) -> str:
        """The id it is registered and chosen by, e.g. ``embedded`` or ``openai-compatible``."""
        ...

    @property
    def remote(self) -> bool:
        """True when text leaves this process for a server (even one on this machine)."""
        ...

    @property
    def where(self) -> str:
        """Where text goes, in words: ``this machine`` or the server's address."""
        ...

    def generate(self, task: Task[T]) -> T:
        """Answer ``task`` with an instance of ``task.schema``; raises :class:`LLMError` on failure."""
        ...


class LLMError(StarCoachError):
    """A language model could not give a usable answer."""

    code = "llm_error"


class LLMUnavailable(LLMError):
    """The server did not answer: refused, timed out, dropped, busy (429) or failing (5xx)."""

    code = "llm_unavailable"


class LLMRejected(LLMError):
    """The server refused the request (unknown model, bad key, bad request); retrying will not help."""

    code = "llm_rejected"


class LLMBadOutput(LLMError):
    """The server answered, but not with JSON matching the expected schema."""

    code = "llm_bad_output"
