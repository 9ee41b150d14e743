"""Spoken answers in the terminal: record with a level meter and the 60-120 s band, transcribing as it goes.

Whisper works through the answer while it is spoken (speech.live), so the report follows a few
seconds after Enter rather than after a full pass over the recording. Each recording is also
saved under the StarCoach home as it is made, so an answer is never lost to a failed or slow
transcription; `starcoach analyze FILE` gives the same report from it.
"""

from __future__ import annotations

import logging
import os
import select
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.text import Text

from starcoach.cli.answer_input import TypedAnswer, _cbreak, band
from starcoach.errors import UserInputError

if TYPE_CHECKING:
    from starcoach.analysis.report import AnswerReport
    from starcoach.settings import Settings
    from starcoach.speech.live import LiveTranscription
    from starcoach.speech.types import Transcriber

_log = logging.getLogger(__name__)

# Louder than this (dBFS) counts as the candidate starting to speak, for the thinking-time measure.
SPEECH_ONSET_DB = -35.0


class VoiceReader:
    """Reads answers from the microphone; Enter stops a recording."""

    def __init__(
        self,
        console: Console,
        recordings: Path,
        transcriber: Transcriber,
        *,
        device: int | str | None = None,
        stdin: IO[str] | None = None,
    ) -> None:
        self.console = console
        self.recordings = recordings
        self.device = device
        # Built (cheaply) before the session starts; its model loads on the first answer.
        self.transcriber = transcriber
        self.stdin = stdin or sys.stdin
        self.interactive = True
        if not (self.stdin.isatty() and console.is_terminal):
            raise UserInputError("--voice needs a terminal", hint="Run it in a terminal, or type your answers.")
        from starcoach.speech.microphone import input_rate

        input_rate(device)  # a clear error now, before the session starts, when there is no microphone
        self._count = 0

    def read(
        self,
        header: RenderableType,
        on_first_input: Callable[[], None],
        elapsed: Callable[[], float],
        check_interrupt: Callable[[int], str | None],
        timeout: float | None = None,
    ) -> TypedAnswer:
        """Record one answer, transcribing it as it comes, and analyse it; the text is the transcript."""
        from starcoach.speech.live import LiveTranscription
        from starcoach.speech.microphone import meter, record
        from starcoach.speech.recording import warm_up

        self._count += 1
        path = self.recordings / f"{time.strftime('%Y%m%d-%H%M%S')}-{self._count:02d}.wav"
        fd = self.stdin.fileno()
        level, started, begun = -60.0, False, time.monotonic()

        def view() -> Group:
            meter_line = Text(f"mic {meter(level)}  ", style="cyan")
            meter_line.append("speak now; press Enter when you have finished", style="italic")
            return Group(header, meter_line, band(elapsed()))

        def stop() -> bool:
            ready, _, _ = select.select([fd], [], [], 0)
            typed = os.read(fd, 1024) if ready else b""
            if b"\x03" in typed:  # Ctrl-C comes as a character while recording (see _cbreak)
                raise KeyboardInterrupt
            if b"\n" in typed:
                return True
            # A silence that nobody fills ends by itself, as it does when typing.
            return timeout is not None and not started and time.monotonic() - begun > timeout

        with _cbreak(fd), Live(view(), console=self.console, refresh_per_second=8, transient=True) as live:

            def on_level(db: float, seconds: float) -> None:
                nonlocal level, started
                level = db
                if not started and db > SPEECH_ONSET_DB:
                    started = True
                    on_first_input()
                live.update(view())

            # Whisper works through the answer while it is spoken (see speech.live).
            transcription = LiveTranscription(self.transcriber, prepare=warm_up)
            try:
                record(path, stop, on_level, device=self.device, on_pcm=transcription.add)
            except BaseException:
                transcription.cancel()
                raise
        if not started:
            transcription.cancel()
            path.unlink(missing_ok=True)  # nothing was said: keep no empty recording
            return TypedAnswer("")
        self.console.print(Text(f"Saved the recording: {path}", style="grey50"))
        with self.console.status("Finishing the transcript..."):
            report = self._report(transcription, path, _plain(header))
        self.console.print(Text(f"You said: {report.transcript}", style="italic"))
        return TypedAnswer(report.transcript or "", report=report)

    def _report(self, transcription: LiveTranscription, path: Path, question: str | None) -> AnswerReport:
        """The report from the live transcript; from the saved file if live transcription failed."""
        from starcoach.speech.recording import analyze_recording, whole_report

        try:
            whole, transcript = transcription.finish()
        except Exception:
            # The file holds the same audio: analysing it gives the same report, or the error
            # (a missing model, say) in the usual words.
            _log.warning("live transcription failed; analysing the saved recording", exc_info=True)
            return analyze_recording(path, question, transcriber=self.transcriber)
        return whole_report(whole, transcript, question, source=str(path))

    def read_silence_block(self) -> str:
        """Not used: a spoken session keeps its silences live."""
        return ""


def _plain(header: RenderableType) -> str | None:
    return header.plain if isinstance(header, Text) else None


def voice_reader(console: Console, settings: Settings) -> VoiceReader:
    """The microphone reader for the configured device and transcriber (checked at once)."""
    from starcoach.backends import make_transcriber

    device = settings.device(settings.input_device)
    from starcoach.store.recordings import RecordingStore

    # Where recordings live is the store's to say: `export` and `delete` find them there.
    folder = RecordingStore(settings.home).terminal_folder
    return VoiceReader(console, folder, make_transcriber(settings), device=device)


def speaking(settings: Settings) -> Callable[[str], object]:
    """A function that reads a line aloud with the configured voice and speakers (checked at once)."""
    from starcoach.backends import make_voice
    from starcoach.speech.tts import check_output, play, speak

    device = settings.device(settings.output_device)
    check_output(device)
    speaker = make_voice(settings)
    return lambda text: speak(text, speaker, play=lambda chunk: play(chunk, device))
