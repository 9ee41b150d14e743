"""Read a typed answer in the terminal: a live timer with the 60-120 s band, or plain lines when piped."""

from __future__ import annotations

import codecs
import os
import select
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Protocol

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.text import Text

from starcoach.analysis.analyzers.rambling import WINDOW_SECONDS
from starcoach.analysis.report import AnswerReport

_BAND_WIDTH = 40
_BAND_MAX_SECONDS = 160.0
_POLL_SECONDS = 0.25


@dataclass
class TypedAnswer:
    """What was typed (or said), and whether the interviewer cut in."""

    text: str
    interrupted_with: str | None = None
    # A spoken answer arrives already analysed, with its delivery; a typed one is analysed on submit.
    report: AnswerReport | None = None


class PausedMidAnswer(KeyboardInterrupt):
    """Ctrl-C while an answer was being typed: the session pauses, and what was typed is carried out
    so it can be kept as a draft instead of thrown away."""

    def __init__(self, typed: str) -> None:
        super().__init__()
        self.typed = typed


class AnswerSource(Protocol):
    """Where answers come from: the keyboard (AnswerReader) or the microphone (VoiceReader)."""

    console: Console
    interactive: bool

    def read(
        self,
        header: RenderableType,
        on_first_input: Callable[[], None],
        elapsed: Callable[[], float],
        check_interrupt: Callable[[int], str | None],
        timeout: float | None = None,
    ) -> TypedAnswer:
        """One answer."""
        ...

    def read_silence_block(self) -> str:
        """Piped input only: what was said into a silence."""
        ...


def band(seconds: float) -> Text:
    """A bar from 0 to 160 s with the 60-120 s window marked, filled up to ``seconds``."""
    low, high = WINDOW_SECONDS
    bar = Text()
    for i in range(_BAND_WIDTH):
        at = (i + 0.5) * _BAND_MAX_SECONDS / _BAND_WIDTH
        inside = low <= at <= high
        filled = at <= seconds
        char = "#" if filled else ("=" if inside else "-")
        style = ("green" if inside else "yellow") if filled else ("green" if inside else "grey50")
        bar.append(char, style=style)
    minutes, secs = divmod(int(seconds), 60)
    bar.append(f"  {minutes}:{secs:02d}  (aim for 1:00-2:00)")
    return bar


@contextmanager
def _cbreak(fd: int) -> Iterator[None]:
    import termios
    import tty

    old = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        # Ctrl-C arrives as a character, not a signal, and the reader turns it into the pause: from a
        # known place (not somewhere inside rich's Live), and even when SIGINT was left ignored.
        mode = termios.tcgetattr(fd)
        mode[3] &= ~termios.ISIG
        termios.tcsetattr(fd, termios.TCSANOW, mode)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)


def _apply_keys(buffer: list[str], chunk: str) -> bool:
    """Edit the buffer with typed characters; True when the answer is finished."""
    for ch in chunk:
        if ch == "\x04":  # Ctrl-D
            return True
        if ch in "\r\n":
            lines = "".join(buffer).split("\n")
            if "".join(buffer).strip() and not lines[-1].strip():
                return True  # an empty line after some text ends the answer
            buffer.append("\n")
        elif ch in "\x7f\b":
            if buffer:
                buffer.pop()
        elif ch.isprintable():
            buffer.append(ch)
    return False


class AnswerReader:
    """Reads answers from a terminal (live timer) or from piped input (blocks ending in a blank line)."""

    def __init__(self, console: Console, stdin: IO[str] | None = None) -> None:
        self.console = console
        self.stdin = stdin or sys.stdin
        self.interactive = self.stdin.isatty() and console.is_terminal

    def read(
        self,
        header: RenderableType,
        on_first_input: Callable[[], None],
        elapsed: Callable[[], float],
        check_interrupt: Callable[[int], str | None],
        timeout: float | None = None,
        draft: str = "",
    ) -> TypedAnswer:
        """One answer. With ``timeout``, give up (empty) if nothing is typed in that many seconds.
        In a terminal, ``draft`` (an unfinished answer kept from a pause) is already typed in, to go on from.
        Ctrl-C raises PausedMidAnswer with what was typed so far."""
        if not self.interactive:
            return self._read_block(on_first_input)
        return self._read_live(header, on_first_input, elapsed, check_interrupt, timeout, draft)

    def _read_block(self, on_first_input: Callable[[], None]) -> TypedAnswer:
        lines: list[str] = []
        try:
            for line in self.stdin:
                if not line.strip():
                    if lines:
                        break
                    continue
                if not lines:
                    on_first_input()
                lines.append(line.rstrip("\n"))
        except KeyboardInterrupt:
            raise PausedMidAnswer("\n".join(lines).strip()) from None
        return TypedAnswer("\n".join(lines).strip())

    def read_silence_block(self) -> str:
        """Piped input: the block after a pressure answer is what was said into the silence."""
        lines: list[str] = []
        for line in self.stdin:
            if not line.strip():
                break
            lines.append(line.rstrip("\n"))
        return "\n".join(lines).strip()

    def _read_live(
        self,
        header: RenderableType,
        on_first_input: Callable[[], None],
        elapsed: Callable[[], float],
        check_interrupt: Callable[[int], str | None],
        timeout: float | None,
        draft: str = "",
    ) -> TypedAnswer:
        fd = self.stdin.fileno()
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        buffer: list[str] = list(draft.strip() + " ") if draft.strip() else []
        if buffer:
            on_first_input()  # the thinking was done before the pause; the answer is under way

        waited = 0.0

        def view() -> Group:
            typed = "".join(buffer)
            shown = "\n".join(typed.split("\n")[-8:])
            if timeout is not None:  # a silence: count it down instead of timing an answer
                left = max(0, round(timeout - waited))
                meter = Text(
                    f"The interviewer waits... {left} s  (type to add something, or just wait)", style="italic"
                )
                title = "What you add"
            else:
                meter, title = band(elapsed()), "Your answer"
            return Group(header, meter, Panel(Text(shown + "_"), title=title, title_align="left"))

        with _cbreak(fd), Live(view(), console=self.console, refresh_per_second=4, transient=True) as live:
            while True:
                ready, _, _ = select.select([fd], [], [], _POLL_SECONDS)
                if ready:
                    chunk = decoder.decode(os.read(fd, 1024))
                    if "\x03" in chunk:  # Ctrl-C (see _cbreak): pause, from a known place
                        _apply_keys(buffer, chunk.split("\x03", 1)[0])
                        typed = "".join(buffer).strip()
                        # What is typed into a silence belongs to an answer already saved: nothing to keep.
                        if timeout is None and typed:
                            raise PausedMidAnswer(typed)
                        raise KeyboardInterrupt
                    started = bool("".join(buffer).strip())
                    finished = _apply_keys(buffer, chunk)
                    if not started and "".join(buffer).strip():
                        on_first_input()
                    if finished:
                        break
                else:
                    waited += _POLL_SECONDS
                    if timeout is not None and not "".join(buffer).strip() and waited >= timeout:
                        break
                cut_in = check_interrupt(len("".join(buffer).split()))
                if cut_in:
                    live.update(view())
                    return TypedAnswer("".join(buffer).strip(), cut_in)
                live.update(view())
        text = "".join(buffer).strip()
        if timeout is None or text:
            title = "Your answer" if timeout is None else "What you added"
            self.console.print(Panel(Text(text or "(nothing)"), title=title, title_align="left"))
        return TypedAnswer(text)
