"""Run a file from sql/ with bound parameters: only the `$name`s the text uses are passed (DuckDB refuses
extra ones), so a stage can hand every setting to every file."""

from __future__ import annotations

import re
from collections.abc import Mapping

import duckdb

from assets.sql_files import load_sql

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def bound(sql: str, params: Mapping[str, object]) -> dict[str, object]:
    """The subset of `params` that `sql` refers to; a missing one is a programming error, named here."""
    names = set(_PARAM.findall(sql))
    missing = sorted(names - set(params))
    if missing:
        raise KeyError(f"SQL needs parameter(s) {missing} that the caller did not pass")
    return {name: params[name] for name in names}


# A statement ends with a semicolon at the end of a line; our SQL files keep string literals on one line.
_STATEMENT_END = re.compile(r";[ \t]*(?:\n|$)")
# Comments may name parameters ("Parameter: $now"); they are dropped so that only real uses are bound.
_COMMENT = re.compile(r"(?:^|(?<=\s))--[^\n]*", re.MULTILINE)


def statements(sql: str) -> list[str]:
    """The statements of a SQL script without comments, empty pieces dropped."""
    parts = [_COMMENT.sub("", part).strip() for part in _STATEMENT_END.split(sql)]
    return [part for part in parts if part]


def run_sql(
    conn: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object], prefix: str = ""
) -> duckdb.DuckDBPyConnection:
    """Execute `prefix + sql/<name>.sql` statement by statement (DuckDB binds parameters only in a single
    statement); prefix: e.g. `create or replace temp table x as ` for a one-query file."""
    for statement in statements(prefix + load_sql(name)):
        conn.execute(statement, bound(statement, params))
    return conn
