"""Intake tests: a fresh database per test, copied from a schema-only template built once per session.

ensure_schema on a new file costs ~0.4 s; copying the template file costs a few milliseconds, and each test
still gets its own file under its own tmp_path.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from assets.sql_files import ensure_schema


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "schema.duckdb"
    with duckdb.connect(str(path)) as connection:
        ensure_schema(connection)
        connection.execute("checkpoint")
    return path


@pytest.fixture
def conn(db_path: Path, schema_template: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a fresh database that already has the full schema (overrides tests/conftest.py)."""
    shutil.copyfile(schema_template, db_path)
    connection = duckdb.connect(str(db_path))
    yield connection
    connection.close()
