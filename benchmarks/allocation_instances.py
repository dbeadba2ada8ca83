"""Allocation benchmark instances: where the plain tables come from, cached between runs.

Two profiles:

- `generator` (default): the sample-data generator's landing files
  (`python -m pipelines.sample_data --orders N --warehouses 30 --skus 10000 --days 7 --seed K`), priced the
  way the pipeline prices them (`allocation_landing.py`).
- `synthetic`: the stand-alone multi-line retail profile (`allocation_synthetic.py`).

Generated landing folders and the built tables (Parquet) are cached under benchmarks/.cache/, keyed by
profile, size and seed, so that a re-run measures the solver, not the data preparation.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
WAREHOUSES, SKUS, DAYS = 30, 10_000, 7
TABLES = ("lines", "stock", "unit_costs", "parcel_costs", "warehouses", "transfer_lanes", "purchase_options")


def _landing(n_orders: int, seed: int) -> Path:
    """The generator's output for this size and seed (generated once)."""
    out = CACHE / f"landing_{n_orders}_{seed}"
    if not (out / "_truth" / "manifest.json").exists():
        command = [sys.executable, "-m", "pipelines.sample_data", "--orders", str(n_orders)]
        command += ["--warehouses", str(WAREHOUSES), "--skus", str(SKUS), "--days", str(DAYS)]
        command += ["--seed", str(seed), "--out", str(out)]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return out / "landing"


def _build(profile: str, n_orders: int, seed: int) -> dict:
    if profile == "generator":
        from benchmarks.allocation_landing import landing_tables

        return landing_tables(_landing(n_orders, seed), batch_days=DAYS)
    if profile == "synthetic":
        from benchmarks.allocation_synthetic import synthetic_tables

        return synthetic_tables(n_orders, seed=seed)
    raise ValueError(f"unknown profile {profile!r}; use 'generator' or 'synthetic'")


def instance_tables(profile: str, n_orders: int, seed: int) -> tuple[dict[str, pd.DataFrame], dict]:
    """The plain tables for `solve_tables` and the profile description (lines per order, ...)."""
    folder = CACHE / f"alloc_tables_{profile}_{n_orders}_{seed}"
    if not (folder / "profile.json").exists():
        tables = _build(profile, n_orders, seed)
        described = tables.pop("profile")
        folder.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            tables[name].to_parquet(folder / f"{name}.parquet", index=False)
        (folder / "profile.json").write_text(json.dumps(described))
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}
    return tables, json.loads((folder / "profile.json").read_text())
