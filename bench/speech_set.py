"""Generate the speech benchmark set: spoken answers built from known text, so every figure has ground truth.

    PYTHONPATH=src python bench/speech_set.py [--out DIR] [--force]

Each clip is a customer-service answer read by espeak-ng (several voices and rates), assembled
piece by piece so the truth is known to the sample: a leading silence of known length (time to
first word), silences of known length between sentences (0.7-3 s, the pauses; shorter gaps
elsewhere), fillers ("um", "uh") spoken as separate clips at known times, one clip with a long
silent stretch and one with background noise where nobody speaks. Writes 16 kHz WAV files and
truth.json (text, words, segments with times, pauses, fillers, speech start, duration).
Deterministic: fixed texts, a seeded generator and espeak-ng's deterministic output; the set is
rebuilt only when this script's version or espeak-ng's changes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from starcoach.speech.tts import EspeakSpeaker
from starcoach.speech.types import SAMPLE_RATE

VERSION = 1
SEED = 20261128
DEFAULT_OUT = Path(__file__).resolve().parent / ".cache" / "speech"
PAUSE_MIN = 0.7
# Gaps that are not pauses: between sentences 0.25-0.45 s, around a filler or inside a sentence less.
SHORT_GAP = (0.25, 0.45)
FILLER_GAP = (0.12, 0.25)
# Below this a 10 ms frame counts as silence when trimming espeak-ng's own lead-in and tail.
TRIM_DBFS = -45.0
# Everything gets a faint noise floor: pure digital zeros never happen in a real recording.
FLOOR_RMS = 3e-4

# Fillers are written inline as {um} / {uh}; sentences end at . ? !
TEXTS: dict[str, str] = {
    "refund": (
        "A customer called because she had been charged twice for the same order. "
        "She was upset, so I told her I understood how frustrating that was. "
        "I {um} checked the payment history while she stayed on the line. "
        "Then I refunded the duplicate charge and emailed her the confirmation. "
        "She thanked me and stayed with us for another year."
    ),
    "delivery": (
        "Our biggest client had a delivery that was three days late. "
        "I {uh} called the warehouse and found the parcel had been sent to the wrong depot. "
        "I arranged a courier for the next morning at no cost to the client. "
        "After that I added a tracking check to our daily routine. "
        "The client renewed their contract and {um} asked for me by name the next time."
    ),
    "queue": (
        "During the holiday rush our queue grew to forty waiting chats. "
        "I sorted them by urgency and answered the simple questions with saved replies. "
        "{um} That freed me to spend real time on the complicated cases. "
        "By the end of the shift the queue was empty and our satisfaction score stayed at ninety two percent."
    ),
    "angry": (
        "A man came to the desk shouting about a broken laptop. "
        "I let him finish and then repeated his problem back to him. "
        "I {uh} could see he needed it for work the next day. "
        "So I lent him a replacement while we repaired his own. "
        "He came back a week later to thank the whole team."
    ),
    "policy": (
        "A customer wanted a refund outside our thirty day window. "
        "I explained the policy kindly and without blaming her. "
        "Then I looked for what I could do instead, and I offered store credit with free shipping. "
        "She {uh} accepted, and she left a five star review. "
        "I shared the idea with my team, and store credit became our usual offer in those cases."
    ),
    "escalation": (
        "I once had a billing problem that I could not solve on my own. "
        "I {um} wrote a clear summary for the second line team so the customer would not repeat himself. "
        "I promised to call him back by five o clock, and I did. "
        "The issue was fixed within two days. "
        "He later told my manager that he felt {uh} listened to for the first time."
    ),
    "mistake": (
        "I once gave a customer the wrong opening hours. "
        "When I noticed, I called her straight away and apologised. "
        "{uh} I also asked my manager to correct the page on our website. "
        "Nobody else was sent to a closed shop after that. "
        "It taught me to check the details before I answer, even when I am sure."
    ),
    "tools": (
        "In my last job we used Zendesk for tickets and Slack for quick questions. "
        "I built a set of macros for the ten most common requests. "
        "Our first reply time dropped from four hours to forty minutes. "
        "New colleagues {um} still use those macros today. "
        "I also kept a short list of known problems, so nobody had to search for the same answer twice."
    ),
    "teamwork": (
        "A colleague was overwhelmed with returns after a product recall. "
        "I offered to take the phone calls so she could focus on the paperwork. "
        "We {um} met every hour to share what customers were asking. "
        "Together we cleared the backlog in three days instead of a week."
    ),
    "feedback": (
        "My team leader told me my calls were running too long. "
        "I listened to three of my own recordings and noticed I repeated myself. "
        "I {uh} started summarising the solution once, at the end of each call. "
        "My average call time fell by two minutes and my scores stayed high."
    ),
}


@dataclass(frozen=True)
class Plan:
    """How one clip is read: which answer, voice, rate, lead-in, and which sentence gaps are pauses."""

    name: str
    text: str
    voice: str
    rate: int
    lead_in: float
    pauses: dict[int, float]  # sentence index (the gap after it) -> pause length in seconds
    silent_stretch: float = 0.0  # an extra silence inserted after sentence 1 (no noise)
    noise_stretch: float = 0.0  # an extra stretch of background noise without speech, after sentence 1


PLANS: tuple[Plan, ...] = (
    Plan("refund-us-160", "refund", "en-us", 160, 1.2, {0: 1.0, 2: 2.0}),
    Plan("refund-f3-140", "refund", "en+f3", 140, 3.0, {1: 0.8}),
    Plan("delivery-gb-175", "delivery", "en-gb", 175, 0.5, {1: 1.5}),
    Plan("delivery-m3-150", "delivery", "en-us+m3", 150, 2.0, {0: 2.6, 2: 0.9}),
    Plan("queue-rp-165", "queue", "en-gb-x-rp", 165, 0.8, {0: 1.2, 2: 0.75}),
    Plan("queue-f4-185", "queue", "en+f4", 185, 4.0, {1: 3.0}),
    Plan("angry-us-130", "angry", "en-us", 130, 1.5, {0: 0.7, 3: 1.8}),
    Plan("angry-gb-190", "angry", "en-gb", 190, 2.0, {0: 1.2, 2: 1.1}),
    Plan("policy-f3-170", "policy", "en+f3", 170, 2.5, {0: 1.4, 2: 2.2}),
    Plan("escalation-m3-180", "escalation", "en-us+m3", 180, 1.0, {1: 0.85}),
    Plan("mistake-rp-145", "mistake", "en-gb-x-rp", 145, 3.5, {0: 1.6, 2: 1.0}),
    Plan("tools-us-155", "tools", "en-us", 155, 0.7, {2: 2.8}),
    Plan("teamwork-f4-135", "teamwork", "en+f4", 135, 1.8, {0: 0.95, 1: 1.3}),
    Plan("feedback-gb-160", "feedback", "en-gb", 160, 2.2, {2: 1.7}),
    # A long silent stretch: the recogniser must not invent words there.
    Plan("silence-us-160", "tools", "en-us", 160, 1.0, {}, silent_stretch=8.0),
    # Background noise while nobody speaks: no words should come out of it either.
    Plan("noise-f3-150", "mistake", "en+f3", 150, 1.0, {}, noise_stretch=6.0),
)


def espeak_version() -> str:
    """espeak-ng's version line: the set depends on it."""
    done = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


