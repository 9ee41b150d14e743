"""Transcribing an answer while it is being recorded, so the report follows soon after the last word.

The microphone's blocks, exactly as written to the recording (16-bit mono at the device's rate),
go through the conversion a WAV file gets when read back (FFmpeg's resampler to 16 kHz) and on
to the recogniser on a background thread. Whisper decodes each window as soon as the pause that
closes it has been heard, so when the candidate stops, only the last window is left to decode.
The samples are the ones the saved file decodes to, and where windows end depends on the audio
alone (transcribe._windows), so the report is the one ``starcoach analyze`` gives for the saved
recording: the same answer, the same report.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from starcoach.speech.types import SAMPLE_RATE, AudioChunk, Transcriber, Transcript

if TYPE_CHECKING:
    import av
    import numpy as np
    import numpy.typing as npt


class LiveTranscription:
    """Feed it blocks as they are recorded (``add``); ``finish`` returns the audio and its transcript."""

    def __init__(self, transcriber: Transcriber, prepare: Callable[[], object] | None = None) -> None:
        """``prepare`` runs first on the background thread: loading what the report needs, say."""
        self._transcriber = transcriber
        self._prepare = prepare
        self._blocks: queue.Queue[tuple[npt.NDArray[np.int16], int] | None] = queue.Queue()
        self._kept: list[npt.NDArray[np.float32]] = []  # every 16 kHz sample, for pitch and loudness later
        self._transcript: Transcript | None = None
        self._error: BaseException | None = None
        self._stopped = threading.Event()
        self.transcribed_seconds = 0.0  # how far Whisper has got, for anyone curious while recording
        self._thread = threading.Thread(target=self._work, name="live-transcription", daemon=True)
        self._thread.start()

    def add(self, pcm: npt.NDArray[np.int16], rate: int) -> None:
        """One recorded block (16-bit mono at ``rate``); returns at once."""
        self._blocks.put((pcm, rate))

    def finish(self) -> tuple[AudioChunk, Transcript]:
        """Wait for the last window; the whole answer at 16 kHz and its transcript.

        Raises whatever stopped the transcription (a missing model, say), so the caller can fall
        back to analysing the saved recording, which reports it in the usual way.
        """
        import numpy as np

        self._blocks.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._transcript is not None  # set by _work whenever it ends without an error
        samples = np.concatenate(self._kept) if self._kept else np.zeros(0, dtype=np.float32)
        return AudioChunk(0.0, samples), self._transcript

    @property
    def running(self) -> bool:
        """Whether the background transcription is still at work."""
        return self._thread.is_alive()

    def cancel(self) -> None:
        """Stop after the window in hand (the answer was abandoned); does not wait."""
        self._stopped.set()
        self._blocks.put(None)

    def _work(self) -> None:
        try:
            if self._prepare is not None:
                self._prepare()
            self._transcript = self._transcriber.transcribe(self._chunks(), 0.0, self._progress)
        except BaseException as exc:  # handed to finish(): this thread has nobody else to tell
            self._error = exc

    def _progress(self, done: float, total: float) -> None:
        self.transcribed_seconds = done

    def _chunks(self) -> Iterator[AudioChunk]:
        """The recording at 16 kHz, block by block as it arrives (windows do not depend on chunk sizes)."""
        import av
        import numpy as np

        resampler = av.AudioResampler(format="fltp", rate=SAMPLE_RATE)  # as audio.read_chunks
        emitted = 0
        while not self._stopped.is_set():
            item = self._blocks.get()
            for out in resampler.resample(None if item is None else _frame(*item)):
                samples = out.to_ndarray().mean(axis=0, dtype=np.float32)
                self._kept.append(samples)
                yield AudioChunk(emitted / SAMPLE_RATE, samples)
                emitted += len(samples)
            if item is None:
                return


def _frame(pcm: npt.NDArray[np.int16], rate: int) -> av.AudioFrame:
    """A block as the audio frame FFmpeg decodes from a 16-bit mono WAV."""
    import av

    frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = rate
    return frame
