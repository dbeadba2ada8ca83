"""The one helper that loads SQL from the top-level `sql/` folder (asset name = table name = file name)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


@cache
def load_sql(name: str) -> str:
    """Text of `sql/<name>.sql`, e.g. `load_sql("ingest/orders_classify")`."""
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise FileNotFoundError(f"SQL file {path} not found (asked for {name!r})")
    return path.read_text(encoding="utf-8")


def ensure_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet; safe to call at the start of every asset."""
    # Tables reference each other only by name (no foreign keys), so file order does not matter for them;
    # a table macro is bound when it is created, so it sits after the tables and macros it uses, in their
    # file (tests/test_schema.py runs every file alone on an empty database). Sorting keeps the order stable.
    for path in sorted((SQL_DIR / "schema").glob("*.sql")):
        conn.execute(load_sql(f"schema/{path.stem}"))


def execute_script(
    conn: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None
) -> None:
    """Run every statement of `sql/<name>.sql` in order, binding to each the `$name` parameters it uses.

    DuckDB prepares one statement at a time, so a file of several statements is split at the semicolons
    that end a line.
    """
    for statement in _STATEMENT_END.split(load_sql(name)):
        code = _code(statement)
        if not code:
            continue
        conn.execute(code, _bound(code, params))


_STATEMENT_END = re.compile(r";[ \t]*$", re.MULTILINE)


def _code(statement: str) -> str:
    """The statement without its whole-line comments (which may name parameters it does not use)."""
    return "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--")).strip()


def query_frame(
    conn: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None
) -> pd.DataFrame:
    """The result of the one query in `sql/<name>.sql`, binding the `$name` parameters it uses."""
    code = _code(load_sql(name))
    return conn.execute(code, _bound(code, params)).df()


def _bound(code: str, params: dict[str, object] | None) -> dict[str, object] | None:
    """The parameters the code names as `$name` (DuckDB rejects unused ones)."""
    used = {k: v for k, v in (params or {}).items() if re.search(rf"\${re.escape(k)}\b", code)}
    return used or None
