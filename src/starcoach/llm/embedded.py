"""The built-in language model: deterministic, rule- and template-driven, offline."""

from __future__ import annotations

from starcoach.llm.protocol import T, Task


class EmbeddedModel:
    """Answers every task with its own deterministic fallback; nothing leaves the process."""

    backend_id = "embedded"
    remote = False
    where = "this machine"

    def generate(self, task: Task[T]) -> T:
        """Return ``task.fallback()``, checked against ``task.schema``."""
        answer = task.fallback()
        if not isinstance(answer, task.schema):
            return task.schema.model_validate(answer.model_dump())
        return answer
