from starcoach.analysis.answer import QuestionType, build_answer, infer_question_type


def test_sentences_keep_offsets_into_the_original_text() -> None:
    text = "  First I listened.  Then I called the carrier!\nShe got it the next day?  "
    answer = build_answer(text)
    assert [s.text for s in answer.sentences] == [
        "First I listened.",
        "Then I called the carrier!",
        "She got it the next day?",
    ]
    for sentence in answer.sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_a_full_stop_inside_a_quotation_does_not_split_the_sentence() -> None:
    text = 'I said, "I hear you. Let me fix this." Then I checked the order.'
    answer = build_answer(text)
    assert len(answer.sentences) == 2
    assert answer.sentences[0].text.endswith('this."')


def test_abbreviations_and_decimals_do_not_end_sentences() -> None:
    answer = build_answer("Wires sent after 2 p.m. go out the next day, e.g. on Monday. CSAT rose to 4.5 out of 5.")
    assert len(answer.sentences) == 2


def test_a_long_spoken_run_on_is_broken_at_clause_joins() -> None:
    clause = "the customer was upset about the bill and she wanted to talk to someone who could help her today"
    text = (
        f"{clause}, and then I checked the account and found the double charge straight away for her, "
        "and then I refunded it"
    )
    text = " ".join([text] * 2)
    assert len(build_answer(text).sentences) >= 3


def test_tokens_point_at_their_own_characters() -> None:
    text = "I didn't wait: I called 3 times, 96% resolved — done 👍"
    answer = build_answer(text)
    for token in answer.tokens:
        assert text[token.start : token.end] == token.text
    assert "didn't" in [t.text for t in answer.tokens]
    assert "96%" in [t.text for t in answer.tokens]


def test_question_type_is_read_from_the_wording() -> None:
    assert infer_question_type("Tell me about a time you calmed an upset caller.") is QuestionType.BEHAVIORAL
    assert infer_question_type("Tell me about a technical problem you solved.") is QuestionType.BEHAVIORAL
    assert infer_question_type("What would you do if the CRM went down?") is QuestionType.SITUATIONAL
    assert infer_question_type("Do you have any questions for us?") is QuestionType.CLOSING
    assert infer_question_type("What is your biggest weakness?") is QuestionType.CLASSIC
    assert infer_question_type(None) is QuestionType.UNKNOWN
