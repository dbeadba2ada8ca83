"""The plain-table input contract of the allocation model: column names, defaults, and clear errors.

An instance is up to seven pandas tables (three optional). Money is integer cents, quantities integer units.

- lines: order_id, line_no, sku, quantity; optional priority (0), service_level ('standard'),
  promised_days (no promise), ship_complete (false), max_parcels (0: Weights.max_parcels_per_order)
- stock: warehouse, sku, units
- unit_costs: order_id, line_no, warehouse, unit_cost_cents; optional unit_handling_cents (0)
- parcel_costs: order_id, warehouse, parcel_cost_cents; optional parcel_handling_cents (0), transit_days (0),
  distance_km (unknown)
- warehouses (optional): warehouse; optional pick_capacity_units (-1: unlimited)
- transfer_lanes (optional): from_warehouse, to_warehouse, unit_cost_cents, fixed_cost_cents, lead_time_days
- purchase_options (optional): warehouse, sku, supplier, unit_cost_cents, lead_time_days; optional
  premium_pct (0)

A row of `unit_costs` says that the line may ship from that warehouse at that cost per unit (shipping in
`unit_cost_cents`, warehouse handling in `unit_handling_cents`); no row means it may not.
`parcel_costs` prices
each parcel an order ships from a warehouse, and gives the transit days and distance used by the service-level
rule and the nearest-warehouse ranking. Order-level columns of `lines` repeat on every line of an order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

NO_PROMISE_DAYS = 10_000
SERVICE_LEVELS = ("standard", "express", "economy")

REQUIRED: dict[str, tuple[str, ...]] = {
    "lines": ("order_id", "line_no", "sku", "quantity"),
    "stock": ("warehouse", "sku", "units"),
    "unit_costs": ("order_id", "line_no", "warehouse", "unit_cost_cents"),
    "parcel_costs": ("order_id", "warehouse", "parcel_cost_cents"),
    "warehouses": ("warehouse",),
    "transfer_lanes": (
        "from_warehouse",
        "to_warehouse",
        "unit_cost_cents",
        "fixed_cost_cents",
        "lead_time_days",
    ),
    "purchase_options": ("warehouse", "sku", "supplier", "unit_cost_cents", "lead_time_days"),
}
DEFAULTS: dict[str, dict[str, object]] = {
    "lines": {
        "priority": 0,
        "service_level": "standard",
        "promised_days": NO_PROMISE_DAYS,
        "ship_complete": False,
        "max_parcels": 0,
    },
    "stock": {},
    "unit_costs": {"unit_handling_cents": 0},
    "parcel_costs": {"parcel_handling_cents": 0, "transit_days": 0, "distance_km": np.nan},
    "warehouses": {"pick_capacity_units": -1},
    "transfer_lanes": {},
    "purchase_options": {"premium_pct": 0},
}
INTEGER_COLUMNS = {
    "line_no",
    "quantity",
    "priority",
    "promised_days",
    "max_parcels",
    "units",
    "unit_cost_cents",
    "unit_handling_cents",
    "parcel_cost_cents",
    "parcel_handling_cents",
    "transit_days",
    "pick_capacity_units",
    "fixed_cost_cents",
    "lead_time_days",
    "premium_pct",
}
TEXT_COLUMNS = {"order_id", "sku", "warehouse", "from_warehouse", "to_warehouse", "supplier", "service_level"}
KEYS: dict[str, tuple[str, ...]] = {
    "lines": ("order_id", "line_no"),
    "stock": ("warehouse", "sku"),
    "unit_costs": ("order_id", "line_no", "warehouse"),
    "parcel_costs": ("order_id", "warehouse"),
    "warehouses": ("warehouse",),
    "transfer_lanes": ("from_warehouse", "to_warehouse"),
    "purchase_options": ("warehouse", "sku", "supplier"),
}
NON_NEGATIVE = INTEGER_COLUMNS - {"pick_capacity_units", "max_parcels"}


class InstanceError(ValueError):
    """The input tables break the contract; the message names the table, the column and the fix."""


@dataclass(frozen=True)
class Tables:
    """The normalised input tables: every column present, typed, keys unique, zero-quantity lines dropped."""

    lines: pd.DataFrame
    stock: pd.DataFrame
    unit_costs: pd.DataFrame
    parcel_costs: pd.DataFrame
    warehouses: pd.DataFrame
    transfer_lanes: pd.DataFrame
    purchase_options: pd.DataFrame
    n_zero_quantity_lines: int


def _normalise(name: str, frame: pd.DataFrame | None) -> pd.DataFrame:
    columns = REQUIRED[name] + tuple(DEFAULTS[name])
    if frame is None:
        return pd.DataFrame(
            {c: pd.Series([], dtype=object if c in TEXT_COLUMNS else "int64") for c in columns}
        )
    missing = [c for c in REQUIRED[name] if c not in frame.columns]
    if missing:
        raise InstanceError(
            f"table {name!r} lacks required column(s) {missing}; it has {list(frame.columns)}"
        )
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    for column in columns:
        if column in frame.columns:
            values = frame[column].reset_index(drop=True)
        else:
            values = pd.Series(np.full(len(frame), DEFAULTS[name][column], dtype=object))
        out[column] = _typed(name, column, values)
    duplicated = out.duplicated(list(KEYS[name]))
    if duplicated.any():
        example = out.loc[duplicated, list(KEYS[name])].iloc[0].to_dict()
        raise InstanceError(
            f"table {name!r} repeats the key {KEYS[name]}, e.g. {example}; keep one row per key"
        )
    return out


def _typed(name: str, column: str, values: pd.Series) -> pd.Series:
    if column in TEXT_COLUMNS:
        if values.isna().any():
            raise InstanceError(f"table {name!r} column {column!r} has empty values; fill them in")
        return values.astype(str)
    if column == "ship_complete":
        return values.map(_as_bool).astype(bool)
    if column == "distance_km":
        return pd.to_numeric(values, errors="coerce").astype("float64")
    if pd.api.types.is_integer_dtype(values.dtype) and not values.isna().any():
        numbers = values.astype("int64")  # the common case: already integers, nothing to check
    else:
        numbers = pd.to_numeric(values, errors="coerce")
        bad = numbers.isna() | (numbers != np.floor(numbers.fillna(0)))
        if bad.any():
            raise InstanceError(
                f"table {name!r} column {column!r} must hold integers, found {values[bad].iloc[0]!r}"
            )
        numbers = numbers.astype("int64")
    if column in NON_NEGATIVE and column != "quantity" and (numbers < 0).any():
        raise InstanceError(f"table {name!r} column {column!r} must not be negative, found {numbers.min()}")
    return numbers


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        if value.strip().lower() in ("true", "1", "yes"):
            return True
        if value.strip().lower() in ("false", "0", "no", ""):
            return False
        raise InstanceError(f"table 'lines' column 'ship_complete' must be true/false, found {value!r}")
    return bool(value)


def normalise_tables(
    lines: pd.DataFrame,
    stock: pd.DataFrame,
    unit_costs: pd.DataFrame,
    parcel_costs: pd.DataFrame,
    warehouses: pd.DataFrame | None = None,
    transfer_lanes: pd.DataFrame | None = None,
    purchase_options: pd.DataFrame | None = None,
) -> Tables:
    """Check and type the plain input tables; raise `InstanceError` naming the first problem found."""
    norm = {
        "lines": _normalise("lines", lines),
        "stock": _normalise("stock", stock),
        "unit_costs": _normalise("unit_costs", unit_costs),
        "parcel_costs": _normalise("parcel_costs", parcel_costs),
        "warehouses": _normalise("warehouses", warehouses),
        "transfer_lanes": _normalise("transfer_lanes", transfer_lanes),
        "purchase_options": _normalise("purchase_options", purchase_options),
    }
    lines_n = norm["lines"]
    if (lines_n["quantity"] < 0).any():
        bad = lines_n.loc[lines_n["quantity"] < 0].iloc[0]
        raise InstanceError(
            f"order {bad['order_id']!r} line {bad['line_no']} has negative quantity {bad['quantity']}; "
            "intake validation must reject it before allocation"
        )
    if not lines_n["priority"].isin([0, 1, 2]).all():
        raise InstanceError("table 'lines' column 'priority' must be 0 (normal), 1 (high) or 2 (urgent)")
    if not lines_n["service_level"].isin(SERVICE_LEVELS).all():
        bad = lines_n.loc[~lines_n["service_level"].isin(SERVICE_LEVELS), "service_level"].iloc[0]
        raise InstanceError(f"table 'lines' has service_level {bad!r}; use one of {SERVICE_LEVELS}")
    order_level = ["priority", "service_level", "promised_days", "ship_complete", "max_parcels"]
    inconsistent = lines_n.groupby("order_id")[order_level].nunique().gt(1).any(axis=1)
    if inconsistent.any():
        raise InstanceError(
            f"order {inconsistent[inconsistent].index[0]!r} has different order-level values "
            f"({order_level}) on its lines; repeat the same values on every line"
        )
    zero = lines_n["quantity"] == 0
    norm["lines"] = lines_n.loc[~zero].reset_index(drop=True)
    return Tables(**norm, n_zero_quantity_lines=int(zero.sum()))
