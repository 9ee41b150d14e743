"""Choosing a backend, falling back to the built-in one, the settings and `starcoach config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import BaseModel

from starcoach.backends import make_language_model
from starcoach.cli.config_cmd import show_config
from starcoach.errors import ConfigError
from starcoach.llm.choose import generate_with_fallback
from starcoach.llm.embedded import EmbeddedModel
from starcoach.llm.openai_compatible import OpenAICompatibleModel
from starcoach.llm.protocol import LanguageModel, Task
from starcoach.settings import load_settings
from tests.llm.conftest import ChatServer, Scripted


class FollowUp(BaseModel):
    question: str


def _task() -> Task[FollowUp]:
    return Task(
        instructions="Ask one follow-up question about the candidate's answer.",
        schema=FollowUp,
        fallback=lambda: FollowUp(question="What was the result?"),
        data={"answer": "I calmed the customer down."},
    )


def _env(tmp_path: Path, **variables: str) -> dict[str, str]:
    return {"STARCOACH_CONFIG": str(tmp_path / "config.toml"), "STARCOACH_HOME": str(tmp_path), **variables}


def test_the_embedded_model_is_the_default_and_deterministic(tmp_path: Path) -> None:
    model = make_language_model(load_settings(_env(tmp_path)))
    assert isinstance(model, EmbeddedModel) and isinstance(model, LanguageModel)
    assert not model.remote and model.where == "this machine"
    assert model.generate(_task()) == model.generate(_task()) == FollowUp(question="What was the result?")


def test_an_openai_compatible_backend_takes_its_key_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _env(
        tmp_path,
        STARCOACH_LLM_BACKEND="openai-compatible",
        STARCOACH_LLM_URL="http://localhost:11434/v1",
        STARCOACH_LLM_MODEL="llama3.2",
        STARCOACH_LLM_TIMEOUT="7.5",
    )
    monkeypatch.setenv("STARCOACH_LLM_API_KEY", "sk-x")
    model = make_language_model(load_settings(env))
    assert isinstance(model, OpenAICompatibleModel)
    assert model.model == "llama3.2" and model.timeout == 7.5 and model.remote and model.on_this_machine
    assert "sk-x" not in repr(model)


def test_a_failing_model_falls_back_with_a_visible_notice(chat_server: ChatServer) -> None:
    chat_server.then(*[Scripted(status=500, body=b"boom")] * 3)
    model = OpenAICompatibleModel(chat_server.url, "llama3.2", backoff=0.01)
    notices: list[str] = []
    answer, source = generate_with_fallback(model, _task(), notices.append)
    assert answer == FollowUp(question="What was the result?") and source == "embedded"
    [notice] = notices
    assert notice.startswith(f"the language model at {chat_server.url} did not answer (the server failed")
    assert notice.endswith("; using the built-in one for this turn")


def test_a_rejected_model_falls_back_too(chat_server: ChatServer) -> None:
    chat_server.then(Scripted(status=404, body=b'{"error": "model \'x\' not found"}'))
    notices: list[str] = []
    _, source = generate_with_fallback(OpenAICompatibleModel(chat_server.url, "x"), _task(), notices.append)
    assert source == "embedded" and "does not know the model 'x'" in notices[0]


def test_a_working_model_is_used_without_notice(chat_server: ChatServer) -> None:
    chat_server.then(Scripted(json.dumps({"question": "How did the customer react?"})))
    notices: list[str] = []
    answer, source = generate_with_fallback(OpenAICompatibleModel(chat_server.url, "m"), _task(), notices.append)
    assert answer.question == "How did the customer react?" and source == "openai-compatible" and not notices


def test_a_remote_backend_needs_url_and_model(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="needs llm_url and llm_model"):
        load_settings(_env(tmp_path, STARCOACH_LLM_BACKEND="openai-compatible"))
    with pytest.raises(ConfigError, match="llm_url"):
        load_settings(_env(tmp_path, STARCOACH_LLM_URL="localhost:11434"))
    with pytest.raises(ConfigError, match="llm_backend"):
        make_language_model(load_settings(_env(tmp_path, STARCOACH_LLM_BACKEND="gpt")))


def test_an_api_key_in_the_config_file_is_refused_without_echoing_it(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('llm_api_key = "sk-leak"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="STARCOACH_LLM_API_KEY") as caught:
        load_settings(_env(tmp_path))
    assert "sk-leak" not in str(caught.value)


def test_config_says_text_goes_nowhere_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    show_config(load_settings(_env(tmp_path)), _env(tmp_path))
    out = capsys.readouterr().out
    assert "Where your text goes: nowhere: everything runs on this machine" in out
    assert "llm_backend" in out and "embedded" in out and "[default]" in out


def test_config_shows_a_remote_destination_without_secrets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "config.toml").write_text('llm_backend = "openai-compatible"\n', encoding="utf-8")
    env = _env(
        tmp_path,
        STARCOACH_LLM_URL="https://me:hunter2@llm.example.com/v1",
        STARCOACH_LLM_MODEL="gpt-4o-mini",
        STARCOACH_LLM_API_KEY="sk-secret",
    )
    show_config(load_settings(env), env)
    out = capsys.readouterr().out
    assert (
        "Where your text goes: to https://me:***@llm.example.com/v1 (model gpt-4o-mini) — "
        "role-play lines, practice answers, job descriptions and answers you ask to rewrite are sent there"
    ) in out
    assert "hunter2" not in out and "sk-secret" not in out
    assert "set (hidden)" in out
    assert "[config file]" in out and "[environment STARCOACH_LLM_URL]" in out
