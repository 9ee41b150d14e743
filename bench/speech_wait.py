"""How long a candidate waits for the report after speaking a 2-minute answer in `practice --voice`.

    PYTHONPATH=src python bench/speech_wait.py [--write] [--runs N]

Each run joins five clips of the speech set (bench/speech_set.py) into one answer of about two
minutes, turns it into a 48 kHz microphone stream in blocks of 10-90 ms, and plays it in real
time (so a run takes as long as the answer) into what `practice --voice` does with it: the WAV
writer and the live transcription (starcoach.speech.live). Measured:

- live wait: from the last block to the finished report (the last window decoded, voice
  activity, delivery and text analysis); the figure the stretch target (<= 2 s) is about;
  "of which transcript" is the part spent waiting for the last window;
- file wait: `analyze_recording` on the saved file afterwards, which is what the wait was before
  transcription ran while recording;
- same report: whether the live report equals the saved file's, field for field;
- windows and WER: how many Whisper windows the answer took, and the word error rate over the
  whole answer (defined as in bench/speech.py): a check that long answers, heard in several
  windows, are transcribed as well as the single-window clips of the main speech benchmark.
The answer's last word ends within half a second of its end (the clips' own trailing silence),
so the live wait is also, to within that, the wait after the last word.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speech_set
from _docs import machine_line, write_section
from speech import FILLER_KIND, edits, normalise

MIC_RATE = 48_000
QUESTION = "Tell me about a time you turned an unhappy customer around."


def _answer(run: int) -> tuple[list[str], object]:
    """Five clips, a different five for each run, at the microphone's rate."""
    import numpy as np

    from starcoach.speech import audio

    names = sorted(speech_set.clips_of(speech_set.ensure(), "dev"))
    chosen = [names[(run * 5 + i) % len(names)] for i in range(5)]
    samples = np.concatenate([audio.load(speech_set.DEFAULT_OUT / f"{name}.wav").samples for name in chosen])
    positions = np.arange(round(len(samples) * MIC_RATE / 16_000)) * 16_000 / MIC_RATE
    return chosen, np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def one_run(run: int, transcriber: object, folder: Path) -> dict[str, object]:
    """Play one answer in real time through the live path, then analyse the saved file."""
    import numpy as np

    from starcoach.speech.live import LiveTranscription
    from starcoach.speech.microphone import WavWriter
    from starcoach.speech.recording import analyze_recording, warm_up, whole_report

    chosen, mic = _answer(run)
    path = folder / f"answer-{run}.wav"
    writer = WavWriter(path, MIC_RATE)
    live = LiveTranscription(transcriber, prepare=warm_up)  # type: ignore[arg-type]  # a WhisperTranscriber
    sizes = np.random.default_rng(run).integers(MIC_RATE // 100, MIC_RATE * 9 // 100, size=len(mic) // 480 + 1)
    began, at = time.perf_counter(), 0
    for size in sizes:
        block = mic[at : at + size]
        if not len(block):
            break
        pcm, _level = writer.add(block)
        live.add(pcm, MIC_RATE)
        at += len(block)
        time.sleep(max(0.0, began + at / MIC_RATE - time.perf_counter()))  # the microphone's pace
    writer.close()
    ended = time.perf_counter()
    whole, transcript = live.finish()
    transcribed = time.perf_counter() - ended
    live_report = whole_report(whole, transcript, QUESTION, source=str(path), report_id="wait")
    live_wait = time.perf_counter() - ended
    started = time.perf_counter()
    file_report = analyze_recording(path, QUESTION, transcriber=transcriber, report_id="wait")  # type: ignore[arg-type]
    file_wait = time.perf_counter() - started
    truth = speech_set.ensure()["clips"]
    reference = normalise(" ".join(" ".join(truth[name]["words"]) for name in chosen))
    heard = [w.text for w in transcript.words if normalise(w.text) and normalise(w.text)[0] not in FILLER_KIND]
    return {
        "wer": edits(reference, normalise(" ".join(heard))) / len(reference),
        "windows": _windows(whole),
        "clips": chosen,
        "seconds": len(mic) / MIC_RATE,
        "live": live_wait,
        "last_window": transcribed,
        "file": file_wait,
        "same": live_report.model_dump() == file_report.model_dump(),
    }


def _windows(whole: object) -> int:
    """How many windows Whisper heard the answer in."""
    from starcoach.speech.recording import _slices
    from starcoach.speech.transcribe import _windows as windows

    return sum(1 for _ in windows(_slices(whole)))  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="answers to play (each takes about two minutes)")
    parser.add_argument("--write", action="store_true", help="update the speech-wait section of docs/benchmarks.md")
    args = parser.parse_args(argv)

    from starcoach.speech.transcribe import WhisperTranscriber

    transcriber = WhisperTranscriber()
    transcriber.load()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            result = one_run(run, transcriber, Path(tmp))
            results.append(result)
            print(
                f"run {run}: {result['seconds']:.0f} s answer, live wait {result['live']:.2f} s "
                f"(transcript done after {result['last_window']:.2f} s), "
                f"file wait {result['file']:.2f} s, same report: {result['same']}",
                file=sys.stderr,
            )
    lives = [float(r["live"]) for r in results]  # type: ignore[arg-type]
    files = [float(r["file"]) for r in results]  # type: ignore[arg-type]
    rows = [
        "| run | answer s | clips | windows | WER | live wait s (target ≤ 2) | of which transcript s | file wait s "
        "| same report |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run, r in enumerate(results):
        mark = "✓" if float(r["live"]) <= 2.0 else "✗"  # type: ignore[arg-type]
        rows.append(
            f"| {run} | {r['seconds']:.0f} | {', '.join(r['clips'])} | {r['windows']} | "  # type: ignore[arg-type]
            f"{100 * r['wer']:.1f} % | {r['live']:.2f} {mark} | "  # type: ignore[operator]
            f"{r['last_window']:.2f} | {r['file']:.2f} | {'yes' if r['same'] else 'NO'} |"
        )
    summary = (
        f"Median live wait {statistics.median(lives):.2f} s (max {max(lives):.2f} s) against "
        f"{statistics.median(files):.2f} s for analysing the saved file afterwards."
    )
    print("\n".join(rows) + "\n\n" + summary)
    if args.write:
        write_section("speech-wait", "\n".join(_markdown(rows, summary, args.runs)))
    return 0


def _markdown(rows: list[str], summary: str, runs: int) -> list[str]:
    return [
        "## Waiting for the report after a spoken answer",
        "",
        f"Command: `PYTHONPATH=src python bench/speech_wait.py --write --runs {runs}`",
        "",
        machine_line() + " Recogniser: tiny.en, 2 threads.",
        "",
        "Each run plays a two-minute answer (five clips of the speech set, as a 48 kHz microphone stream in "
        "real time) into what `practice --voice` does while recording. Live wait: from the end of the "
        "recording to the finished report, of which the first part waits for Whisper's last window. "
        "File wait: analysing the saved recording afterwards, the wait "
        "before transcription ran while recording. Same report: the live report equals the file's, field "
        "for field. WER as in the speech section, over the whole answer, which Whisper hears in several windows.",
        "",
        *rows,
        "",
        summary,
        "",
        *NOTES,
    ]


# What the figures showed when this bench was written; re-read them against the table after a change.
NOTES = [
    "Observed (re-read after a change):",
    "- WER: run 1 holds queue-f4-185, the set's hardest clip (41 % on its own in the speech benchmark). "
    "The target (≤ 10 %) is judged on the speech benchmark's set, which also scores six long answers at "
    "16 kHz; here each answer went through a 48 kHz microphone stream first, so figures differ by a point "
    "or two.",
    "- Wait: the last window's decoding is most of it and varies with how much speech the last window "
    "holds (up to 28 s); voice activity, pitch and the text analysis over the whole answer take about 1 s.",
]


if __name__ == "__main__":
    sys.exit(main())
