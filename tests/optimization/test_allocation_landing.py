"""The benchmark's instance builder from landing files: generator output in, a solvable instance out."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.allocation_landing import landing_tables
from optimization.allocation import Weights, solve_tables
from pipelines.sample_data.config import GeneratorConfig
from pipelines.sample_data.generate import generate


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    generate(GeneratorConfig(orders=300, warehouses=6, skus=120, days=3, seed=3), out, echo=lambda _: None)
    return out / "landing"


def test_landing_tables_price_every_order_at_every_warehouse_and_solve(landing):
    tables = landing_tables(landing, batch_days=3)
    profile = tables.pop("profile")
    lines, parcels, units = tables["lines"], tables["parcel_costs"], tables["unit_costs"]
    n_orders, n_wh = lines["order_id"].nunique(), tables["warehouses"]["warehouse"].nunique()
    assert len(parcels) == n_orders * n_wh and len(units) == len(lines) * n_wh
    assert (parcels["parcel_cost_cents"] > 0).all() and (parcels["transit_days"] >= 1).all()
    assert (tables["stock"]["units"] > 0).all()
    assert set(lines["promised_days"]) <= {2, 5, 7}
    assert 1.0 <= profile["lines_per_order"] <= 8.0
    result = solve_tables(**tables, weights=Weights(exact_max_arcs=0, lns_neighbourhoods=2))
    assert result.is_valid, result.validation
    assert result.objective_cents <= result.baseline_cost.total_cents
