"""Properties that hold for any text at all."""

from hypothesis import given, settings
from hypothesis import strategies as st

from starcoach import UserInputError, analyze

_WORDS = [
    "I",
    "called",
    "um",
    "like",
    ",",
    ".",
    "?",
    '"',
    "we",
    "90%",
    "\u201c",
    "'d",
    " ",
    "\n",
    "anyway",
    "the",
    "customer",
    "was",
    "angry",
    "refunded",
    "it",
    "so",
]
_any_text = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=400)
    | st.lists(st.sampled_from(_WORDS), max_size=80).map(" ".join)
    # The same sentence said again and again: repetition must be handled too.
    | st.tuples(st.lists(st.sampled_from(_WORDS), min_size=5, max_size=20).map(" ".join), st.integers(2, 8)).map(
        lambda pair: " ".join([pair[0]] * pair[1])
    )
)


@settings(max_examples=200, deadline=None)
@given(_any_text, st.one_of(st.none(), st.text(max_size=60)))
def test_analyze_never_crashes_and_every_offset_points_inside_the_text(text: str, question: str | None) -> None:
    try:
        report = analyze(text, question)
    except UserInputError:
        return
    n = len(text)
    for sentence in report.sentences:
        assert 0 <= sentence.start <= sentence.end <= n
        assert text[sentence.start : sentence.end] == sentence.text
    spans = [e for item in report.feedback for e in item.evidence]
    spans += [e for f in report.findings for e in f.evidence]
    spans += [e for reasons in report.competency_evidence.values() for r in reasons for e in r.evidence]
    for span in spans:
        assert 0 <= span.start <= span.end <= n
        assert text[span.start : span.end] == span.text
    assert 0 <= report.score <= 100
