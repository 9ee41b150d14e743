"""The content bank: competencies, questions, red flags and lexicons, loaded from data files."""

from starcoach.content.loader import ContentBank, load_bank
from starcoach.content.models import (
    COMPETENCY_IDS,
    Competency,
    Lexicons,
    Question,
    QuestionKind,
    RedFlag,
)

__all__ = [
    "COMPETENCY_IDS",
    "Competency",
    "ContentBank",
    "Lexicons",
    "Question",
    "QuestionKind",
    "RedFlag",
    "load_bank",
]
