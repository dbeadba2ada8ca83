"""Shared fixtures: every test gets its own DuckDB file and landing folder under tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from assets.sql_files import ensure_schema


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture
def landing_dir(tmp_path: Path) -> Path:
    path = tmp_path / "landing"
    for sub in ("orders", "master", "stock"):
        (path / sub).mkdir(parents=True)
    return path


@pytest.fixture
def conn(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a fresh database that already has the full schema."""
    connection = duckdb.connect(str(db_path))
    ensure_schema(connection)
    yield connection
    connection.close()
