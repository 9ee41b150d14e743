import starcoach


def test_the_public_api_is_exactly_what_all_lists() -> None:
    for name in starcoach.__all__:
        assert getattr(starcoach, name) is not None
    assert sorted(starcoach.__all__) == sorted(
        ["AnswerReport", "QuestionType", "StarCoachError", "UserInputError", "__version__", "analyze", "load_bank"]
    )
