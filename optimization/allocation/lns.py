"""Large-neighbourhood search: re-solve groups of orders exactly against what the other orders leave.

A neighbourhood is a few *seed* orders whose plan can still improve (several parcels, or units missing
that they have arcs for), grouped by warehouse, plus their *rivals*: the orders that hold the stock the
seeds could use or fill the warehouses they could ship from. Releasing both lets stock and capacity change
hands. Each neighbourhood is one restricted MIP (HiGHS, a node limit as its work limit) over the
neighbourhood's cheapest arcs and its current arcs, against the residual stock, capacity and paid lanes;
the result is kept only when the total cost drops.
"""

from __future__ import annotations

import numpy as np

from optimization.allocation.formulation import Scope, formulate
from optimization.allocation.instance import TRANSFER, Instance
from optimization.allocation.mip import solve
from optimization.allocation.plan import line_filled, parcels_per_order

SEED_SHARE = 0.3  # seeds per neighbourhood, as a share of `Weights.lns_orders` (the rest are rivals)
NODE_LIMIT = 50  # HiGHS branch-and-bound nodes per neighbourhood: a work limit, not a clock
# the root reduced-cost heuristic took about half of each neighbourhood's time and found nothing the others
# did not (10k generator batch: 8 neighbourhoods 13.6 s -> 6.8 s, same saving); a relative gap of 1e-3
# instead of 1e-4 takes a third off the time of 300-order MIPs (10k: 16.7 s -> 11.5 s for the three
# neighbourhoods) and leaves 22 yuan of their 28,470 yuan saving on the table
MIP_GAP = 1e-3
MIP_PARAMS = f"mip_max_nodes={NODE_LIMIT}\nmip_rel_gap={MIP_GAP}\nmip_heuristic_run_root_reduced_cost=false"


def residual(inst: Instance, units: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stock left per slot, pick capacity left per warehouse, lanes already paid for, under `units`."""
    has = inst.arc_slot >= 0
    drawn = np.bincount(inst.arc_slot[has], weights=units[has], minlength=len(inst.slot_units))
    picked = np.bincount(inst.arc_wh, weights=units, minlength=len(inst.wh_code))
    paid = np.zeros(len(inst.lane_from), bool)
    paid[inst.arc_lane[(inst.arc_kind == TRANSFER) & (units > 0)]] = True
    return inst.slot_units - drawn.astype(np.int64), inst.wh_capacity - picked.astype(np.int64), paid


def short_orders(inst: Instance, units: np.ndarray) -> np.ndarray:
    """Orders that miss units they have arcs for."""
    filled = line_filled(inst, units)
    has_arc = np.bincount(inst.arc_line, minlength=inst.n_lines) > 0
    return (
        np.bincount(inst.line_order, weights=(inst.line_qty > filled) & has_arc, minlength=inst.n_orders) > 0
    )


def improvable(inst: Instance, units: np.ndarray) -> np.ndarray:
    """Orders that ship in several parcels or miss units they have arcs for."""
    return (parcels_per_order(inst, units) > 1) | short_orders(inst, units)


def _first_per_order(inst: Instance, by: np.ndarray) -> np.ndarray:
    """The warehouse of the first pair of each order in the pair ordering `by` (sorted by order first)."""
    if len(by) == 0:
        return np.zeros(inst.n_orders, dtype=np.int32)
    first = np.minimum(np.searchsorted(inst.pair_order[by], np.arange(inst.n_orders)), len(by) - 1)
    return inst.pair_wh[by[first]]


def nearest_warehouse(inst: Instance) -> np.ndarray:
    """Each order's nearest warehouse (by distance, else by parcel cost)."""
    nearness = np.where(np.isnan(inst.pair_distance_km), inst.pair_cost, inst.pair_distance_km)
    return _first_per_order(inst, np.lexsort((inst.pair_wh, nearness, inst.pair_order)))


def main_warehouse(inst: Instance, units: np.ndarray, nearest: np.ndarray | None = None) -> np.ndarray:
    """The warehouse that ships most of each order's units (its nearest when it ships nothing; `nearest`:
    `nearest_warehouse(inst)` when the caller has it already)."""
    per_pair = np.bincount(inst.arc_pair, weights=units, minlength=len(inst.pair_order))
    main = _first_per_order(inst, np.lexsort((inst.pair_wh, -per_pair, inst.pair_order)))
    ships = np.bincount(inst.pair_order, weights=per_pair, minlength=inst.n_orders) > 0
    return np.where(ships, main, nearest_warehouse(inst) if nearest is None else nearest)


def seed_count(hood_orders: int) -> int:
    """Seed orders per neighbourhood of `hood_orders` orders."""
    return max(1, round(SEED_SHARE * hood_orders))


def seed_groups(orders: np.ndarray, key: np.ndarray, tier: np.ndarray, size: int) -> list[np.ndarray]:
    """The given orders in groups of about `size`: lower `tier` first (one per order), then the same or
    adjacent `key` (a warehouse)."""
    chosen = orders[np.lexsort((orders, key[orders], tier))]
    n_groups = max(1, -(-len(chosen) // size))
    return [g for g in np.array_split(chosen, n_groups) if len(g)]


def with_rivals(inst: Instance, units: np.ndarray, seeds: np.ndarray, size: int) -> np.ndarray:
    """The seeds plus the orders holding stock the seeds could use, or units at full warehouses the seeds
    could ship from (most such units first), up to `size` orders."""
    mask = np.zeros(inst.n_orders, bool)
    mask[seeds] = True
    theirs = mask[inst.arc_order]
    slots = np.zeros(len(inst.slot_units), bool)
    slots[inst.arc_slot[theirs & (inst.arc_slot >= 0)]] = True
    load = np.bincount(inst.arc_wh, weights=units, minlength=len(inst.wh_code))
    full = np.zeros(len(inst.wh_code), bool)
    full[inst.arc_wh[theirs]] = True
    full &= load >= inst.wh_capacity
    on_slot = np.append(slots, False)[inst.arc_slot]  # slot -1 reads the appended False
    held = (units > 0) & ~theirs & (on_slot | full[inst.arc_wh])
    weight = np.bincount(inst.arc_order[held], weights=units[held], minlength=inst.n_orders)
    rivals = np.flatnonzero(weight > 0)
    rivals = rivals[np.lexsort((rivals, -weight[rivals]))][: max(0, size - len(seeds))]
    return np.sort(np.concatenate([seeds, rivals]))


def resolve(
    inst: Instance, units: np.ndarray, orders: np.ndarray, arc_mask: np.ndarray, limit_s: float
) -> tuple[np.ndarray, bool]:
    """Re-solve the orders exactly (over their masked and current arcs) against what the rest leaves;
    returns the new plan (the old one when the solver found none) and whether it stopped on the clock."""
    w = inst.weights
    mask = np.zeros(inst.n_orders, bool)
    mask[orders] = True
    in_hood = mask[inst.arc_order]
    rest = np.where(in_hood, 0, units)
    slots, caps, paid = residual(inst, rest)
    scope = Scope(mask, in_hood & (arc_mask | (units > 0)), slots, np.maximum(caps, 0), paid)
    form = formulate(inst, scope)
    outcome = solve(form.model, "highs", limit_s, w.seed, w.workers, extra_params=MIP_PARAMS)
    clocked = outcome.wall_s >= 0.95 * limit_s
    if outcome.values is None:
        return units, clocked
    trial = rest.copy()
    trial[form.arcs] = form.arc_units(outcome.values)
    return trial, clocked
