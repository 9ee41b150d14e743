"""The built-in analyzers, registered through the same hook plugins use."""

from __future__ import annotations

from collections.abc import Callable

from starcoach.analysis.registry import AnalyzerSpec


def register_analyzers(register: Callable[[AnalyzerSpec], None]) -> None:
    """Register every built-in analyzer, in an order that satisfies what each reads."""
    from starcoach.analysis import language, learned
    from starcoach.analysis.analyzers import (
        blame,
        empathy,
        fillers,
        hedging,
        listening,
        overconfidence,
        ownership,
        questions_asked,
        rambling,
        signposting,
        specificity,
        star,
        theoretical,
        tone,
        tools,
    )

    for spec in (
        learned.provide_models,
        language.analyze_language,
        star.analyze_star,
        specificity.analyze_specificity,
        fillers.analyze_fillers,
        hedging.analyze_hedging,
        signposting.analyze_signposting,
        tools.analyze_tools,
        empathy.analyze_empathy,
        listening.analyze_listening,
        ownership.analyze_ownership,
        blame.analyze_blame,
        theoretical.analyze_theoretical,
        overconfidence.analyze_overconfidence,
        rambling.analyze_rambling,
        questions_asked.analyze_questions_asked,
        tone.analyze_tone,
    ):
        register(spec)
