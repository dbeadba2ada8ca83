"""The data model: every table documented (in DuckDB and docs/data_model.md), the schema idempotent."""

import duckdb
import pytest

from assets.sql_files import SQL_DIR, ensure_schema, load_sql

DOC = SQL_DIR.parent / "docs" / "data_model.md"


def _tables(conn: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    return dict(conn.execute("select table_name, comment from duckdb_tables()").fetchall())


def test_schema_is_idempotent(conn: duckdb.DuckDBPyConnection) -> None:
    before = _tables(conn)
    ensure_schema(conn)
    assert _tables(conn) == before
    assert conn.execute("select count(*) from movement_types").fetchone() == (14,)


@pytest.mark.parametrize("name", sorted(p.stem for p in (SQL_DIR / "schema").glob("*.sql")))
def test_each_schema_file_runs_alone_on_an_empty_database(name: str) -> None:
    """No file depends on another: tables reference each other only by name, and a table macro (which
    DuckDB binds when it is created) sits after what it uses in the same file; the file order is free."""
    with duckdb.connect() as empty:
        empty.execute(load_sql(f"schema/{name}"))


def test_every_table_has_a_one_line_comment(conn: duckdb.DuckDBPyConnection) -> None:
    missing = [name for name, comment in _tables(conn).items() if not comment or "\n" in comment]
    assert not missing, f"tables without a one-line `comment on table`: {missing}"


def test_every_table_is_in_the_data_model_doc(conn: duckdb.DuckDBPyConnection) -> None:
    doc = DOC.read_text(encoding="utf-8")
    missing = [name for name in _tables(conn) if f"`{name}`" not in doc]
    assert not missing, f"add these tables to docs/data_model.md: {missing}"


def test_money_columns_are_integer_cents(conn: duckdb.DuckDBPyConnection) -> None:
    rows = conn.execute(
        "select table_name, column_name, data_type from duckdb_columns() where column_name like '%_cents'"
    ).fetchall()
    assert rows, "expected money columns"
    assert all(data_type == "BIGINT" for _, _, data_type in rows), rows
