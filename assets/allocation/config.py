"""Planner weights of the allocation: Dagster run config over `config/allocation.yaml` over built-in defaults.

Every weight field is optional in run config: left empty, the value comes from the `weights` section of
`config/allocation.yaml`, and failing that from `optimization.allocation.Weights` (money in integer cents,
multipliers in integer percent). Promised transit days per service level feed the batch query.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import dagster as dg
import yaml
from pydantic import Field

from optimization.allocation import Weights, WeightsError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONFIG_FILE = "config/allocation.yaml"  # relative paths are taken from the project root
BATCH_DEFAULTS = {
    "express_promised_days": 2,
    "standard_promised_days": 5,
    "economy_promised_days": 7,
    "pick_capacity_days": 1,
}


def _opt(description: str) -> Any:
    return Field(None, description=f"{description} Empty: config/allocation.yaml, else the built-in default.")


class AllocationConfig(dg.Config):
    """Cost weights, switches and solver limits of one allocation run (see docs/allocation.md)."""

    config_file: str = Field(CONFIG_FILE, description="YAML file with `weights` and `scenarios`.")
    shipping_cost_pct: int | None = _opt("Multiplier on all shipping costs, percent (100 = rate card).")
    handling_cost_pct: int | None = _opt("Multiplier on warehouse handling costs, percent.")
    split_penalty_cents: int | None = _opt("Extra cost per parcel beyond an order's first, cents.")
    unfilled_penalty_normal_cents: int | None = _opt("Cost per unit left unfilled, priority 0 orders, cents.")
    unfilled_penalty_high_cents: int | None = _opt("Cost per unit left unfilled, priority 1 orders, cents.")
    unfilled_penalty_urgent_cents: int | None = _opt("Cost per unit left unfilled, priority 2 orders, cents.")
    allow_transfers: bool | None = _opt("May short stock be moved in from another warehouse.")
    transfer_cost_pct: int | None = _opt("Multiplier on transfer lane costs, percent.")
    allow_purchases: bool | None = _opt("May short stock be bought as an emergency purchase.")
    purchase_premium_pct: int | None = _opt("Emergency premium over unit cost, percent; -1: each supplier's.")
    max_parcels_per_order: int | None = _opt("Most warehouses (parcels) one order may ship from.")
    time_limit_s: int | None = _opt("Wall-clock safety limit of the whole solve, seconds.")
    exact_max_arcs: int | None = _opt("Batches up to this many candidate arcs are solved exactly.")
    candidates_per_line: int | None = _opt("Warehouses kept per line by the large-batch approach.")
    lns_neighbourhoods: int | None = _opt(
        "Large-batch approach: most restricted MIPs (neighbourhoods) after the local search; a fixed amount "
        "of work, so that the plan does not depend on the clock."
    )
    lns_orders: int | None = _opt(
        "Large-batch approach: orders per neighbourhood (30% of them seeds that can still improve, the "
        "rest rivals for their stock and capacity); larger finds more, each MIP taking longer."
    )
    seed: int | None = _opt("Solver random seed (fixed: same batch, same plan).")
    workers: int | None = _opt("Solver threads (fixed: same batch, same plan).")
    pick_capacity_days: int | None = _opt(
        "Days of pick capacity this batch may use (default 1: today's); raise it for a backlog."
    )
    express_promised_days: int | None = _opt("Transit days promised to express orders (default 2).")
    standard_promised_days: int | None = _opt("Transit days promised to standard orders (default 5).")
    economy_promised_days: int | None = _opt("Transit days promised to economy orders (default 7).")

    def config_path(self) -> Path:
        path = Path(self.config_file)
        return path if path.is_absolute() else PROJECT_ROOT / path

    def settings(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """Effective settings: defaults, then the YAML `weights`, then run config, then `overrides`."""
        from_yaml = load_yaml(self.config_path())["weights"]
        from_run = {k: v for k, v in self.model_dump().items() if v is not None and k != "config_file"}
        values = {**BATCH_DEFAULTS, **from_yaml, **from_run, **(overrides or {})}
        unknown = sorted(set(values) - set(type(self).model_fields))
        if unknown:
            raise dg.Failure(f"{self.config_file}: unknown allocation settings {unknown}")
        return values

    def weights(self, overrides: dict[str, Any] | None = None) -> Weights:
        """The solver's weights; a clear error naming the field when one is out of range."""
        names = {f.name for f in dataclasses.fields(Weights)}
        values = {k: v for k, v in self.settings(overrides).items() if k in names}
        try:
            return Weights(**values)
        except (WeightsError, TypeError) as error:
            raise dg.Failure(f"allocation weights: {error}; fix run config or {self.config_file}") from error

    def batch_params(self) -> dict[str, int]:
        """Bound parameters of the batch queries (sql/allocation/allocation_batch.sql, _warehouses.sql)."""
        values = self.settings()
        return {
            "express_days": int(values["express_promised_days"]),
            "standard_days": int(values["standard_promised_days"]),
            "economy_days": int(values["economy_promised_days"]),
            "capacity_days": int(values["pick_capacity_days"]),
        }

    def scenarios(self) -> dict[str, dict[str, Any]]:
        return load_yaml(self.config_path())["scenarios"]


def load_yaml(path: Path) -> dict[str, dict[str, Any]]:
    """The YAML file as {"weights": {...}, "scenarios": {name: {...}}}; a missing file means no overrides."""
    if not path.is_file():
        return {"weights": {}, "scenarios": {}}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or set(data) - {"weights", "scenarios"}:
        raise dg.Failure(f"{path}: expected top-level keys 'weights' and 'scenarios' only")
    return {"weights": data.get("weights") or {}, "scenarios": data.get("scenarios") or {}}
