"""Reconciliation settings: tolerances per SKU class (a `dg.Config` for run config, a frozen value for
SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field

import dagster as dg
from pydantic import Field

# A-class SKUs are the fast movers where a unit of unexplained loss matters most, so they get no slack.
DEFAULT_TOLERANCE_UNITS: dict[str, int] = {"A": 0, "B": 1, "C": 2}
DEFAULT_TOLERANCE_PCT: dict[str, float] = {"A": 0.0, "B": 0.5, "C": 1.0}


@dataclass(frozen=True)
class Tolerances:
    """Unexplained units allowed per SKU class: the larger of `units` and `pct` percent of physical on-hand.

    A SKU missing from the catalogue (no class) gets no tolerance at all.
    """

    units: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_TOLERANCE_UNITS))
    pct: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_TOLERANCE_PCT))

    def as_params(self) -> dict[str, object]:
        """Three aligned lists, as sql/inventory/stock_reconciliation.sql binds them."""
        classes = sorted(set(self.units) | set(self.pct))
        return {
            "tolerance_classes": classes,
            "tolerance_units": [int(self.units.get(c, 0)) for c in classes],
            "tolerance_pct": [float(self.pct.get(c, 0.0)) for c in classes],
        }


class ReconciliationConfig(dg.Config):
    """Tolerances of the sellable-vs-physical reconciliation, per SKU velocity class (A, B, C)."""

    tolerance_units: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_TOLERANCE_UNITS),
        description="Unexplained units tolerated per (warehouse, SKU) line, by SKU class; above it the line "
        "is 'unexplained_above_tolerance' and the check warns.",
    )
    tolerance_pct: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_TOLERANCE_PCT),
        description="Unexplained units tolerated as a percentage of physical on-hand, by SKU class; the "
        "larger of this and tolerance_units applies.",
    )

    def tolerances(self) -> Tolerances:
        bad = {k: v for k, v in self.tolerance_units.items() if v < 0}
        bad |= {k: v for k, v in self.tolerance_pct.items() if v < 0}
        if bad:
            raise ValueError(f"reconciliation tolerances must not be negative, got {bad}; fix the run config")
        return Tolerances(units=dict(self.tolerance_units), pct=dict(self.tolerance_pct))
