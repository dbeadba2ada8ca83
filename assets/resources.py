"""Resources the assets take: the DuckDB database, the landing folder and the reports folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import dagster_duckdb
import duckdb

__all__ = ["DuckDBResource", "LandingFolder", "ReportsFolder"]


class DuckDBResource(dagster_duckdb.DuckDBResource):
    """The DuckDB file every asset reads and writes (one writer at a time: see pipelines/definitions.py).

    dagster-duckdb closes the connection only when the asset returns; this one also closes it when the asset
    raises, so that a failed step never leaves the file open in a process that goes on running.
    """

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with super().get_connection() as conn:
            try:
                yield conn
            finally:
                conn.close()  # closing twice (here, then dagster-duckdb on success) is harmless


class LandingFolder(dg.ConfigurableResource):
    """The folder where channel exports (orders/), master data (master/) and stock files (stock/) arrive."""

    path: str = "data/landing"

    def root(self) -> Path:
        return Path(self.path)


class ReportsFolder(dg.ConfigurableResource):
    """The folder that receives self-contained HTML and CSV reports."""

    path: str = "data/reports"

    def root(self) -> Path:
        root = Path(self.path)
        root.mkdir(parents=True, exist_ok=True)
        return root
