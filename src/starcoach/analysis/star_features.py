"""Sentence features for STAR labelling: position, tense, person, discourse markers.

Every feature is a general linguistic signal (is the verb past or conditional, who is the
subject, does the sentence open with a sequencer or an outcome marker), so the weights
learned from labelled answers transfer to answers worded differently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from starcoach.analysis._grammar import (
    FILLER_SOUND_TEXT,
    HABITUAL,
    MODALS_HYPOTHETICAL,
    PRESENT_BE,
    count_past,
    first_person_actions,
    spoken_tokens,
    starts_with,
)
from starcoach.analysis.answer import Answer, QuestionType, Sentence, Token

_SEQUENCERS = frozenset(
    ["first", "firstly", "second", "secondly", "third", "then", "next", "after", "afterwards", "also", "finally"]
)
_OPENERS = frozenset(["so", "well", "okay", "ok", "yeah", "um", "uh", "honestly", "oh", "sure"])
_RESULT_OPENERS = frozenset(["eventually", "ultimately", "overall", "afterwards", "since"])

_PATTERNS: dict[str, re.Pattern[str]] = {
    "time_anchor": re.compile(
        r"\b(last (?:year|month|week|spring|summer|autumn|fall|winter|christmas|december|quarter)|"
        r"(?:a|one|two|three|few|couple of) (?:years?|months?|weeks?) ago|one (?:time|day|evening|morning|night)|"
        r"once|at the time|back when|when i (?:was|worked)|in my (?:first|last|previous|old|current|former) "
        r"(?:job|role|position)|at my (?:last|previous|old|current|first) (?:job|company|role)|"
        r"during|there was (?:this|a|one)|i was working|i worked (?:at|for|in)|at (?:the|a|an|my) [\w-]+ "
        r"(?:company|store|bank|desk|center|centre|hotel|airline|provider|retailer|pharmacy)|"
        r"(?:january|february|march|april|may|june|july|august|september|october|november|december))\b"
    ),
    "scene_subject": re.compile(
        r"^(?:\W*\w+\W+){0,4}?(?:a|an|one|the|this|our|my) (?:customer|caller|client|guest|passenger|"
        r"man|woman|lady|guy|owner|user|patient|member|shopper|buyer|manager|colleague|coworker|teammate|"
        r"system|queue|team|company|crm|website)"
    ),
    "task_marker": re.compile(
        r"\b(my (?:job|goal|task|role|responsibility|priority|aim|objective|focus|challenge) (?:was|is|became)|"
        r"i (?:needed|had|wanted|was asked|was expected|was supposed) to|it was (?:on me|my job|up to me)|"
        r"i was (?:responsible|in charge|the one|tasked)|i owned|i volunteered|i took (?:responsibility|"
        r"ownership|charge)|so my (?:task|job|goal) was|i was one of|i was on the|i needed|my task)\b"
    ),
    "result_marker": re.compile(
        r"\b(as a result|in the end|by the end|ended up|end result|the result|eventually|since then|"
        r"from then on|afterwards|after that day|later (?:that|she|he|they)|(?:months?|weeks?|days?) later|"
        r"the next (?:day|week|month|quarter)|over the (?:next|following)|went (?:up|down) |went from|"
        r"dropped|increased|improved|reduced|cut (?:our|my|the|those)|saved|resolved|fixed|thanked|"
        r"renewed|stayed|calmed down|was happy|were happy|was fine|was okay|satisfied|review|survey|"
        r"csat|nps|rating|rated|i (?:learned|learnt|realised|realized)|what i (?:learned|took)|"
        r"the lesson|taught me|became (?:part|the)|still (?:use|uses|a customer)|never happened again|"
        r"haven't (?:made|had)|got (?:it|them|her|him|their|his) (?:back|sorted|resolved|refund)|"
        r"worked out|it worked|got through|(?:was|were) (?:back|restored|resolved)|on time)\b"
    ),
    "closure": re.compile(
        r"^(?:\W*(?:and|so|then)\W+)?(?:finally|lastly|afterwards|after that|at the end|in the end|either way|"
        r"going forward|from then on|once (?:it|that|they|the|everything)|when (?:it|the \w+|everything) "
        r"(?:came|comes|was|is) (?:back|resolved|fixed|done))\b"
    ),
    "prevention": re.compile(
        r"\b(?:so (?:that )?(?:it|this|that|the same thing) (?:doesn't|does not|didn't|won't|wouldn't) happen "
        r"again|so the next (?:person|agent|shift|one|time)|next time|again|going forward|in future|"
        r"from now on|became (?:part|the standard)|standard|for every (?:new|future))\b"
    ),
    "outcome_verb": re.compile(
        r"\b(?:reached|cleared|finished|completed|landed|went out|came back|upgraded|switched|rated|"
        r"getting better|got better|went down|went up|renewed|kept (?:her|his|their) (?:plan|account|business)|"
        r"thanked|happy|relieved|calmed|stayed on|signed|recommended|praised|promoted|mentioned me)\b"
    ),
    "reaction": re.compile(
        r"\b(?:(?:he|she|they|the customer|the caller) (?:said|told me|wrote|replied|emailed|called back|left)|"
        r"told me (?:later|afterwards)|(?:left|wrote|gave) (?:a|us a|me a) (?:review|rating|note|comment))\b"
    ),
    "outcome_subject": re.compile(r"^(?:\W*\w+\W+){0,2}?(?:she|he|they|the customer|the caller|everyone|all)\b"),
    "opinion": re.compile(
        r"\b(i think|i believe|i guess|to me|for me|in my opinion|i feel|i'd say|i would say|"
        r"i'm (?:a|an|really|very|good|great|pretty)|i am (?:a|an|really|very)|i like|i love|i enjoy|"
        r"that's (?:just|really|the)|it's (?:all|about|important)|is (?:the|about|when|what|important)|"
        r"you (?:have|can't|need|want|should)|people (?:who|are|just)|customers (?:are|want|hate|just))\b"
    ),
    "meta_opener": re.compile(
        r"^(?:\W*)(good|great|that's a (?:good|great|tricky|hard)|thanks|thank you|sure|okay|ok|so,? um|"
        r"let me|can i|may i|honestly|yes|no,|um|uh|well)\b"
    ),
    "conditional": re.compile(r"\b(i'd|i would|i'll|i will|we'd|would|if (?:they|the|a|it|i|my|there))\b"),
    "we_subject": re.compile(r"\b(we|our team|the team|everybody|everyone)\b"),
    "quote": re.compile(r"[\"\u201c]"),
    "number": re.compile(r"\d|\b(?:two|three|four|five|six|ten|twenty|thirty|hundred|percent)\b"),
    "because": re.compile(r"\b(because|so that|since|which meant)\b"),
    "lesson_present": re.compile(r"\b(now i|these days|ever since|i still|i always (?:now|make)|since then)\b"),
}


def _position_features(index: int, total: int) -> dict[str, float]:
    features: dict[str, float] = {}
    if index == 0:
        features["pos:first"] = 1.0
    if index == total - 1:
        features["pos:last"] = 1.0
    if index == 1:
        features["pos:second"] = 1.0
    relative = index / max(total - 1, 1)
    features[f"pos:third{min(int(relative * 3), 2)}"] = 1.0
    if total <= 2:
        features["answer:short"] = 1.0
    return features


def _tense_features(tokens: Sequence[Token], lowered: str) -> dict[str, float]:
    features: dict[str, float] = {}
    words = [t for t in tokens if t.is_word]
    past = count_past(words)
    if past:
        features["tense:past"] = 1.0
        features["tense:past_many"] = 1.0 if past >= 3 else 0.0
    if _conditional(words):
        features["tense:conditional"] = 1.0
    if any(t.lower in PRESENT_BE for t in words) or re.search(r"\b(i'm|it's|that's|you're|they're)\b", lowered):
        features["tense:present_be"] = 1.0
    if any(t.lower in HABITUAL for t in words):
        features["habitual"] = 1.0
    if not past and "tense:conditional" not in features:
        features["tense:no_past_no_cond"] = 1.0
    return features


def _conditional(words: Sequence[Token]) -> bool:
    """'I would check' or 'I'd check' is conditional; 'I'd cleared' is a past perfect."""
    for i, token in enumerate(words):
        if token.lower in MODALS_HYPOTHETICAL:
            following = words[i + 1] if i + 1 < len(words) else None
            if token.lower.endswith("'d") and following is not None and count_past([following]):
                continue
            return True
    return False


def _subject_features(tokens: Sequence[Token], lowered: str) -> dict[str, float]:
    features: dict[str, float] = {}
    words = [t for t in tokens if t.is_word]
    actions = first_person_actions(words)
    if actions:
        features["i:action"] = 1.0
        if any(count_past([verb]) for _, verb in actions):
            features["i:past_action"] = 1.0
        if len(actions) >= 2:
            features["i:actions_many"] = 1.0
    if words and words[0].lower in ("i", "i'd", "i've"):
        features["i:starts"] = 1.0
    if starts_with(tokens, _SEQUENCERS, within=2):
        features["opens:sequencer"] = 1.0
    if starts_with(tokens, _OPENERS, within=1):
        features["opens:discourse"] = 1.0
    if starts_with(tokens, _RESULT_OPENERS, within=2):
        features["opens:result"] = 1.0
    if " i " not in f" {lowered} " and not actions:
        features["i:absent"] = 1.0
    return features


def sentence_features(answer: Answer, sentence: Sentence) -> dict[str, float]:
    """Features of one sentence, in the context of its answer and question."""
    # Hesitations left out, so "my um, job was to" still reads as a task.
    raw = answer.lower[sentence.start : sentence.end]
    tokens = spoken_tokens(answer.sentence_tokens(sentence), raw, sentence.start)
    lowered = FILLER_SOUND_TEXT.sub("", raw)
    features: dict[str, float] = {"bias": 1.0}
    features.update(_position_features(sentence.index, len(answer.sentences)))
    features.update(_tense_features(tokens, lowered))
    features.update(_subject_features(tokens, lowered))
    for name, pattern in _PATTERNS.items():
        if pattern.search(lowered):
            features[f"cue:{name}"] = 1.0
    qtype = answer.question_type
    features[f"q:{qtype.value}"] = 1.0
    # Tense means different things by question type: a conditional is an action in a
    # situational answer but theory in a behavioral one.
    for key in ("tense:past", "tense:conditional", "i:action", "tense:no_past_no_cond", "cue:opinion"):
        if key in features:
            features[f"{key}&{_qgroup(qtype)}"] = 1.0
    # How a story ends: the closing sentence that follows up, prevents a repeat, or reports
    # the customer's reaction is the result, even when it is phrased as "I'd".
    if "pos:last" in features:
        features[f"pos:last&{_qgroup(qtype)}"] = 1.0
        if len(answer.sentences) >= 5:
            features[f"pos:last&long&{_qgroup(qtype)}"] = 1.0
        for key in ("cue:closure", "cue:prevention", "cue:outcome_verb", "cue:result_marker", "cue:reaction"):
            if key in features:
                features[f"{key}&pos:last"] = 1.0
    word_count = sum(1 for t in tokens if t.is_word)
    features["len:short"] = 1.0 if word_count < 8 else 0.0
    features["len:long"] = 1.0 if word_count > 30 else 0.0
    return {k: v for k, v in features.items() if v}


def _qgroup(qtype: QuestionType) -> str:
    if qtype is QuestionType.SITUATIONAL:
        return "sit"
    if qtype is QuestionType.BEHAVIORAL:
        return "beh"
    return "other"
