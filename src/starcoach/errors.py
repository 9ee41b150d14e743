"""Errors a user can cause, each with what went wrong, where, and what to do next."""

from __future__ import annotations


class StarCoachError(Exception):
    """Root of every error StarCoach raises on purpose."""

    code = "starcoach_error"

    def __init__(self, what: str, *, where: str | None = None, hint: str | None = None) -> None:
        self.what = what
        self.where = where
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The error as the single line a user sees."""
        place = f"{self.where}: " if self.where else ""
        advice = f" {self.hint}" if self.hint else ""
        return f"{place}{self.what}.{advice}"


class UserInputError(StarCoachError):
    """The input a user gave cannot be used (empty, binary, too large...)."""

    code = "bad_input"


class ContentError(StarCoachError):
    """A content data file (questions, lexicons...) is invalid."""

    code = "bad_content"


class ConfigError(StarCoachError):
    """A setting or configuration file is invalid."""

    code = "bad_config"


class StoreError(StarCoachError):
    """The database cannot be used (corrupt, newer, unwritable, unreachable).

    ``where`` keeps the database's path or URL for code that needs it. The line a user sees leaves
    it out (the message itself says "the StarCoach database"): a path or server URL in an error is
    noise at best and a leak at worst, and `starcoach config` shows it to whoever needs it.
    """

    code = "store_error"

    def one_line(self) -> str:
        """The error as the single line a user sees, without the database's path or URL."""
        advice = f" {self.hint}" if self.hint else ""
        if self.where is not None:
            advice += " `starcoach config` shows which database is in use."
        return f"{self.what}.{advice}"


class NotFound(UserInputError):
    """What was asked for does not exist, or belongs to another browser (the two look the same on purpose)."""

    code = "not_found"


class StaleTurn(UserInputError):
    """A turn (an answer, a role-play line) for a moment that has passed: late, doubled, or after the end."""

    code = "conflict"
