"""KPIs and per-order explanations of a plan, as pure functions so that the Dagster assets stay thin."""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimization.allocation.instance import DIRECT, Instance
from optimization.allocation.plan import evaluate, line_filled, pairs_used, parcels_per_order
from optimization.allocation.result import AllocationResult


def plan_kpis(inst: Instance, units: np.ndarray) -> dict[str, float]:
    """Total cost and its parts, parcels per served order, split rate, unit fill rate, mean distance per
    parcel (km, NaN when unknown), share of served express orders shipped within their promised days."""
    cost = evaluate(inst, units).as_dict()
    parcels = parcels_per_order(inst, units)
    served = parcels > 0
    used = pairs_used(inst, units)
    late = inst.pair_transit_days > inst.order_promised_days[inst.pair_order]
    express_served = served & inst.order_express
    late_orders = np.bincount(inst.pair_order[used & late], minlength=inst.n_orders) > 0
    distances = inst.pair_distance_km[used]
    return {
        **{k: float(v) for k, v in cost.items()},
        "n_orders": float(inst.n_orders),
        "parcels_per_order": float(parcels[served].mean()) if served.any() else 0.0,
        "split_rate": float((parcels[served] > 1).mean()) if served.any() else 0.0,
        "fill_rate": float(line_filled(inst, units).sum() / max(int(inst.line_qty.sum()), 1)),
        "mean_distance_km": float(np.nanmean(distances)) if np.isfinite(distances).any() else float("nan"),
        "service_level_met": float(1 - late_orders[express_served].mean()) if express_served.any() else 1.0,
    }


def kpi_table(result: AllocationResult) -> pd.DataFrame:
    """Our plan and the ranked-rules baseline side by side, plus status, solve time and gap."""
    ours = plan_kpis(result.instance, result.units)
    base = plan_kpis(result.instance, result.baseline_units)
    table = pd.DataFrame(
        {"kpi": list(ours), "optimised": list(ours.values()), "ranked_rules": list(base.values())}
    )
    extra = pd.DataFrame(
        {
            "kpi": ["solve_time_s", "gap_to_lp_bound"],
            "optimised": [result.solve_time_s, result.gap],
            "ranked_rules": [float("nan"), float("nan")],
        }
    )
    return pd.concat([table, extra], ignore_index=True)


def _order_cost(inst: Instance, units: np.ndarray, order: int) -> int:
    arcs = inst.line_order[inst.arc_line] == order
    lines = inst.line_order == order
    used = pairs_used(inst, units) & (inst.pair_order == order)
    short = inst.line_qty[lines] - line_filled(inst, units)[lines]
    n_parcels = int(used.sum())
    return int(
        units[arcs] @ inst.arc_cost[arcs]
        + inst.pair_cost[used].sum()
        + max(n_parcels - 1, 0) * inst.weights.split_penalty_cents
        + short @ inst.line_penalty[lines]
    )


def explain_orders(inst: Instance, units: np.ndarray, orders: list[str] | None = None) -> pd.DataFrame:
    """Per order: chosen warehouse(s), cost breakdown, and the best single-warehouse alternative with its
    extra cost and a reason text. The alternative is priced at list cost (transfer lane fixed costs and the
    stock other orders took are not re-optimised), so it explains the choice rather than re-solving it."""
    picked = np.arange(inst.n_orders) if orders is None else np.searchsorted(inst.order_id, orders)
    used = pairs_used(inst, units)
    rows = []
    for o in picked.tolist():
        lines = np.flatnonzero(inst.line_order == o)
        chosen = inst.wh_code[inst.pair_wh[used & (inst.pair_order == o)]].tolist()
        cost = _order_cost(inst, units, o)
        best_alt, best_cost, reason = None, None, "only option"
        for p in np.flatnonzero(inst.pair_order == o).tolist():
            wh = inst.wh_code[inst.pair_wh[p]]
            if [wh] == chosen:
                continue
            arcs = np.flatnonzero((inst.arc_pair == p) & (inst.arc_kind == DIRECT))
            full = {int(inst.arc_line[a]): int(inst.arc_cap[a]) for a in arcs}
            missing = [
                inst.sku_code[inst.line_sku[ln]] for ln in lines if full.get(int(ln), 0) < inst.line_qty[ln]
            ]
            alt = np.zeros_like(units)
            for a in arcs.tolist():
                alt[a] = min(int(inst.arc_cap[a]), int(inst.line_qty[inst.arc_line[a]]))
            alt_cost = _order_cost(inst, alt, o)
            if best_cost is None or alt_cost < best_cost:
                best_alt, best_cost = wh, alt_cost
                lacks = f"lacks SKU {', '.join(missing)}; " if missing else ""
                reason = f"{wh} {lacks}shipping all from {wh} would cost {(alt_cost - cost) / 100:.2f} more"
        rows.append(
            {
                "order_id": inst.order_id[o],
                "warehouses": ";".join(chosen),
                "cost_cents": cost,
                "best_alternative": best_alt,
                "extra_cost_cents": None if best_cost is None else best_cost - cost,
                "reason": reason,
            }
        )
    return pd.DataFrame(rows)
