"""The scale approach for large batches: candidate pruning plus large-neighbourhood search (LNS) from the
ranked-rules plan.

1. Candidate pruning: each line keeps the direct arcs of its `candidates_per_line` cheapest warehouses
   (units x unit cost + parcel cost), every transfer and purchase arc, and the arcs of the start plan.
2. Orders that have more than one candidate parcel are cut into neighbourhoods of `CHUNK_ORDERS` orders that
   share a nearest warehouse. Each neighbourhood in turn is released and re-solved exactly by a restricted
   MIP (HiGHS) against the stock and capacity the other orders leave; the result is kept only if the total
   cost drops. The start plan's choice for the neighbourhood is always feasible, so the plan never gets worse.

LP relax-and-fix was tried first; on the synthetic benchmark its LP alone took longer than the whole time
budget (see docs/allocation.md), so the LP is used for the reported lower bound only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from optimization.allocation.formulation import Scope, formulate
from optimization.allocation.instance import DIRECT, TRANSFER, Instance
from optimization.allocation.mip import solve
from optimization.allocation.plan import evaluate, violations

CHUNK_ORDERS = 150


@dataclass(frozen=True)
class LargeOutcome:
    units: np.ndarray | None
    status: str
    notes: tuple[str, ...]
    lp_value_cents: float = float("nan")


def prune(inst: Instance, start_units: np.ndarray, per_line: int) -> np.ndarray:
    """Arc mask: the cheapest `per_line` direct arcs of each line, option arcs, start plan arcs."""
    qty = inst.line_qty[inst.arc_line]
    key = inst.arc_cost * qty + inst.pair_cost[inst.arc_pair]
    direct = inst.arc_kind == DIRECT
    order = np.lexsort((np.arange(inst.n_arcs), key, ~direct, inst.arc_line))
    line_sorted = inst.arc_line[order]
    first = np.searchsorted(line_sorted, line_sorted)  # rank within the line, direct arcs first
    rank = np.empty(inst.n_arcs, dtype=np.int64)
    rank[order] = np.arange(inst.n_arcs) - first
    return (rank < per_line) | ~direct | (start_units > 0)


def _residual(inst: Instance, units: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    has = inst.arc_slot >= 0
    drawn = np.bincount(inst.arc_slot[has], weights=units[has], minlength=len(inst.slot_units)).astype(
        np.int64
    )
    picked = np.bincount(inst.arc_wh, weights=units, minlength=len(inst.wh_code)).astype(np.int64)
    paid = np.zeros(len(inst.lane_from), bool)
    moved = (inst.arc_kind == TRANSFER) & (units > 0)
    paid[inst.arc_lane[moved]] = True
    return inst.slot_units - drawn, inst.wh_capacity - picked, paid


def _neighbourhoods(inst: Instance, units: np.ndarray, size: int) -> list[np.ndarray]:
    """Orders in chunks of `size`, grouped by their nearest warehouse so that orders that compete for the
    same stock are re-solved together; orders with a single candidate parcel are left as they are."""
    nearness = np.where(np.isnan(inst.pair_distance_km), inst.pair_cost, inst.pair_distance_km)
    by_order = np.lexsort((nearness, inst.pair_order))
    first = np.searchsorted(inst.pair_order[by_order], np.arange(inst.n_orders))
    has_pair = first < len(by_order)
    nearest = np.full(inst.n_orders, -1)
    nearest[has_pair] = inst.pair_wh[by_order[first[has_pair]]]
    n_pairs = np.bincount(inst.pair_order, minlength=inst.n_orders)
    movable = np.flatnonzero(n_pairs > 1)
    movable = movable[np.lexsort((movable, nearest[movable]))]
    return [c for c in np.array_split(movable, max(1, -(-len(movable) // size))) if len(c)]


def solve_large(inst: Instance, start_units: np.ndarray, deadline: float) -> LargeOutcome:
    """Large-neighbourhood search from the start plan: release one chunk of orders at a time, re-solve it
    exactly (restricted MIP over its pruned arcs, against the stock the other orders leave), keep the result
    only when it lowers the total cost."""
    w = inst.weights
    keep = prune(inst, start_units, w.candidates_per_line)
    units = start_units.copy()
    best = evaluate(inst, units).total_cents
    chunks = _neighbourhoods(inst, units, CHUNK_ORDERS)
    notes = [f"pruned to {int(keep.sum())} of {inst.n_arcs} arcs; {len(chunks)} neighbourhoods"]
    improved = 0
    for i, chunk in enumerate(chunks):
        left = deadline - time.perf_counter()
        if left <= 0.5:
            notes.append(f"time limit reached after {i} of {len(chunks)} neighbourhoods")
            break
        mask = np.zeros(inst.n_orders, bool)
        mask[chunk] = True
        in_chunk = mask[inst.line_order[inst.arc_line]]
        rest = np.where(in_chunk, 0, units)
        slots, caps, paid = _residual(inst, rest)
        sub = formulate(inst, Scope(mask, keep & in_chunk, slots, caps, paid))
        outcome = solve(sub.model, "highs", max(0.5, left / (len(chunks) - i)), w.seed, w.workers)
        if outcome.values is None:
            continue
        trial = rest.copy()
        trial[sub.arcs] = sub.arc_units(outcome.values)
        cost = evaluate(inst, trial).total_cents
        if cost < best and not violations(inst, trial):
            units, best = trial, cost
            improved += 1
    notes.append(f"{improved} neighbourhoods improved")
    return LargeOutcome(units, "feasible", tuple(notes))
