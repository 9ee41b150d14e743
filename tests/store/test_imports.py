"""The store stays out of the way: only starcoach.store imports SQLAlchemy or Alembic."""

from __future__ import annotations

import ast
import subprocess
import sys

from starcoach.store import Store
from tests.conftest import REPO

PACKAGE = REPO / "src" / "starcoach"
DATABASE_PACKAGES = ("sqlalchemy", "alembic", "psycopg")


def _imported_roots(source: str) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_module_outside_the_store_imports_a_database_library() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            _imported_roots(path.read_text(encoding="utf-8")) & set(DATABASE_PACKAGES)
        )
        for path in PACKAGE.rglob("*.py")
        if "store" not in path.relative_to(PACKAGE).parts
    }
    assert {path: roots for path, roots in offenders.items() if roots} == {}


def test_starting_the_cli_and_the_interview_engine_does_not_load_sqlalchemy() -> None:
    code = (
        "import sys, starcoach.cli.app, starcoach.interview.engine, starcoach.report; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "[]"


def test_opening_an_up_to_date_database_does_not_load_alembic(sqlite_url: str) -> None:
    Store.open(sqlite_url).close()
    code = (
        "import sys; from starcoach.store import Store; "
        f"Store.open({sqlite_url!r}).list_sessions(); print('alembic' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "False"
