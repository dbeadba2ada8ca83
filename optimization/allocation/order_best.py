"""Best plan for one order against the stock and capacity the other orders leave (a best response).

An order ships from at most `max_parcels` warehouses. For every set of at most that many of its candidate
warehouses the cost is the parcels' cost plus, per line, the cheapest way to fill it from one warehouse of
the set (its arcs there filled cheapest first, the rest backordered); the cheapest set wins (the first on
ties, sets by size then in lexicographic order). A line is filled from a single warehouse of the set, which
is exact whenever one warehouse can fill it (nearly always: most lines are one or two units); the restricted
MIPs of the LNS cover the rest. The scoring itself is compiled (`order_best_kernel.py`): a solve makes tens
of thousands of these calls.
"""

from __future__ import annotations

import numpy as np

from optimization.allocation.instance import Instance
from optimization.allocation.order_best_kernel import best_response_kernel


class Index:
    """Per-order ranges over the instance's lines, pairs and arcs (all sorted by order)."""

    def __init__(self, inst: Instance) -> None:
        orders = np.arange(inst.n_orders + 1)
        self.line_start = np.searchsorted(inst.line_order, orders).tolist()
        self.pair_start = np.searchsorted(inst.pair_order, orders).tolist()
        self.arc_start = np.searchsorted(inst.line_order[inst.arc_line], orders).tolist()
        self.max_parcels = inst.order_max_parcels.tolist()
        self.ship_complete = inst.order_ship_complete.tolist()


def best_response(
    inst: Instance,
    index: Index,
    order: int,
    slot_left: np.ndarray,
    cap_left: np.ndarray,
    lane_paid: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """The order's cheapest plan against what is left: (arc ids, units, estimated cost in cents), or None
    when no plan within the capacity left was found. `slot_left` and `cap_left` must already include the
    order's own current units (as if it were unplanned)."""
    arcs, units, cost, found = best_response_kernel(
        index.arc_start[order], index.arc_start[order + 1],
        index.line_start[order], index.line_start[order + 1],
        index.pair_start[order], index.pair_start[order + 1],
        index.max_parcels[order], index.ship_complete[order], inst.weights.split_penalty_cents,
        inst.arc_cost, inst.arc_lane, inst.arc_kind, inst.arc_line, inst.arc_pair, inst.arc_cap,
        inst.arc_slot, inst.arc_wh, inst.line_qty, inst.line_penalty, inst.pair_cost,
        inst.lane_fixed_cost, slot_left, cap_left, lane_paid,
    )  # fmt: skip
    return (arcs, units, int(cost)) if found else None
