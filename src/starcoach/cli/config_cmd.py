"""`starcoach config`: every setting in force, where it came from, and where your text goes."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from starcoach.llm.backends import API_KEY_VARIABLE
from starcoach.llm.openai_compatible import is_loopback, redact_url
from starcoach.settings import Settings, config_file_path

_URL_SETTINGS = {"database_url", "llm_url"}


def where_text_goes(settings: Settings) -> str:
    """One line saying where candidate and customer text is sent under ``settings``."""
    if settings.llm_backend == "embedded":
        return "nowhere: everything runs on this machine"
    if settings.llm_backend != "openai-compatible" or not settings.llm_url:
        return f"wherever the '{settings.llm_backend}' language model sends it (see that plugin's documentation)"
    local = ", a server on this machine" if is_loopback(urlsplit(settings.llm_url).hostname) else ""
    return (
        f"to {redact_url(settings.llm_url)} (model {settings.llm_model}{local}) — "
        "role-play lines, practice answers, job descriptions and answers you ask to rewrite are sent there"
    )


def _file_values(env: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    path = config_file_path(env)
    if not path.is_file():
        return f"{path} (not present)", {}
    try:
        return str(path), tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return str(path), {}


def _shown(name: str, value: object) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, dict):  # a backend's options
        return ", ".join(f"{key}={option}" for key, option in value.items()) or "(none)"
    if name in _URL_SETTINGS and isinstance(value, str):
        return redact_url(value)
    return str(value)


def show_config(
    settings: Settings, env: Mapping[str, str] | None = None, overrides: Mapping[str, object] | None = None
) -> None:
    """Print ``settings`` with each one's source (``env`` and ``overrides`` are what they were read from)."""
    env = os.environ if env is None else env
    overrides = overrides or {}
    file_label, from_file = _file_values(env)
    print(f"config file: {file_label}")
    width = max(len(name) for name in Settings.model_fields)
    for name in Settings.model_fields:
        variable = f"STARCOACH_{name.upper()}"
        if name in overrides:
            source = "flag --set"
        elif env.get(variable):
            source = f"environment {variable}"
        elif name in from_file:
            source = "config file"
        else:
            source = "default"
        print(f"{name:<{width}}  {_shown(name, getattr(settings, name))}  [{source}]")
    if settings.llm_backend != "embedded":
        key = "set (hidden)" if env.get(API_KEY_VARIABLE) else "not set"
        print(f"{'llm api key':<{width}}  {key}  [environment {API_KEY_VARIABLE}]")
    print(f"database in use: {redact_url(settings.resolved_database_url)}")
    print(f"Where your text goes: {where_text_goes(settings)}")
