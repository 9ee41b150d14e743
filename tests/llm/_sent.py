"""What a request to the loopback server carried (our instructions, the delimited data), and a clean CLI environment."""

from __future__ import annotations

import json
import os
from pathlib import Path

from starcoach.llm.openai_compatible import DATA_CLOSE, DATA_OPEN
from tests.llm.conftest import Received


def instructions_sent(request: Received) -> str:
    """The system message: StarCoach's own instructions."""
    system = request.body["messages"][0]
    assert system["role"] == "system"
    return str(system["content"])


def data_sent(request: Received) -> dict[str, str]:
    """The user message's data block, parsed; fails unless it is exactly one delimited JSON object."""
    user = request.body["messages"][1]
    assert user["role"] == "user"
    content = str(user["content"])
    assert content.startswith(DATA_OPEN + "\n") and content.endswith("\n" + DATA_CLOSE)
    data: dict[str, str] = json.loads(content[len(DATA_OPEN) : -len(DATA_CLOSE)])
    return data


def cli_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment for running the CLI: no config file and no language model unless ``extra`` sets one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARCOACH_LLM_")}
    return {**env, "STARCOACH_CONFIG": str(folder / "no-config.toml"), **extra}
