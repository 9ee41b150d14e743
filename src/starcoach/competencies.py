"""The five competencies interviewers judge, in report order (kept free of imports so the CLI starts fast)."""

COMPETENCY_IDS: tuple[str, ...] = (
    "communication",
    "patience",
    "empathy_problem_solving",
    "time_tech",
    "emotional_intelligence",
)
