"""Language-model backends behind one protocol.

``embedded`` (the default) is deterministic, rule- and template-driven and runs
offline; ``openai-compatible`` talks to any server speaking the chat-completions
API (Ollama, vLLM, llama.cpp's server, LM Studio, hosted providers). Callers
build a :class:`~starcoach.llm.protocol.Task`, pick a model with
:func:`~starcoach.backends.make_language_model` and run it through
:func:`~starcoach.llm.choose.generate_with_fallback`, which falls back to the
embedded answer with a visible notice when the model fails.
"""

from starcoach.llm.protocol import LanguageModel, LLMBadOutput, LLMError, LLMRejected, LLMUnavailable, Task

__all__ = ["LLMBadOutput", "LLMError", "LLMRejected", "LLMUnavailable", "LanguageModel", "Task"]
