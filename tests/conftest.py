"""Shared fixtures: every test gets its own StarCoach home, so nothing touches the user's data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

STRONG_STORY = (
    "Last spring I was working the phone queue for an internet provider when a bakery owner called, furious "
    "because her connection had dropped three times in one week. My job was to get her back online and keep "
    "her from cancelling. First I let her finish without interrupting, then I repeated the problem back to "
    "make sure I had it right. I told her I understood why she was angry, since she had lost a morning of card "
    "payments. I ran a line test, booked a technician for the next morning, and set a follow-up flag in "
    "Zendesk. The technician replaced a faulty splitter, she stayed on her plan, and my CSAT that month was "
    "96 percent."
)
WEAK_BLAME = (
    "Black Friday is always crazy. Last year the system was so slow and management didn't staff enough "
    "people, so everybody was drowning."
)
# A story with no outcome, and the outcome a follow-up adds: the terminal's and the browser's follow-up tests.
NO_RESULT_STORY = (
    "During the holiday sale last December our chat queue went from about 40 to 180 conversations an hour. "
    "I was the senior agent on the evening shift, so I had to keep the queue moving. "
    "First I tagged every incoming chat by topic in Freshdesk, then I answered the delivery questions with "
    "a macro we had written the week before. "
    "I flagged the billing chats for the morning team and told customers when they would hear back."
)
THE_OUTCOME = "By the end of the night the queue was back under 40 chats and not one customer complained."
THEORY = "I always stay calm with upset customers. I would listen and then fix the problem, that's just who I am."


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "starcoach-home"
    monkeypatch.setenv("STARCOACH_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def espeak_installed() -> None:
    """Speech tests make real speech with espeak-ng, which `make test` and .ci/run install: fail, never skip."""
    import shutil

    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed: run `make test` (it installs it) or apt-get install espeak-ng")
