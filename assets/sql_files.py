"""The one helper that loads SQL from the top-level `sql/` folder (asset name = table name = file name)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

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
    # Tables reference each other only by name (no foreign keys), so file order does not matter;
    # sorting keeps it stable.
    for path in sorted((SQL_DIR / "schema").glob("*.sql")):
        conn.execute(load_sql(f"schema/{path.stem}"))
