"""Settings: defaults in code, then the user's config file, then STARCOACH_* variables, then flags.

A process reads them once (the CLI, when a command first needs them) and passes the one
``Settings`` object down to whatever needs it; nothing else calls ``load_settings``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from starcoach.errors import ConfigError

APP_NAME = "starcoach"
# Settings that hold one backend's options as a table ([voice_options] in the config file).
_OPTION_TABLES = frozenset({"transcriber_options", "voice_options", "llm_options"})


class Settings(BaseModel):
    """Everything StarCoach can be configured with. Build with ``load_settings``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    home: Path = Field(description="Folder for the user's data (the database lives here by default).")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default: SQLite in home.")
    words_per_minute: float = Field(default=150.0, gt=50, lt=300, description="Speaking rate for typed answers.")
    silence_seconds: float = Field(default=4.0, ge=0, le=30, description="The pressure track's deliberate silence.")
    recent_sessions: int = Field(default=3, ge=0, le=50, description="Sessions whose questions are not repeated.")
    transcriber: str = Field(default="faster-whisper", min_length=1, description="Speech-to-text backend.")
    transcriber_options: dict[str, Any] = Field(default_factory=dict, description="The transcriber's options.")
    speech_model: Literal["tiny.en", "base"] = Field(
        default="tiny.en", description="Whisper model for spoken answers (base needs its packages installed)."
    )
    voice: str = Field(default="espeak", min_length=1, description="The interviewer's voice (text-to-speech backend).")
    voice_options: dict[str, Any] = Field(default_factory=dict, description="The voice's options.")
    input_device: str | None = Field(default=None, description="Microphone name or number; default: the system's.")
    output_device: str | None = Field(default=None, description="Speakers name or number; default: the system's.")
    llm_backend: str = Field(
        default="embedded", min_length=1, description="Language model: the built-in one, a chat-completions server..."
    )
    llm_options: dict[str, Any] = Field(default_factory=dict, description="The language model's options.")
    llm_url: str | None = Field(default=None, description="API base of the chat-completions server (.../v1).")
    llm_model: str | None = Field(default=None, description="Model name the chat-completions server knows.")
    llm_timeout: float = Field(default=20.0, gt=0, le=600, description="Seconds to wait for the language model.")

    @field_validator("llm_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.strip().lower().startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https:// (e.g. http://localhost:11434/v1)")
        return value.strip()

    @model_validator(mode="after")
    def _remote_llm_is_complete(self) -> Settings:
        if self.llm_backend == "openai-compatible":
            missing = [name for name in ("llm_url", "llm_model") if not getattr(self, name)]
            if missing:
                raise ConfigError(
                    f"llm_backend 'openai-compatible' needs {' and '.join(missing)} to be set",
                    hint="Set llm_url (e.g. http://localhost:11434/v1) and llm_model (e.g. llama3.2), "
                    "or STARCOACH_LLM_URL and STARCOACH_LLM_MODEL; see docs/llm.md.",
                )
        return self

    @staticmethod
    def device(value: str | None) -> int | str | None:
        """A sound device setting as sounddevice takes it: a number is an index, anything else a name."""
        if value is None or not value.strip():
            return None
        return int(value) if value.strip().isdigit() else value.strip()

    @property
    def resolved_database_url(self) -> str:
        """The database URL in force."""
        return self.database_url or f"sqlite:///{self.home / 'starcoach.db'}"


def _default_home() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_file_path(env: Mapping[str, str]) -> Path:
    """The config file to read: STARCOACH_CONFIG when set, else config.toml in the user's config folder."""
    if "STARCOACH_CONFIG" in env:
        return Path(env["STARCOACH_CONFIG"])
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def load_settings(env: Mapping[str, str] | None = None, **flags: Any) -> Settings:
    """Merge defaults, the config file, STARCOACH_* variables and flags (later wins)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = config_file_path(env)
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"cannot read the config file ({exc})", where=str(path), hint="Fix or remove it."
            ) from exc
    if "llm_api_key" in values or "api_key" in values:
        raise ConfigError(
            "the language model's API key is not read from the config file",
            where=str(path),
            hint="Remove it there and set STARCOACH_LLM_API_KEY in the environment instead (see docs/llm.md).",
        )
    for key, variable in (
        ("home", "STARCOACH_HOME"),
        ("database_url", "STARCOACH_DATABASE_URL"),
        ("words_per_minute", "STARCOACH_WORDS_PER_MINUTE"),
        ("silence_seconds", "STARCOACH_SILENCE_SECONDS"),
        ("recent_sessions", "STARCOACH_RECENT_SESSIONS"),
        ("transcriber", "STARCOACH_TRANSCRIBER"),
        ("speech_model", "STARCOACH_SPEECH_MODEL"),
        ("voice", "STARCOACH_VOICE"),
        ("input_device", "STARCOACH_INPUT_DEVICE"),
        ("output_device", "STARCOACH_OUTPUT_DEVICE"),
        ("llm_backend", "STARCOACH_LLM_BACKEND"),
        ("llm_url", "STARCOACH_LLM_URL"),
        ("llm_model", "STARCOACH_LLM_MODEL"),
        ("llm_timeout", "STARCOACH_LLM_TIMEOUT"),
    ):
        if env.get(variable):
            values[key] = env[variable]
    for key, value in flags.items():
        if value is None:
            continue
        if key in _OPTION_TABLES and isinstance(value, Mapping) and isinstance(values.get(key), Mapping):
            values[key] = {**values[key], **value}  # a flag changes one option, not the whole table
        else:
            values[key] = value
    values.setdefault("home", _default_home())
    where = str(path) if path.is_file() else None
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"setting '{field}': {first['msg']}", where=where, hint="See docs/configuration.md.") from exc
    return settings
