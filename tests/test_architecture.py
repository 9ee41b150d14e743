"""The import rules of docs/architecture.md, checked over the source's syntax trees.

Every import counts, wherever it stands: at the top of a module, inside a function (the lazy imports
that keep `starcoach --help` fast) or under ``TYPE_CHECKING``, since each is still a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "starcoach"

# Each top-level module or package of starcoach, by layer; a layer may import its own and lower layers only.
LAYERS: dict[str, int] = {
    # 0: foundations every layer may use; no knowledge of interviews.
    "errors": 0,
    "competencies": 0,
    "textfile": 0,
    "safe_write": 0,
    "settings": 0,
    # 1: content data files and their loaders.
    "content": 1,
    # 2: the analysis engine and the backends (speech, language models).
    "analysis": 2,
    "speech": 2,
    "llm": 2,
    "backends": 2,  # arrives with the backends branch: the registry and factories over speech and llm
    # 3: the features built on them, and the store that keeps the user's data.
    "session_records": 3,  # the records the store and the session service share
    "interview": 3,
    "stories": 3,
    "prep": 3,
    "roleplay": 3,
    "report": 3,
    "store": 3,
    # 4: the front ends, and the package root that curates the public API.
    "cli": 4,
    "web": 4,
    "__main__": 4,
    "__init__": 4,
    "testing": 4,  # the public fakes for tests (scripted LLM, fake clock); nothing in the package imports them
}
LAYER_NAMES = ("foundation", "content", "engine and backends", "features and store", "front ends")

# Packages that may import only the ones listed (besides themselves), with the reason shown on failure.
ONLY: dict[str, tuple[frozenset[str], str]] = {
    "analysis": (
        frozenset({"content", "competencies", "errors"}),
        "analysis is pure (Answer in, findings out): no storage, HTTP, terminal, backends, settings or file I/O",
    ),
    "content": (
        frozenset({"competencies", "errors"}),
        "content is data and its loaders, below everything that reads it",
    ),
}

# Imports that are forbidden even where the layers would allow them.
FORBIDDEN: dict[str, tuple[frozenset[str], str]] = {
    "store": (
        frozenset({"interview", "report", "roleplay", "cli", "web"}),
        "the store keeps user data; the session service and the front ends use it, never the other way round",
    ),
    "web": (frozenset({"cli"}), "a front end never reaches into another front end"),
}
# Only front ends open the store; features receive what they need (or a Protocol the store implements).
for _feature in ("interview", "stories", "prep", "roleplay", "report", "session_records"):
    FORBIDDEN[_feature] = (
        frozenset({"store"}),
        "only the front ends open the store; the session service talks to it through the SessionStore Protocol",
    )


@dataclass(frozen=True)
class Import:
    """One import of a starcoach module, and where it stands."""

    path: str  # relative to src/, e.g. "starcoach/store/repository.py"
    line: int
    target: str  # the module imported, or the module an imported name comes from
    names: tuple[str, ...]  # names taken from ``target`` by ``from ... import``; empty for ``import x``

    @property
    def source_package(self) -> str:
        """The importing file's top-level module within starcoach ("store", "errors", "__init__")."""
        return _top(self.path.removesuffix(".py").replace("/", ".")) or "__init__"

    @property
    def target_package(self) -> str:
        """The imported module's top-level module within starcoach."""
        return _top(self.target)

    def shown(self) -> str:
        """The import as it reads in the file."""
        return f"from {self.target} import {', '.join(self.names)}" if self.names else f"import {self.target}"


def _top(dotted: str) -> str:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == PACKAGE else ""


def _module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(path: Path, src: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = _module_name(path, src).split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_in(path: Path, src: Path = SRC) -> Iterator[Import]:
    """Every import of a starcoach module in one source file under ``src``."""
    where = path.relative_to(src).as_posix()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=where)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    yield Import(where, node.lineno, alias.name, ())
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(path, src, node)
            if target == PACKAGE:
                # "from starcoach import textfile" imports the module starcoach.textfile.
                for alias in node.names:
                    yield Import(where, node.lineno, f"{PACKAGE}.{alias.name}", ())
            elif target.split(".")[0] == PACKAGE:
                yield Import(where, node.lineno, target, tuple(alias.name for alias in node.names))


