"""tools.v1: support software and working methods the candidate names."""

from __future__ import annotations

from dataclasses import dataclass

from starcoach.analysis._match import find
from starcoach.analysis.answer import Answer, Span
from starcoach.analysis.registry import Results, analyzer
from starcoach.content.loader import load_lexicons

# Short product names that are also ordinary words count only when capitalised.
_NEEDS_CAPITAL = frozenset({"front", "drift", "notion", "excel", "slack", "teams"})


@dataclass(frozen=True)
class ToolResult:
    """Tools (products) and practices (macros, SLAs, tagging) named."""

    products: tuple[Span, ...]
    practices: tuple[Span, ...]

    @property
    def named(self) -> bool:
        """True when any tool or practice is named."""
        return bool(self.products or self.practices)


@analyzer("tools.v1", produces=ToolResult)
def analyze_tools(answer: Answer, _: Results) -> ToolResult:
    """Find named support tools and working practices."""
    lexicon = load_lexicons().tools
    products = [
        span
        for span in find(answer, lexicon.products)
        if answer.lower[span.start : span.end] not in _NEEDS_CAPITAL or answer.text[span.start].isupper()
    ]
    practices = [
        span for span in find(answer, lexicon.practices) if not any(p.start <= span.start < p.end for p in products)
    ]
    return ToolResult(tuple(products), tuple(practices))
