from starcoach.analysis.answer import build_answer
from starcoach.analysis.registry import default_pipeline
from starcoach.analysis.signals import Signals


def signals(text: str, question: str | None = None) -> Signals:
    """Run every registered analyzer on one answer."""
    answer = build_answer(text, question)
    return Signals.from_results(answer, default_pipeline().run(answer))


def words(s: Signals, spans: object) -> list[str]:
    """The text of each span, lower-cased."""
    return [s.answer.text[x.start : x.end].lower() for x in spans]  # type: ignore[attr-defined]