def all_imports(root: Path = SRC / PACKAGE) -> list[Import]:
    """Every starcoach import in the package's source."""
    return [found for path in sorted(root.rglob("*.py")) for found in imports_in(path)]


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def broken_rules(found: Import) -> list[str]:
    """Each rule of docs/architecture.md this import breaks, worded for the failure message."""
    source, target = found.source_package, found.target_package
    if not target or target == source:
        return []
    problems: list[str] = []
    if LAYERS.get(target, -1) > LAYERS.get(source, -1) and source in LAYERS and target in LAYERS:
        problems.append(
            f"layers: {source} ({LAYER_NAMES[LAYERS[source]]}) must not import {target} "
            f"({LAYER_NAMES[LAYERS[target]]}); dependencies point down"
        )
    allowed, why = ONLY.get(source, (None, ""))
    if allowed is not None and target not in allowed:
        problems.append(f"{source} may import only {', '.join(sorted(allowed))}: {why}")
    forbidden, why = FORBIDDEN.get(source, (frozenset(), ""))
    if target in forbidden:
        problems.append(f"{source} must not import {target}: {why}")
    private_module = [part for part in found.target.split(".")[2:] if _is_private(part)]
    private_names = [name for name in found.names if _is_private(name)]
    if private_module or private_names:
        what = ".".join(found.target.split(".")[:2] + private_module[:1]) if private_module else private_names[0]
        problems.append(
            f"private: {what} is private to starcoach.{target}; import a public name "
            f"(make one in starcoach.{target} if none fits)"
        )
    return problems


def violations(imports: list[Import]) -> list[str]:
    """One line per broken rule: the file and line, the import, and the rule."""
    lines = []
    for found in imports:
        for problem in broken_rules(found):
            lines.append(f"{found.path}:{found.line}: `{found.shown()}` breaks a rule. {problem}")
    return lines


def test_no_source_file_breaks_an_import_rule() -> None:
    found = violations(all_imports())
    assert not found, "Forbidden imports (see docs/architecture.md):\n" + "\n".join(found)


def test_every_top_level_module_has_a_layer() -> None:
    root = SRC / PACKAGE
    tops = {path.stem for path in root.glob("*.py")} | {path.parent.name for path in root.glob("*/__init__.py")}
    missing = sorted(tops - LAYERS.keys())
    assert not missing, f"Give these a layer in LAYERS and in docs/architecture.md: {', '.join(missing)}"


def _checked(tmp_path: Path, relative: str, source: str) -> list[str]:
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return violations(list(imports_in(path, tmp_path)))


@pytest.mark.parametrize(
    ("relative", "source", "rule"),
    [
        ("starcoach/analysis/engine.py", "from starcoach.store import Store\n", "analysis may import only"),
        ("starcoach/analysis/engine.py", "def f():\n    import starcoach.llm.protocol\n", "analysis may import only"),
        ("starcoach/analysis/engine.py", "from starcoach import textfile\n", "analysis may import only"),
        ("starcoach/content/loader.py", "from ..store import Store\n", "content may import only"),
        ("starcoach/store/repository.py", "from starcoach.interview.engine import Engine\n", "store must not import"),
        ("starcoach/interview/engine.py", "from starcoach.cli.render import show\n", "layers: interview"),
        ("starcoach/report/session.py", "from starcoach.web.app import create_app\n", "layers: report"),
        ("starcoach/prep/pack.py", "from starcoach.store import Store\n", "only the front ends open the store"),
        ("starcoach/web/pages.py", "from starcoach.cli.render import show\n", "web must not import cli"),
        ("starcoach/cli/app.py", "from starcoach.report._outline import build_outline\n", "private"),
        ("starcoach/cli/app.py", "from starcoach.report import _format\n", "private"),
    ],
)
def test_a_forbidden_import_is_reported_with_its_file_and_rule(
    tmp_path: Path, relative: str, source: str, rule: str
) -> None:
    reported = _checked(tmp_path, relative, source)
    assert len(reported) >= 1
    assert reported[0].startswith(f"{relative}:")
    assert any(rule in line for line in reported), reported


@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("starcoach/cli/app.py", "from starcoach.store import Store\n"),
        ("starcoach/cli/serve_cmd.py", "from starcoach.web.app import create_app\n"),
        ("starcoach/report/terminal.py", "from starcoach.report import formatting as fmt\n"),
        ("starcoach/analysis/language.py", "from starcoach.analysis._grammar import count_past\n"),
        ("starcoach/prep/thank_you.py", "from starcoach.stories.models import Story\n"),
    ],
)
def test_allowed_imports_pass(tmp_path: Path, relative: str, source: str) -> None:
    assert _checked(tmp_path, relative, source) == []
