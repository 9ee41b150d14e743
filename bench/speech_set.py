"""Generate the speech benchmark set: spoken answers built from known text, so every figure has ground truth.

    PYTHONPATH=src python bench/speech_set.py [--out DIR] [--force]

Each clip is a customer-service answer assembled piece by piece, so the truth is known to the
sample: a leading silence of known length (time to first word), silences of known length between
sentences (pauses, many just above the 0.7 s line, and gaps just under it that are not pauses),
and disfluencies said as real speech: hesitations ("um", "uh", "er", "erm") said slowly, as people
draw them out, discourse fillers ("like", "you know") said in the flow of the sentence, repetitions
and false starts written into the text, and "like" / "kind of" in uses that are not fillers (the
verb, the comparison, the hedge "kind of worried"). Writes 16 kHz WAV files (8 kHz for the
telephone clips) and truth.json.

Two splits, by voice:
- ``dev``: espeak-ng voices en-us, en-gb, en-gb-x-rp, en+f3, en+f4, en-us+m3 and the texts below
  marked dev. Tuning looks at these only.
- ``held``: another engine (flite: kal16, awb, rms, slt), espeak-ng voices and variants that dev
  never uses (en-gb-scotland, en-029, en-us-nyc, en-gb-x-gbclan, en-gb-x-gbcwmd, +m7, +f2, klatt),
  other speeds and pitches, and texts written apart from the dev ones. Reported, never tuned on.
- ``fresh``: written after the held split had been reported once and its failures read (so held is
  no longer untouched): more espeak-ng variants (+Annie, +Andy, +david, +steph, +klatt3, +m2), flite
  at other speeds and pitches, and new texts. Reported, never tuned on.

Room reverberation and a telephone band (sox) and background noise appear in both splits, at
different settings. Deterministic: fixed texts, a seeded generator, and the engines' own
deterministic output; the set is rebuilt only when this recipe or an engine's version changes.
Needs espeak-ng, flite and sox (Debian packages of those names).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from starcoach.speech.types import SAMPLE_RATE

VERSION = 4
SEED = 20261207
DEFAULT_OUT = Path(__file__).resolve().parent / ".cache" / "speech"
PAUSE_MIN = 0.7
# Gaps that are not pauses: between sentences 0.25-0.45 s; around a hesitation or a discourse filler less.
SHORT_GAP = (0.25, 0.45)
HESITATION_GAP = (0.10, 0.25)
FLOW_GAP = (0.04, 0.12)
# Hesitations are drawn out: said at this fraction of the voice's rate (espeak) or stretched (flite).
HESITATION_SLOWDOWN = 0.55
HESITATIONS = ("um", "uh", "er", "erm")
DISCOURSE = ("like", "you know")
# Below this a 10 ms frame counts as silence when trimming an engine's own lead-in and tail.
TRIM_DBFS = -45.0
# Everything gets a faint noise floor: pure digital zeros never happen in a real recording.
FLOOR_RMS = 3e-4
PROGRAMS = ("espeak-ng", "flite", "sox")

# Fillers are written inline in braces: {um} {uh} {er} {erm} {like} {you know}. Everything else is
# words said, fillers or not: repetitions ("I I"), false starts, "like" the verb, "kind of" the hedge.
TEXTS: dict[str, str] = {
    # --- dev texts ---
    "refund": (
        "A customer called because she had been charged twice for the same order. "
        "She was upset, so I told her I understood how frustrating that was. "
        "I {um} checked the payment history while she stayed on the line. "
        "Then I refunded the duplicate charge and {like} emailed her the confirmation. "
        "She thanked me and stayed with us for another year."
    ),
    "delivery": (
        "Our biggest client had a delivery that was three days late. "
        "I {uh} called the warehouse and found the parcel had been sent to the wrong depot. "
        "I arranged a, I arranged a courier for the next morning at no cost to the client. "
        "After that I added a tracking check to our daily routine. "
        "The client renewed their contract and {erm} asked for me by name the next time."
    ),
    "queue": (
        "During the holiday rush our queue grew to {like} forty waiting chats. "
        "I sorted them by urgency and answered the simple questions with saved replies. "
        "{um} That freed me to spend real time on the complicated cases. "
        "By the end of the shift the queue was empty and our satisfaction score stayed at ninety two percent."
    ),
    "angry": (
        "A man came to the desk shouting about a broken laptop. "
        "I let him finish and then repeated his problem back to him. "
        "I {er} could see he needed it for work the next day, {you know}. "
        "So I lent him a replacement while we repaired his own. "
        "He came back a week later to thank the whole team."
    ),
    "policy": (
        "A customer wanted a refund outside our thirty day window. "
        "I explained the policy kindly and without blaming her. "
        "I was kind of worried she would leave, so I offered store credit with free shipping. "
        "She {uh} accepted, and she left a five star review. "
        "I shared the idea with my team, and store credit became our usual offer in those cases."
    ),
    "escalation": (
        "I once had a billing problem that I could not solve on my own. "
        "I {um} wrote a clear summary for the second line team so the customer would not repeat himself. "
        "I promised to call him back by five o clock, and I did. "
        "The issue was fixed within two days. "
        "He later told my manager that he felt {erm} listened to for the first time."
    ),
    "mistake": (
        "I once gave a customer the wrong opening hours. "
        "When I noticed, I I called her straight away and apologised. "
        "{er} I also asked my manager to correct the page on our website. "
        "Nobody else was sent to a closed shop after that. "
        "It taught me to check the details before I answer, even when I am sure."
    ),
    "tools": (
        "In my last job we used Zendesk for tickets and Slack for quick questions. "
        "I like building things, so I made a set of macros for the ten most common requests. "
        "Our first reply time dropped from four hours to forty minutes. "
        "New colleagues {um} still use those macros today. "
        "I also kept a short list of known problems, so nobody had to search for the same answer twice."
    ),
    "teamwork": (
        "A colleague was overwhelmed with returns after a product recall. "
        "I offered to take the phone calls so she could focus on the paperwork. "
        "We {uh} met every hour, {you know}, to share what customers were asking. "
        "It felt like a relay race, and we cleared the backlog in three days instead of a week."
    ),
    "feedback": (
        "My team leader told me my calls were running too long. "
        "I listened to three of my own recordings and noticed I repeated myself. "
        "I {erm} started summarising the solution once, at the end of each call. "
        "My average call time fell by {like} two minutes and my scores stayed high."
    ),
    # --- held texts: written apart from the dev ones, never read while tuning ---
    "outage": (
        "Last winter our payment system went down on a Monday morning. "
        "Customers {um} could not check out, and the phones did not stop ringing. "
        "I posted a short status note and read it to every caller, {you know}, word for word. "
        "When the system came back I called the people who had left messages. "
        "Most of them {uh} thanked us for keeping them informed."
    ),
    "subscription": (
        "A student wrote in because his subscription had renewed without warning. "
        "He was kind of embarrassed to ask for the money back. "
        "I {er} told him that it happens a lot and that it was not his fault. "
        "I cancelled the renewal and refunded him the same day. "
        "Then I suggested we send a reminder a week before every renewal, and {erm} we do now."
    ),
    "handover": (
        "On my first week I took over a case that had been open for a month. "
        "I read the whole history before I called the customer. "
        "She was, {like}, ready to cancel her account. "
        "I {um} apologised for the delay and gave her my direct number. "
        "We solved it in two calls, and she is still a customer."
    ),
    "language": (
        "An older customer phoned about a bill he could not understand. "
        "I went through it with him line by line, slowly. "
        "He said it was like reading a foreign language. "
        "So I {uh} sent him a simpler summary by post, and I I flagged the layout for our design team. "
        "The new bill is {like} half as long."
    ),
    "shipping": (
        "A shop owner ordered two hundred mugs and received plates. "
        "I {erm} checked the warehouse photos and found the labels had been swapped. "
        "What kind of fix would help her most, I asked. "
        "She needed the mugs by Friday, so we sent them, we sent them by express at our cost. "
        "She {um} ordered again the next month."
    ),
    "training": (
        "Our team got a new ticketing tool with almost no training. "
        "I {er} spent a weekend learning the shortcuts and the reporting screens. "
        "Then I wrote a one page guide, {you know}, with pictures. "
        "Within a month our tickets were closed a day faster on average. "
        "My manager {uh} asked me to train the next group of new hires."
    ),
    "complaint": (
        "A customer left an angry review about a rude agent on our team. "
        "I called her to listen to the whole story before saying anything. "
        "I {um} agreed that the tone was wrong and apologised. "
        "I like to follow up, so I checked in a week later and she had updated the review. "
        "We also added tone coaching to our weekly meetings."
    ),
    "backlog": (
        "After a software update we had {like} three hundred open tickets. "
        "I grouped them by the error message, which showed most had the same cause. "
        "I {erm} wrote one clear answer and sent it to each group with a personal line. "
        "The backlog was gone in two days, {you know}, instead of two weeks."
    ),
    # --- fresh texts: written after the held split had been reported once, for a second, untouched check ---
    "roaming": (
        "A traveller called from an airport because her phone had stopped working abroad. "
        "I {um} checked her plan and saw that roaming had never been switched on. "
        "I turned it on while she waited, and we tested it with a short call. "
        "She had missed a message from her hotel, {you know}, so I sent her the number by text. "
        "Later she {uh} wrote to say the trip went well."
    ),
    "recall": (
        "We had to recall a batch of kettles because of a faulty switch. "
        "I {er} wrote a short script for the team so every caller heard the same steps. "
        "Customers were worried, and some were, {like}, angry about the wait. "
        "I offered a refund or a faster replacement, whichever they preferred. "
        "In the end we {erm} kept almost all of them as customers."
    ),
    "migration": (
        "When we moved to a new help desk, old tickets lost their tags. "
        "I was kind of nervous that urgent cases would slip through. "
        "So I {um} built a saved search for anything older than a day. "
        "I checked it every morning and {like} cleared it before lunch. "
        "Nothing urgent was missed during the move, and {uh} the search is still in use."
    ),
    "warranty": (
        "A man brought in a watch that had stopped a week after the warranty ended. "
        "I {erm} asked our repair team what the fault was. "
        "It was a known problem with that model, {you know}, not something he had caused. "
        "I convinced my manager to repair it for free. "
        "He told his friends, and two of them bought watches from us {um} that month."
    ),
    "night": (
        "I often worked the night shift, when only two of us answered the phones. "
        "One night a hospital called about a {er} broken booking system. "
        "I stayed on the line and walked their admin through a reset, step by step. "
        "It took {like} forty minutes, but the system was back before the morning rush. "
        "What kind of thanks I got was a letter to my manager."
    ),
}


@dataclass(frozen=True)
class Plan:
    """How one clip is read: which split, answer, engine and voice, and where the pauses go."""

    name: str
    split: str  # "dev" or "held"
    text: str
    engine: str  # "espeak" or "flite"
    voice: str
    rate: int  # espeak words a minute; for flite, 100 x its duration stretch
    lead_in: float
    pauses: dict[int, float]  # sentence index (the gap after it) -> silence in seconds
    pitch: int = 50  # espeak -p (0-99), or flite's mean F0 in Hz when not 50
    effect: str = ""  # "", "reverb", "telephone" or "noise"
    silent_stretch: float = 0.0  # an extra silence inserted after sentence 1 (no noise)
    noise_stretch: float = 0.0  # an extra stretch of background noise without speech, after sentence 1


PLANS: tuple[Plan, ...] = (
    # dev: the voices tuning may look at. Pauses of 0.72-0.80 s sit just above the line; 0.60-0.65 s just under.
    Plan("refund-us-160", "dev", "refund", "espeak", "en-us", 160, 1.2, {0: 1.0, 2: 0.74, 3: 0.62}),
    Plan("refund-f3-140", "dev", "refund", "espeak", "en+f3", 140, 3.0, {1: 0.8, 3: 0.72}, effect="reverb"),
    Plan("delivery-gb-175", "dev", "delivery", "espeak", "en-gb", 175, 0.5, {1: 1.5, 3: 0.73}),
    Plan("delivery-m3-150", "dev", "delivery", "espeak", "en-us+m3", 150, 2.0, {0: 2.6, 2: 0.9, 3: 0.64}),
    Plan("queue-rp-165", "dev", "queue", "espeak", "en-gb-x-rp", 165, 0.8, {0: 1.2, 2: 0.75}),
    Plan("queue-f4-185", "dev", "queue", "espeak", "en+f4", 185, 4.0, {1: 3.0, 2: 0.71}, effect="telephone"),
    Plan("angry-us-130", "dev", "angry", "espeak", "en-us", 130, 1.5, {0: 0.7, 3: 1.8, 1: 0.76}),
    Plan("angry-gb-190", "dev", "angry", "espeak", "en-gb", 190, 2.0, {0: 1.2, 2: 1.1, 3: 0.61}),
    Plan("policy-f3-170", "dev", "policy", "espeak", "en+f3", 170, 2.5, {0: 1.4, 2: 2.2, 3: 0.78}, pitch=70),
    Plan("escalation-m3-180", "dev", "escalation", "espeak", "en-us+m3", 180, 1.0, {1: 0.85, 3: 0.72}),
    Plan("mistake-rp-145", "dev", "mistake", "espeak", "en-gb-x-rp", 145, 3.5, {0: 1.6, 2: 1.0, 3: 0.73}),
    Plan("tools-us-155", "dev", "tools", "espeak", "en-us", 155, 0.7, {2: 2.8, 0: 0.77}, effect="noise"),
    Plan("teamwork-f4-135", "dev", "teamwork", "espeak", "en+f4", 135, 1.8, {0: 0.95, 1: 1.3, 2: 0.63}),
    Plan("feedback-gb-160", "dev", "feedback", "espeak", "en-gb", 160, 2.2, {2: 1.7, 0: 0.74}, pitch=30),
    # A long silent stretch: the recogniser must not invent words there.
    Plan("silence-us-160", "dev", "tools", "espeak", "en-us", 160, 1.0, {3: 0.75}, silent_stretch=8.0),
    # Background noise while nobody speaks: no words should come out of it either.
    Plan("noise-f3-150", "dev", "mistake", "espeak", "en+f3", 150, 1.0, {2: 0.8}, noise_stretch=6.0),
    # held: another engine, other voices, other texts; reported once, never tuned on.
    Plan("outage-kal-100", "held", "outage", "flite", "kal16", 100, 1.4, {0: 0.73, 2: 1.6, 3: 0.62}),
    Plan("subscription-slt-110", "held", "subscription", "flite", "slt", 110, 2.3, {1: 0.76, 3: 1.2}),
    Plan("handover-awb-95", "held", "handover", "flite", "awb", 95, 0.9, {0: 2.1, 3: 0.72}, effect="reverb"),
    Plan("language-rms-105", "held", "language", "flite", "rms", 105, 3.2, {1: 0.74, 3: 0.64, 0: 1.0}),
    Plan("shipping-slt-90", "held", "shipping", "flite", "slt", 90, 1.1, {0: 0.78, 3: 2.4}, effect="telephone"),
    Plan("training-kal-115", "held", "training", "flite", "kal16", 115, 2.6, {1: 0.71, 2: 0.9}, pitch=130),
    Plan("complaint-sc-150", "held", "complaint", "espeak", "en-gb-scotland", 150, 1.7, {0: 0.75, 2: 1.4, 3: 0.63}),
    Plan("backlog-029-170", "held", "backlog", "espeak", "en-029", 170, 0.8, {0: 0.72, 1: 2.0}),
    Plan("outage-nyc-140", "held", "outage", "espeak", "en-us-nyc", 140, 2.9, {1: 0.77, 3: 0.73}, effect="noise"),
    Plan("handover-clan-180", "held", "handover", "espeak", "en-gb-x-gbclan", 180, 1.3, {1: 1.1, 2: 0.74}),
    Plan("language-cwmd-125", "held", "language", "espeak", "en-gb-x-gbcwmd", 125, 2.0, {0: 0.71, 2: 1.8}),
    Plan("shipping-m7-160", "held", "shipping", "espeak", "en+m7", 160, 1.5, {1: 0.76, 2: 0.61}, pitch=35),
    Plan("training-f2-190", "held", "training", "espeak", "en-us+f2", 190, 0.6, {0: 1.3, 3: 0.72}, effect="reverb"),
    Plan("complaint-klatt-135", "held", "complaint", "espeak", "en+klatt", 135, 3.6, {1: 0.8, 3: 0.74}),
    Plan("backlog-f5-145", "held", "backlog", "espeak", "en-us+f5", 145, 1.0, {0: 0.79, 2: 0.73}, effect="telephone"),
    Plan("subscription-rob-165", "held", "subscription", "espeak", "en+Robert", 165, 2.2, {0: 0.73, 2: 1.5}),
    # fresh: voices and texts nothing was tuned or looked at on, for a check after the held split was reported.
    Plan("roaming-annie-150", "fresh", "roaming", "espeak", "en-gb+Annie", 150, 1.6, {0: 0.74, 2: 1.3}),
    Plan("recall-andy-170", "fresh", "recall", "espeak", "en-us+Andy", 170, 0.9, {1: 0.72, 3: 0.62}),
    Plan("migration-david-140", "fresh", "migration", "espeak", "en+david", 140, 2.4, {0: 1.1, 2: 0.76}),
    Plan("warranty-steph-160", "fresh", "warranty", "espeak", "en-gb-x-rp+steph", 160, 1.2, {1: 0.73}, effect="reverb"),
    Plan("night-kal-105", "fresh", "night", "flite", "kal16", 105, 2.0, {0: 0.75, 2: 0.64, 3: 1.7}, pitch=95),
    Plan("roaming-rms-90", "fresh", "roaming", "flite", "rms", 90, 1.3, {1: 0.71, 3: 0.9}, effect="telephone"),
    Plan("recall-slt-120", "fresh", "recall", "flite", "slt", 120, 0.8, {0: 0.78, 2: 1.2}, pitch=210),
    Plan("migration-awb-100", "fresh", "migration", "flite", "awb", 100, 3.0, {1: 0.74, 3: 0.61}, effect="noise"),
    Plan("warranty-klatt3-135", "fresh", "warranty", "espeak", "en-us+klatt3", 135, 1.9, {0: 0.77, 2: 1.0}),
    Plan("night-m2-185", "fresh", "night", "espeak", "en-029+m2", 185, 1.0, {1: 0.72, 2: 2.2}),
)


def versions() -> dict[str, str]:
    """Each engine's version line: the set depends on them."""
    found = {}
    for program, flag in (("espeak-ng", "--version"), ("flite", "--version"), ("sox", "--version")):
        done = subprocess.run([program, flag], capture_output=True, text=True, check=False)
        found[program] = (done.stdout or done.stderr).strip().splitlines()[0] if done.stdout or done.stderr else ""
    return found


