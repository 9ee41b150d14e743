"""The five competencies interviewers judge: ids in report order, and their names for people.

The one place these live; kept free of imports so the CLI can list them without loading pydantic.
"""

COMPETENCY_IDS: tuple[str, ...] = (
    "communication",
    "patience",
    "empathy_problem_solving",
    "time_tech",
    "emotional_intelligence",
)

# How a competency is titled on its own: table rows, chart labels, report headings.
COMPETENCY_NAMES: dict[str, str] = {
    "communication": "Communication",
    "patience": "Patience under pressure",
    "empathy_problem_solving": "Empathy & problem-solving",
    "time_tech": "Time & tools",
    "emotional_intelligence": "Emotional intelligence",
}

# How a competency reads inside a sentence ("the job description stresses {phrase}"): lower case, no ampersands.
COMPETENCY_PHRASES: dict[str, str] = {
    "communication": "communication",
    "patience": "patience under pressure",
    "empathy_problem_solving": "empathy and problem solving",
    "time_tech": "time management and tools",
    "emotional_intelligence": "emotional intelligence",
}
