"""The content bank loads, has what the coach needs, and bad files get errors that say where."""

from pathlib import Path

import pytest

from starcoach.content import COMPETENCY_IDS, load_bank
from starcoach.errors import ContentError


def test_the_bank_has_five_competencies_and_at_least_eighty_questions() -> None:
    bank = load_bank()
    assert tuple(c.id for c in bank.competencies) == COMPETENCY_IDS
    assert len(bank.questions) >= 80
    kinds = {q.type for q in bank.questions}
    assert kinds == {"behavioral", "situational", "classic", "closing"}


def test_every_question_has_probes_a_hint_and_competencies() -> None:
    for question in load_bank().questions:
        assert 2 <= len(question.probes) <= 4, question.id
        assert question.hint
        assert set(question.competencies) <= set(COMPETENCY_IDS)


def test_each_competency_is_the_focus_of_several_questions() -> None:
    bank = load_bank()
    for competency in COMPETENCY_IDS:
        assert sum(q.competencies[0] == competency for q in bank.questions) >= 10


def test_the_red_flag_catalogue_has_corrections_and_follow_ups() -> None:
    flags = {f.id: f for f in load_bank().red_flags}
    for needed in ("theoretical", "blame", "rambling", "overconfident", "no_questions"):
        assert flags[needed].correction and flags[needed].followup


def test_a_coach_can_add_questions_from_their_own_folder(tmp_path: Path) -> None:
    (tmp_path / "questions.toml").write_text(
        '[[question]]\nid = "beh-own"\ntext = "Tell me about a time you trained a colleague."\n'
        'type = "behavioral"\ncompetencies = ["communication"]\ndifficulty = 2\n'
        'probes = ["What did they struggle with?", "How did you know it worked?"]\n'
        'hint = "A real colleague, a plan, and a measured result."\n',
        encoding="utf-8",
    )
    bank = load_bank(tmp_path)
    assert bank.question("beh-own").difficulty == 2
    assert len(bank.questions) == len(load_bank().questions) + 1


def test_an_invalid_entry_is_reported_with_file_entry_and_field(tmp_path: Path) -> None:
    (tmp_path / "questions.toml").write_text(
        '[[question]]\nid = "beh-bad"\ntext = "Tell me about a time you failed."\ntype = "behavioral"\n'
        'competencies = ["charm"]\ndifficulty = 2\nprobes = ["Why?", "Then?"]\nhint = "Something real happened."\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_bank(tmp_path)
    message = str(caught.value)
    assert "questions.toml" in message and "question #1" in message and "beh-bad" in message
    assert "competencies" in message


def test_broken_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    (tmp_path / "red_flags.toml").write_text("[[red_flag]\nid = ", encoding="utf-8")
    with pytest.raises(ContentError, match=r"red_flags\.toml"):
        load_bank(tmp_path)


def test_competencies_are_named_once_and_every_list_of_them_agrees() -> None:
    from typing import get_args

    from starcoach.competencies import COMPETENCY_IDS, COMPETENCY_NAMES
    from starcoach.content.models import CompetencyId

    bank = load_bank()
    assert get_args(CompetencyId) == COMPETENCY_IDS
    assert [c.name for c in bank.competencies] == [COMPETENCY_NAMES[c] for c in COMPETENCY_IDS]