def words_of(text: str) -> list[str]:
    """The reference words: lower case, punctuation dropped, fillers removed."""
    plain = re.sub(r"\{\w+\}", " ", text)
    return re.findall(r"[a-z0-9']+", plain.lower())


def trim(samples: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The audio between the first and last frame louder than TRIM_DBFS (espeak-ng pads both ends)."""
    frame = SAMPLE_RATE // 100
    count = len(samples) // frame
    if count == 0:
        return samples
    rms = np.sqrt(np.mean(np.square(samples[: count * frame].reshape(count, frame), dtype=np.float64), axis=1))
    loud = np.flatnonzero(rms > 10 ** (TRIM_DBFS / 20))
    if loud.size == 0:
        return samples[:0]
    return samples[loud[0] * frame : (loud[-1] + 1) * frame]


def _pieces(sentence: str) -> list[tuple[str, str]]:
    """A sentence split into ("speech", text) and ("filler", word) pieces, in order."""
    pieces: list[tuple[str, str]] = []
    for part in re.split(r"(\{\w+\})", sentence):
        if part.startswith("{"):
            pieces.append(("filler", part.strip("{}")))
        elif part.strip():
            pieces.append(("speech", part.strip()))
    return pieces


def _noise(rng: np.random.Generator, seconds: float, rms: float) -> npt.NDArray[np.float32]:
    """Brown-ish background noise (a fan, a street) at the given RMS level."""
    white = rng.standard_normal(round(seconds * SAMPLE_RATE))
    brown = np.cumsum(white)
    brown -= np.convolve(brown, np.ones(400) / 400, mode="same")  # drop the drift, keep the rumble
    scaled: npt.NDArray[np.float32] = (brown / (np.sqrt(np.mean(brown**2)) + 1e-12) * rms).astype(np.float32)
    return scaled


def build(plan: Plan, rng: np.random.Generator) -> tuple[npt.NDArray[np.float32], dict[str, Any]]:
    """One clip's audio and its truth."""
    speaker = EspeakSpeaker(voice=plan.voice, rate_wpm=plan.rate)
    text = TEXTS[plan.text]
    sentences = re.findall(r"[^.?!]+[.?!]", text)
    parts: list[npt.NDArray[np.float32]] = [np.zeros(round(plan.lead_in * SAMPLE_RATE), np.float32)]
    cursor = plan.lead_in
    segments: list[dict[str, Any]] = []
    pauses: list[dict[str, float]] = []
    silences: list[dict[str, Any]] = []

    def gap(seconds: float) -> None:
        nonlocal cursor
        parts.append(np.zeros(round(seconds * SAMPLE_RATE), np.float32))
        cursor += round(seconds * SAMPLE_RATE) / SAMPLE_RATE

    for index, sentence in enumerate(sentences):
        for number, (kind, piece) in enumerate(_pieces(sentence)):
            if number:
                gap(float(rng.uniform(*FILLER_GAP)))
            audio = trim(speaker.synthesize(piece).samples)
            segments.append({"kind": kind, "text": piece, "start": cursor, "end": cursor + len(audio) / SAMPLE_RATE})
            parts.append(audio)
            cursor += len(audio) / SAMPLE_RATE
        if index == len(sentences) - 1:
            break
        start = cursor
        if index == 1 and plan.silent_stretch:
            gap(plan.silent_stretch)
            silences.append({"start": start, "end": cursor, "kind": "silence"})
        elif index == 1 and plan.noise_stretch:
            noise = _noise(rng, plan.noise_stretch, rms=0.02)
            parts.append(noise)
            cursor += len(noise) / SAMPLE_RATE
            silences.append({"start": start, "end": cursor, "kind": "noise"})
        else:
            gap(plan.pauses.get(index, float(rng.uniform(*SHORT_GAP))))
        if cursor - start >= PAUSE_MIN:
            pauses.append({"start": start, "end": cursor})
    gap(1.0)  # a second of room after the last word, as a recording has
    audio = np.concatenate(parts)
    audio += rng.normal(0.0, FLOOR_RMS, len(audio)).astype(np.float32)
    speech = [s for s in segments if s["kind"] == "speech"]
    truth = {
        "voice": plan.voice,
        "rate_wpm": plan.rate,
        "text": re.sub(r"\{(\w+)\}", r"\1", text),
        "words": words_of(text),
        "segments": segments,
        "pauses": pauses,
        "fillers": [
            {"text": s["text"], "start": s["start"], "end": s["end"]} for s in segments if s["kind"] == "filler"
        ],
        "silences": silences,
        "speech_start": segments[0]["start"],
        "speech_end": speech[-1]["end"],
        "duration": len(audio) / SAMPLE_RATE,
    }
    return np.clip(audio, -1.0, 1.0), truth


def write_wav(path: Path, samples: npt.NDArray[np.float32]) -> None:
    """16-bit mono WAV at SAMPLE_RATE."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes((samples * 32767).astype("<i2").tobytes())


def ensure(out: Path = DEFAULT_OUT, force: bool = False) -> dict[str, Any]:
    """The set's truth, generating the WAV files first when they are missing or stale."""
    # Any change to the texts, the plans or espeak-ng rebuilds the set.
    recipe = hashlib.sha256(repr((VERSION, SEED, TEXTS, PLANS)).encode()).hexdigest()[:16]
    stamp = {"recipe": recipe, "espeak": espeak_version()}
    truth_path = out / "truth.json"
    if truth_path.exists() and not force:
        truth: dict[str, Any] = json.loads(truth_path.read_text(encoding="utf-8"))
        if truth.get("stamp") == stamp and all((out / f"{name}.wav").exists() for name in truth["clips"]):
            return truth
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    clips = {}
    for plan in PLANS:
        audio, clip = build(plan, rng)
        write_wav(out / f"{plan.name}.wav", audio)
        clips[plan.name] = clip
    truth = {"stamp": stamp, "clips": clips}
    truth_path.write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="rebuild even when the set is up to date")
    args = parser.parse_args(argv)
    truth = ensure(args.out, args.force)
    clips = truth["clips"]
    total = sum(c["duration"] for c in clips.values())
    pauses = sum(len(c["pauses"]) for c in clips.values())
    fillers = sum(len(c["fillers"]) for c in clips.values())
    print(f"{len(clips)} clips, {total:.0f} s of audio, {pauses} pauses, {fillers} fillers in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
