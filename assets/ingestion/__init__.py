"""Ingestion: every landing file type into DuckDB, idempotently, with a registry and a quarantine.

Wire into the one Definitions: `INGESTION_ASSETS`, `INGESTION_CHECKS`, and the landing-folder sensor in
pipelines/sensors.py.
"""

from __future__ import annotations

import dagster as dg

from assets.ingestion.checks import INGESTION_CHECKS
from assets.ingestion.master import MASTER_ASSETS
from assets.ingestion.orders import order_tables
from assets.ingestion.stock import STOCK_ASSETS

INGESTION_ASSETS: list[dg.AssetsDefinition] = [order_tables, *STOCK_ASSETS, *MASTER_ASSETS]

__all__ = ["INGESTION_ASSETS", "INGESTION_CHECKS"]
