"""The kinds of moment a story shows, and the shape of a library (no imports, so the CLI starts fast)."""

# The kinds of moment interviewers ask about; a good library has at least one story for each.
AXES: tuple[str, ...] = (
    "escalation",
    "difficult_customer",
    "empathy",
    "process_improvement",
    "technical_troubleshooting",
    "teamwork",
    "failure_learned",
)
AXIS_NAMES: dict[str, str] = {
    "escalation": "escalation",
    "difficult_customer": "difficult customer",
    "empathy": "empathy",
    "process_improvement": "process improvement",
    "technical_troubleshooting": "technical troubleshooting",
    "teamwork": "teamwork",
    "failure_learned": "failure learned from",
}
STAR_PARTS: tuple[str, ...] = ("situation", "task", "action", "result")
# How many stories a candidate can rehearse well and still cover every kind of moment.
STORY_TARGET = (6, 8)
