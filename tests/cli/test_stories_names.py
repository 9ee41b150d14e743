"""The stories commands call a story's kinds of moment by the name the user types: tags (issue 19, point 9)."""

from __future__ import annotations

import re

import pytest

from tests.cli._run import starcoach
from tests.stories._stories import REFUND

pytestmark = pytest.mark.slow

SUBCOMMANDS = ("add", "list", "show", "edit", "delete", "coverage", "match", "drill", "export", "import")
# The words the code uses inside for tags; a user who typed --tags never meets them.
INNER_NAMES = re.compile(r"\bax[ie]s\b|kinds? of moment", re.I)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_stories_help_says_tags_and_never_the_inner_name() -> None:
    for command in ("", *SUBCOMMANDS):
        shown = starcoach("stories", *command.split(), "-h")
        assert shown.returncode == 0, shown.stderr
        assert not INNER_NAMES.search(shown.stdout), (command, INNER_NAMES.findall(shown.stdout))
    assert "--tags" in starcoach("stories", "add", "-h").stdout


def test_the_stories_output_names_tags_as_the_user_gave_them() -> None:
    added = starcoach(
        "stories", "add", "--title=Double charge", "--tags=escalation", *[f"--{k}={v}" for k, v in REFUND.items()]
    )
    assert added.returncode == 0, added.stderr
    listed = starcoach("stories", "list").stdout
    shown = starcoach("stories", "show", "Double charge").stdout
    covered = starcoach("stories", "coverage").stdout
    exported = starcoach("stories", "export").stdout
    for output in (added.stdout, listed, shown, covered, exported):
        assert not INNER_NAMES.search(output), INNER_NAMES.findall(output)
    assert re.search(r"\btags\b", listed) and "escalation" in listed
    assert "tags: escalation" in _flat(shown)
    assert re.search(r"\btag\b", covered)
    assert "- Tags: escalation" in exported


def test_an_unknown_tag_is_called_a_tag() -> None:
    result = starcoach("stories", "add", "--title=Odd", "--tags=heroics", *[f"--{k}={v}" for k, v in REFUND.items()])
    assert result.returncode == 2
    line = _flat(result.stderr)
    assert "unknown tag 'heroics'" in line and "escalation" in line
    assert not INNER_NAMES.search(line), line