def words_of(text: str) -> list[str]:
    """The reference words: lower case, punctuation dropped, fillers removed."""
    plain = re.sub(r"\{[\w ]+\}", " ", text)
    return re.findall(r"[a-z0-9']+", plain.lower())


def trim(samples: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The audio between the first and last frame louder than TRIM_DBFS (the engines pad both ends)."""
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
    for part in re.split(r"(\{[\w ]+\})", sentence):
        if part.startswith("{"):
            pieces.append(("filler", part.strip("{}")))
        elif part.strip(" ,"):
            pieces.append(("speech", part.strip(" ,")))
    return pieces


def _read_wav(data: bytes) -> npt.NDArray[np.float32]:
    """A WAV file's samples as float32 at SAMPLE_RATE (linear interpolation when the rate differs)."""
    import io

    with wave.open(io.BytesIO(data)) as reader:
        rate = reader.getframerate()
        pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
        if reader.getnchannels() > 1:
            pcm = pcm.reshape(-1, reader.getnchannels()).mean(axis=1)
    if rate == SAMPLE_RATE:
        return pcm.astype(np.float32)
    count = int(len(pcm) * SAMPLE_RATE / rate)
    return np.interp(np.arange(count) * rate / SAMPLE_RATE, np.arange(len(pcm)), pcm).astype(np.float32)


def synthesize(plan: Plan, text: str, slow: float = 1.0) -> npt.NDArray[np.float32]:
    """``text`` said by the plan's engine and voice; ``slow`` < 1 draws it out (hesitations)."""
    if plan.engine == "espeak":
        command = ["espeak-ng", "--stdout", "--stdin", "-v", plan.voice, "-s", str(round(plan.rate * slow))]
        command += ["-p", str(plan.pitch)]
        done = subprocess.run(command, input=text.encode(), capture_output=True, check=True)
        return _read_wav(done.stdout)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.wav"
        command = ["flite", "-voice", plan.voice, "--setf", f"duration_stretch={plan.rate / 100 / slow:.3f}"]
        if plan.pitch != 50:
            command += ["--setf", f"int_f0_target_mean={plan.pitch}"]
        subprocess.run([*command, "-t", text, "-o", str(out)], capture_output=True, check=True)
        return _read_wav(out.read_bytes())


def _noise(rng: np.random.Generator, seconds: float, rms: float) -> npt.NDArray[np.float32]:
    """Brown-ish background noise (a fan, a street) at the given RMS level."""
    white = rng.standard_normal(round(seconds * SAMPLE_RATE))
    brown = np.cumsum(white)
    brown -= np.convolve(brown, np.ones(400) / 400, mode="same")  # drop the drift, keep the rumble
    scaled: npt.NDArray[np.float32] = (brown / (np.sqrt(np.mean(brown**2)) + 1e-12) * rms).astype(np.float32)
    return scaled


def _sox(samples: npt.NDArray[np.float32], rate_out: int, *effect: str) -> npt.NDArray[np.float32]:
    """``samples`` through a sox effect chain, written at ``rate_out`` and read back at that rate."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.wav", Path(folder) / "out.wav"
        write_wav(source, samples, SAMPLE_RATE)
        # -D: no dither, which is random and would make the set differ from one build to the next.
        command = ["sox", "-D", str(source), "-r", str(rate_out), str(target), *effect]
        subprocess.run(command, check=True, capture_output=True)
        with wave.open(str(target)) as reader:
            pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
    return pcm


def apply_effect(plan: Plan, audio: npt.NDArray[np.float32], rng: np.random.Generator) -> tuple[Any, int]:
    """The clip as recorded: in a room, down a telephone line, or over background noise; and its sample rate."""
    if plan.effect == "reverb":
        # A small furnished room; the tail is cut at the clip's length. Different rooms for dev and held.
        room = ("40", "50", "40") if plan.split == "dev" else ("55", "40", "60")
        wet = _sox(audio, SAMPLE_RATE, "reverb", *room)
        return wet[: len(audio)], SAMPLE_RATE
    if plan.effect == "telephone":
        # The 300-3400 Hz band at 8 kHz, then mild companding, as a phone line delivers it.
        band = _sox(audio, 8000, "sinc", "300-3400", "compand", "0.02,0.2", "-60,-60,-30,-15,0,-8", "-3")
        return band, 8000
    if plan.effect == "noise":
        level = 0.008 if plan.split == "dev" else 0.012
        return audio + _noise(rng, len(audio) / SAMPLE_RATE, level)[: len(audio)], SAMPLE_RATE
    return audio, SAMPLE_RATE


def build(plan: Plan, rng: np.random.Generator) -> tuple[npt.NDArray[np.float32], int, dict[str, Any]]:
    """One clip's audio, its sample rate, and its truth."""
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
        previous = ""
        for number, (kind, piece) in enumerate(_pieces(sentence)):
            hesitation = kind == "filler" and piece in HESITATIONS
            if number:
                near_hesitation = hesitation or previous in HESITATIONS
                gap(float(rng.uniform(*(HESITATION_GAP if near_hesitation else FLOW_GAP))))
            audio = trim(synthesize(plan, piece, HESITATION_SLOWDOWN if hesitation else 1.0))
            segments.append({"kind": kind, "text": piece, "start": cursor, "end": cursor + len(audio) / SAMPLE_RATE})
            parts.append(audio)
            cursor += len(audio) / SAMPLE_RATE
            previous = piece if kind == "filler" else ""
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
    audio, rate = apply_effect(plan, audio, rng)
    audio = audio + rng.normal(0.0, FLOOR_RMS, len(audio)).astype(np.float32)
    speech = [s for s in segments if s["kind"] == "speech"]
    truth = {
        "split": plan.split,
        "engine": plan.engine,
        "voice": plan.voice,
        "rate": plan.rate,
        "effect": plan.effect,
        "text": re.sub(r"\{([\w ]+)\}", r"\1", text),
        "words": words_of(text),
        "segments": segments,
        "pauses": pauses,
        "fillers": [
            {"text": s["text"], "start": s["start"], "end": s["end"]} for s in segments if s["kind"] == "filler"
        ],
        "silences": silences,
        "speech_start": segments[0]["start"],
        "speech_end": max(s["end"] for s in segments),
        "first_speech": speech[0]["start"],
        "duration": len(audio) / rate,
    }
    return np.clip(audio, -1.0, 1.0), rate, truth


def write_wav(path: Path, samples: npt.NDArray[np.float32], rate: int = SAMPLE_RATE) -> None:
    """16-bit mono WAV."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes((np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes())


def missing_programs() -> list[str]:
    """The programs the set needs that are not installed."""
    return [program for program in PROGRAMS if shutil.which(program) is None]


def ensure(out: Path = DEFAULT_OUT, force: bool = False) -> dict[str, Any]:
    """The set's truth, generating the WAV files first when they are missing or stale."""
    missing = missing_programs()
    if missing:
        raise SystemExit(f"bench/speech_set.py needs {', '.join(missing)}: apt-get install {' '.join(missing)}")
    # Any change to the texts, the plans or an engine rebuilds the set.
    recipe = hashlib.sha256(repr((VERSION, SEED, TEXTS, PLANS)).encode()).hexdigest()[:16]
    stamp = {"recipe": recipe, "engines": versions()}
    truth_path = out / "truth.json"
    if truth_path.exists() and not force:
        truth: dict[str, Any] = json.loads(truth_path.read_text(encoding="utf-8"))
        if truth.get("stamp") == stamp and all((out / f"{name}.wav").exists() for name in truth["clips"]):
            return truth
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    clips = {}
    for plan in PLANS:
        audio, rate, clip = build(plan, rng)
        write_wav(out / f"{plan.name}.wav", audio, rate)
        clips[plan.name] = clip
    truth = {"stamp": stamp, "clips": clips}
    truth_path.write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth


SPLITS = ("dev", "held", "fresh")


def clips_of(truth: dict[str, Any], split: str) -> dict[str, Any]:
    """The clips of one split ("dev", "held" or "fresh")."""
    return {name: clip for name, clip in truth["clips"].items() if clip["split"] == split}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="rebuild even when the set is up to date")
    args = parser.parse_args(argv)
    truth = ensure(args.out, args.force)
    for split in SPLITS:
        clips = clips_of(truth, split)
        total = sum(c["duration"] for c in clips.values())
        pauses = sum(len(c["pauses"]) for c in clips.values())
        near = sum(1 for c in clips.values() for p in c["pauses"] if p["end"] - p["start"] < 0.8)
        fillers = sum(len(c["fillers"]) for c in clips.values())
        voices = sorted({f"{c['engine']}:{c['voice']}" for c in clips.values()})
        print(
            f"{split}: {len(clips)} clips, {total:.0f} s, {pauses} pauses ({near} under 0.8 s), "
            f"{fillers} fillers, voices {', '.join(voices)}"
        )
    print(f"in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
