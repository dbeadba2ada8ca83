"""Metadata for people: KPIs side by side with the ranked-rules baseline, previews, plottable numbers."""

from __future__ import annotations

import math

import dagster as dg
import pandas as pd

from assets.allocation.batch import Batch
from optimization.allocation.kpis import kpi_table
from optimization.allocation.result import AllocationResult

PREVIEW_ROWS = 20
MONEY_KPIS = ("total_cents", "shipping_cents", "handling_cents", "split_penalty_cents", "transfer_cents",
              "purchase_cents", "unfilled_penalty_cents")  # fmt: skip


def _num(value: float) -> dg.MetadataValue:
    return dg.MetadataValue.float(float(value) if math.isfinite(value) else float("nan"))


def _md(frame: pd.DataFrame | None) -> dg.MetadataValue:
    if frame is None or frame.empty:
        return dg.MetadataValue.md("_none_")
    return dg.MetadataValue.md(frame.head(PREVIEW_ROWS).to_markdown(index=False, floatfmt=".4g"))


def kpi_markdown(result: AllocationResult) -> str:
    """KPI table with money in yuan, our plan next to the ranked rules and the difference."""
    table = kpi_table(result).set_index("kpi")
    rows = []
    for kpi, row in table.iterrows():
        ours, base = float(row["optimised"]), float(row["ranked_rules"])
        scale = 100.0 if kpi in MONEY_KPIS else 1.0
        name = kpi.replace("_cents", "_yuan") if kpi in MONEY_KPIS else kpi
        delta = "" if not (math.isfinite(ours) and math.isfinite(base)) else f"{(ours - base) / scale:+,.3f}"
        rows.append(
            {"kpi": name, "optimised": ours / scale, "ranked_rules": base / scale, "difference": delta}
        )
    return pd.DataFrame(rows).to_markdown(index=False, floatfmt=",.3f")


def plan_metadata(
    batch: Batch, result: AllocationResult, written: dict[str, pd.DataFrame | None]
) -> dict[str, dict[str, dg.MetadataValue]]:
    """Metadata per asset key of the allocation multi-asset."""
    table = kpi_table(result).set_index("kpi")
    ours = table["optimised"]
    base = table["ranked_rules"]
    plan = written["plan"]
    backorders = written["backorders"]
    saving = (base["total_cents"] - ours["total_cents"]) / base["total_cents"] if base["total_cents"] else 0.0
    plan_meta = {
        "dagster/row_count": dg.MetadataValue.int(0 if plan is None else len(plan)),
        "status": dg.MetadataValue.text(result.status),
        "method": dg.MetadataValue.text(result.method),
        "is_valid": dg.MetadataValue.bool(result.is_valid),
        "n_orders": dg.MetadataValue.int(batch.n_orders),
        "n_lines": dg.MetadataValue.int(batch.n_lines),
        "n_units": dg.MetadataValue.int(batch.n_units),
        "total_cost_yuan": _num(ours["total_cents"] / 100),
        "baseline_cost_yuan": _num(base["total_cents"] / 100),
        "saving_vs_baseline": _num(saving),
        "lp_bound_yuan": _num(result.lp_bound_cents / 100),
        "gap_to_lp_bound": _num(result.gap),
        "bound_source": dg.MetadataValue.text(result.bound_source),
        "parcels_per_order": _num(ours["parcels_per_order"]),
        "split_rate": _num(ours["split_rate"]),
        "fill_rate": _num(ours["fill_rate"]),
        "mean_distance_km": _num(ours["mean_distance_km"]),
        "service_level_met": _num(ours["service_level_met"]),
        "solve_time_s": _num(result.solve_time_s),
        "kpis_vs_ranked_rules": dg.MetadataValue.md(kpi_markdown(result)),
        "notes": dg.MetadataValue.text("; ".join(result.notes) or "none"),
        "preview": _md(plan),
    }
    tables = result.tables()
    return {
        "allocation_plan": plan_meta,
        "backorders": {
            "dagster/row_count": dg.MetadataValue.int(0 if backorders is None else len(backorders)),
            "units": dg.MetadataValue.int(0 if backorders is None else int(backorders["units"].sum())),
            "preview": _md(backorders),
        },
        "transfer_requests": {
            "dagster/row_count": dg.MetadataValue.int(len(tables["transfer_requests"])),
            "units": dg.MetadataValue.int(int(tables["transfer_requests"]["units"].sum())),
            "preview": _md(tables["transfer_requests"]),
        },
        "purchase_requests": {
            "dagster/row_count": dg.MetadataValue.int(len(tables["purchase_requests"])),
            "units": dg.MetadataValue.int(int(tables["purchase_requests"]["units"].sum())),
            "preview": _md(tables["purchase_requests"]),
        },
        "allocation_explanations": {
            "dagster/row_count": dg.MetadataValue.int(
                0 if written["explanations"] is None else len(written["explanations"])
            ),
            "preview": _md(written["explanations"]),
        },
    }


def scenario_table(name: str, result: AllocationResult) -> pd.DataFrame:
    """Long table (scenario, kpi, value) of one scenario's plan, money in yuan."""
    table = kpi_table(result)
    values = [
        float(v) / (100.0 if k in MONEY_KPIS else 1.0)
        for k, v in zip(table["kpi"], table["optimised"], strict=True)
    ]
    kpis = [k.replace("_cents", "_yuan") if k in MONEY_KPIS else k for k in table["kpi"]]
    return pd.DataFrame({"scenario": name, "kpi": kpis, "value": values})
