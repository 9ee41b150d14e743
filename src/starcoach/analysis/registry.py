"""Analyzers: small pure functions registered by versioned id and run in order by a pipeline."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar, cast

from starcoach.analysis.answer import Answer

_R = TypeVar("_R")


class Results:
    """What the analyzers found so far, looked up by result type."""

    def __init__(self) -> None:
        self._by_type: dict[type[Any], Any] = {}

    def get(self, kind: type[_R]) -> _R:
        """The result of the given type (its producer must already have run)."""
        return cast(_R, self._by_type[kind])

    def put(self, value: Any) -> None:
        """Store one analyzer's result."""
        self._by_type[type(value)] = value


AnalyzerFunc = Callable[[Answer, Results], Any]


@dataclass(frozen=True)
class AnalyzerSpec:
    """An analyzer: its versioned id, what it reads, what it produces."""

    id: str
    func: AnalyzerFunc
    produces: type[Any]
    reads: tuple[type[Any], ...] = ()


class AnalyzerError(RuntimeError):
    """An analyzer raised; the message names it so the bug is easy to find."""


class PipelineOrderError(RuntimeError):
    """An analyzer reads a result that no earlier analyzer produces."""


def analyzer(
    analyzer_id: str, *, produces: type[Any], reads: tuple[type[Any], ...] = ()
) -> Callable[[AnalyzerFunc], AnalyzerSpec]:
    """Declare a function as an analyzer with a versioned id such as ``fillers.v1``."""

    def wrap(func: AnalyzerFunc) -> AnalyzerSpec:
        return AnalyzerSpec(analyzer_id, func, produces, reads)

    return wrap


class Pipeline:
    """Analyzers in an order checked at construction."""

    def __init__(self, specs: Iterable[AnalyzerSpec]) -> None:
        self.specs = tuple(specs)
        produced: set[type[Any]] = set()
        for spec in self.specs:
            missing = [kind.__name__ for kind in spec.reads if kind not in produced]
            if missing:
                raise PipelineOrderError(f"{spec.id} reads {', '.join(missing)} before anything produces it")
            produced.add(spec.produces)

    @property
    def ids(self) -> tuple[str, ...]:
        """The versioned ids of every analyzer, in run order."""
        return tuple(spec.id for spec in self.specs)

    def run(self, answer: Answer) -> Results:
        """Run every analyzer over one answer."""
        results = Results()
        for spec in self.specs:
            try:
                results.put(spec.func(answer, results))
            except Exception as exc:  # a bug in one analyzer: say which one
                raise AnalyzerError(f"analyzer {spec.id} failed: {exc!r}") from exc
        return results


def _collect(hook_name: str) -> list[AnalyzerSpec]:
    """Built-ins and plugins both register through ``register_analyzers(register)``."""
    specs: list[AnalyzerSpec] = []
    from starcoach.analysis import analyzers as builtins

    getattr(builtins, hook_name)(specs.append)
    from importlib.metadata import entry_points

    for entry in entry_points(group="starcoach"):
        module = entry.load()
        hook = getattr(module, hook_name, None)
        if hook is not None:
            hook(specs.append)
    return specs


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The pipeline of every registered analyzer, built-ins first."""
    return Pipeline(_collect("register_analyzers"))
