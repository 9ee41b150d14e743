"""Settings: defaults in code, then the user's config file, then STARCOACH_* variables, then flags."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from starcoach.errors import ConfigError

APP_NAME = "starcoach"


class Settings(BaseModel):
    """Everything StarCoach can be configured with. Build with ``load_settings``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    home: Path = Field(description="Folder for the user's data (the database lives here by default).")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default: SQLite in home.")
    words_per_minute: float = Field(default=150.0, gt=50, lt=300, description="Speaking rate for typed answers.")
    silence_seconds: float = Field(default=4.0, ge=0, le=30, description="The pressure track's deliberate silence.")
    recent_sessions: int = Field(default=3, ge=0, le=50, description="Sessions whose questions are not repeated.")
    speech_model: Literal["tiny.en", "base"] = Field(
        default="tiny.en", description="Whisper model for spoken answers (base needs its packages installed)."
    )
    voice: Literal["espeak", "piper"] = Field(default="espeak", description="The interviewer's voice.")
    input_device: str | None = Field(default=None, description="Microphone name or number; default: the system's.")
    output_device: str | None = Field(default=None, description="Speakers name or number; default: the system's.")

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


def _config_file(env: Mapping[str, str]) -> Path:
    if "STARCOACH_CONFIG" in env:
        return Path(env["STARCOACH_CONFIG"])
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def load_settings(env: Mapping[str, str] | None = None, **flags: Any) -> Settings:
    """Merge defaults, the config file, STARCOACH_* variables and flags (later wins)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = _config_file(env)
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"cannot read the config file ({exc})", where=str(path), hint="Fix or remove it."
            ) from exc
    for key, variable in (
        ("home", "STARCOACH_HOME"),
        ("database_url", "STARCOACH_DATABASE_URL"),
        ("words_per_minute", "STARCOACH_WORDS_PER_MINUTE"),
        ("silence_seconds", "STARCOACH_SILENCE_SECONDS"),
        ("recent_sessions", "STARCOACH_RECENT_SESSIONS"),
        ("speech_model", "STARCOACH_SPEECH_MODEL"),
        ("voice", "STARCOACH_VOICE"),
        ("input_device", "STARCOACH_INPUT_DEVICE"),
        ("output_device", "STARCOACH_OUTPUT_DEVICE"),
    ):
        if env.get(variable):
            values[key] = env[variable]
    values.update({k: v for k, v in flags.items() if v is not None})
    values.setdefault("home", _default_home())
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"setting '{field}': {first['msg']}",
            where=str(path) if path.is_file() else None,
            hint="See docs/configuration.md.",
        ) from exc
