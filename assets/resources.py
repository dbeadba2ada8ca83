"""Resources the assets take: the DuckDB database, the landing folder and the reports folder."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

__all__ = ["DuckDBResource", "LandingFolder", "ReportsFolder"]


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
