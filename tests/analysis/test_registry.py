"""The analyzer pipeline: order checks, failures named, every analyzer tested and documented."""

from pathlib import Path

import pytest

from starcoach.analysis.answer import build_answer
from starcoach.analysis.registry import (
    AnalyzerError,
    Pipeline,
    PipelineOrderError,
    Results,
    analyzer,
    default_pipeline,
)

REPO = Path(__file__).resolve().parents[2]


class _Counted:
    pass


class _Doubled:
    pass


@analyzer("counted.v1", produces=_Counted)
def _count(answer, results):  # type: ignore[no-untyped-def]
    return _Counted()


@analyzer("doubled.v1", produces=_Doubled, reads=(_Counted,))
def _double(answer, results):  # type: ignore[no-untyped-def]
    results.get(_Counted)
    return _Doubled()


@analyzer("broken.v1", produces=_Doubled)
def _broken(answer, results):  # type: ignore[no-untyped-def]
    raise ValueError("boom")


def test_a_pipeline_refuses_an_analyzer_that_reads_what_is_not_produced_yet() -> None:
    with pytest.raises(PipelineOrderError, match=r"doubled\.v1 reads _Counted"):
        Pipeline([_double, _count])
    assert Pipeline([_count, _double]).ids == ("counted.v1", "doubled.v1")


def test_a_failing_analyzer_is_named_in_the_error() -> None:
    with pytest.raises(AnalyzerError, match=r"broken\.v1"):
        Pipeline([_broken]).run(build_answer("I called her back."))


def test_results_are_looked_up_by_type() -> None:
    results = Pipeline([_count, _double]).run(build_answer("Fine."))
    assert isinstance(results.get(_Doubled), _Doubled)
    assert isinstance(Results(), Results)


def test_every_built_in_analyzer_has_a_versioned_id_a_test_and_a_docs_entry() -> None:
    scoring_doc = (REPO / "docs" / "scoring.md").read_text(encoding="utf-8")
    analyzers_doc = (REPO / "docs" / "analyzers.md").read_text(encoding="utf-8")
    test_names = {
        line.split("def ", 1)[1].split("(", 1)[0]
        for path in (REPO / "tests").rglob("test_*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("def test_")
    }
    for analyzer_id in default_pipeline().ids:
        name, version = analyzer_id.rsplit(".", 1)
        assert version.startswith("v"), analyzer_id
        assert f"`{analyzer_id}`" in analyzers_doc, f"{analyzer_id} missing from docs/analyzers.md"
        assert "score.v2" in scoring_doc
        assert any(t.startswith(f"test_{name}") for t in test_names), f"no test_{name}... test for {analyzer_id}"
