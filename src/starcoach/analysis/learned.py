"""The fitted models every learned analyzer reads, loaded once and swappable as one piece.

The shipped models come from ``bench/train_star.py`` and ``bench/fit_models.py``. Benchmarks
measure models fitted on other answers by building the pipeline with ``pipeline_with_models``,
so the analyzers themselves never know which models they were given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from starcoach.analysis.answer import Answer
from starcoach.analysis.flag_model import FlagModels, load_flag_models
from starcoach.analysis.registry import Pipeline, Results, analyzer, default_pipeline
from starcoach.analysis.star_model import StarModel, load_star_model


@dataclass(frozen=True)
class LearnedModels:
    """The STAR sentence model and the flag models."""

    star: StarModel
    flags: FlagModels


@lru_cache(maxsize=1)
def shipped_models() -> LearnedModels:
    """The models shipped in the package."""
    return LearnedModels(load_star_model(), load_flag_models())


def shipped_star_settings() -> tuple[float, float]:
    """The regularisation and transition weight the shipped STAR model was fitted with."""
    raw = (resources.files("starcoach.analysis") / "data" / "star_model.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return float(data["l2"]), float(data["transition_weight"])


@analyzer("models.v1", produces=LearnedModels)
def provide_models(_: Answer, __: Results) -> LearnedModels:
    """Hand the shipped models to the analyzers that read them."""
    return shipped_models()


def pipeline_with_models(models: LearnedModels) -> Pipeline:
    """The default pipeline, with ``models`` in place of the shipped ones."""
    return Pipeline(
        replace(spec, func=lambda _a, _r: models) if spec.id == provide_models.id else spec
        for spec in default_pipeline().specs
    )
