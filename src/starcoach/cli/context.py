"""What one `starcoach` run shares with its commands: the settings, read once, when first needed.

The root command puts a ``CliRun`` on typer's context; each command that needs settings takes
them from there and passes them down explicitly. Reading them lazily keeps ``--help`` fast and
lets commands that need no settings run whatever the config file holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import typer

from starcoach.errors import UserInputError

if TYPE_CHECKING:
    from starcoach.settings import Settings

# Settings holding one backend's options as a table: `--set voice_options.rate_wpm=170` sets one of them.
_TABLES = ("transcriber_options", "voice_options", "llm_options")


class CliRun:
    """One run of the command: the flags that override settings, and the settings once read."""

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        self.overrides = dict(overrides or {})
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        """Defaults < config file < STARCOACH_* variables < flags, read on first use and kept."""
        if self._settings is None:
            import os

            from starcoach.backends import check_backends
            from starcoach.errors import ConfigError
            from starcoach.settings import config_file_path, load_settings

            settings = load_settings(**self.overrides)
            try:
                check_backends(settings)  # an unknown backend or a mistyped option fails now, not mid-session
            except ConfigError as exc:
                path = config_file_path(os.environ)
                raise ConfigError(exc.what, where=str(path) if path.is_file() else None, hint=exc.hint) from exc
            self._settings = settings
        return self._settings


def parse_overrides(pairs: Iterable[str]) -> dict[str, Any]:
    """``--set NAME=VALUE`` flags as settings (``TABLE.KEY=VALUE`` for one backend option); later wins."""
    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip()
        if not equals or not name:
            raise UserInputError(
                f"--set '{pair}' is not NAME=VALUE",
                hint="For example: --set llm_backend=embedded (see `starcoach config`).",
            )
        table, dot, key = name.partition(".")
        if dot and table in _TABLES and key:
            overrides.setdefault(table, {})[key] = value
        elif dot:
            raise UserInputError(
                f"--set '{name}': only backend options take a dotted name", hint=f"Use one of: {', '.join(_TABLES)}."
            )
        else:
            overrides[name] = value
    return overrides


def settings_of(ctx: typer.Context) -> Settings:
    """The settings of this run (read now if no command has needed them yet)."""
    run: CliRun = ctx.find_root().ensure_object(CliRun)
    return run.settings
