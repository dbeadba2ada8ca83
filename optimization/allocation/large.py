"""The scale approach for large batches: flow relaxation, repair, local search, then restricted MIPs.

1. Candidate pruning: each line keeps its `Weights.candidates_per_line` cheapest stock arcs and
   `OPTIONS_PER_LINE` cheapest transfer/purchase arcs (unit cost plus parcel and lane fixed costs at their
   lowest rate), plus the arcs of the ranked-rules plan. Pruning only steers the flow; the bound and the
   per-order best responses use every arc.
2. Slope scaling (`flow.py`): `ROUNDS` min-cost-flow rounds with parcel and lane fixed costs spread over
   the units that used them, pick capacity priced, and tolls on orders over their parcel cap.
3. Repair: orders that still break a rule (parcel cap, ship-complete, capacity) are released and re-planned
   one by one with their best response (`order_best.py`) against what the others leave.
4. Local search: `LOCAL_PASSES` passes of best responses over the orders that can still improve
   (`local.py`); each change lowers the total cost.
5. Capacity exchange (`exchange.py`): `EXCHANGE_ROUNDS` rounds in which each full warehouse's pick capacity
   moves from the orders that lose least by shipping elsewhere to short orders that gain most from it.
6. LNS (`lns.py`): restricted MIPs over seed orders and their rivals, each kept only when the total cost
   drops; the orders missing units the flow plan gave them come first, in `FIRST_TIER_PASSES` passes
   re-seeded after each.
7. Ejection chains (`chains.py`): a pass over the served orders, then the short ones, each trying to move
   a holder of the stock the order would need to ship cheaper or from fewer warehouses (or lacks) to its
   next-best plan (a purchase, a transfer, another warehouse) so that the order gets the stock; applied
   only when the two orders together cost less.
Steps 6 and 7 run twice (`lns_blocks`): `Weights.lns_neighbourhoods` neighbourhoods in all, two thirds of
them in the first block.

The cheaper of this plan and the ranked-rules plan is returned. Determinism: the amount of work is fixed
by the instance and the weights (rounds, passes, neighbourhoods, a node limit per MIP); the wall-clock limit
is only a safety net, and when it is hit the result notes say so (the plan may then depend on machine speed).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from optimization.allocation.chains import chains
from optimization.allocation.exchange import exchange, full_warehouses
from optimization.allocation.flow import SlopeScaling, flow_bound, lowest_rates
from optimization.allocation.instance import DIRECT, Instance
from optimization.allocation.lns import (
    improvable,
    main_warehouse,
    nearest_warehouse,
    resolve,
    seed_count,
    seed_groups,
    short_orders,
    with_rivals,
)
from optimization.allocation.local import PlanState, replan_all
from optimization.allocation.plan import evaluate, line_filled, parcels_per_order, violations

OPTIONS_PER_LINE = 4
ROUNDS = 8
LOCAL_PASSES = 1
EXCHANGE_ROUNDS = 2
FIRST_TIER_PASSES = 2  # LNS passes over the orders missing units the flow plan gave them, re-seeded each time
LNS_ARCS_PER_LINE = 8  # arcs per line (cheapest first, plus the current plan's) in a neighbourhood MIP
CHUNK_SAFETY_S = 20.0  # per-neighbourhood wall-clock safety net


def lns_blocks(neighbourhoods: int) -> tuple[int, int]:
    """LNS neighbourhoods, then a round of ejection chains, twice: the chains' moves open new
    neighbourhoods (10k: 10 + 4 neighbourhoods 3.51% above the LP bound; 16 in one block, then two chain
    rounds, 3.65% in the same time). Two thirds of the neighbourhoods go to the first block."""
    return neighbourhoods - neighbourhoods // 3, neighbourhoods // 3


@dataclass(frozen=True)
class LargeOutcome:
    units: np.ndarray
    status: str
    notes: tuple[str, ...]
    bound_cents: float


def prune(inst: Instance, start_units: np.ndarray, per_line: int) -> np.ndarray:
    """Arc mask: per line the `per_line` cheapest stock arcs and `OPTIONS_PER_LINE` cheapest option arcs
    (unit cost plus parcel and lane fixed costs at their lowest rate), plus the arcs `start_units` uses."""
    key = lowest_rates(inst)
    option = inst.arc_kind != DIRECT
    by = np.lexsort((np.arange(inst.n_arcs), key, option, inst.arc_line))
    group = inst.arc_line[by].astype(np.int64) * 2 + option[by]
    rank = np.empty(inst.n_arcs, dtype=np.int64)
    rank[by] = np.arange(inst.n_arcs) - np.searchsorted(group, group)
    return np.where(option, rank < OPTIONS_PER_LINE, rank < per_line) | (start_units > 0)


def flow_plan(inst: Instance, arc_mask: np.ndarray, deadline: float = math.inf) -> np.ndarray:
    """`ROUNDS` rounds of slope scaling over the masked arcs, fewer if `deadline` (safety net) passes."""
    scaler = SlopeScaling(inst, np.ones(inst.n_lines, bool), arc_mask, inst.slot_units, inst.wh_capacity)
    units = scaler.units
    for _ in range(ROUNDS):
        if time.perf_counter() >= deadline:
            break
        units = scaler.step()
    return units


def broken(inst: Instance, units: np.ndarray) -> np.ndarray:
    """Orders that break a rule: over the parcel cap, ship-complete partly served, or (some of the orders)
    at a warehouse over its pick capacity, those with the most units there first."""
    parcels = parcels_per_order(inst, units)
    filled = line_filled(inst, units)
    short = np.bincount(inst.line_order, weights=inst.line_qty - filled, minlength=inst.n_orders)
    got = np.bincount(inst.line_order, weights=filled, minlength=inst.n_orders)
    out = (parcels > inst.order_max_parcels) | (inst.order_ship_complete & (short > 0) & (got > 0))
    kept = np.where(out[inst.arc_order], 0, units)
    load = np.bincount(inst.arc_wh, weights=kept, minlength=len(inst.wh_code))
    for w in np.flatnonzero(load > inst.wh_capacity):  # a handful of warehouses at most
        at_w = (inst.arc_wh == w) & (kept > 0)
        per_order = np.bincount(inst.arc_order[at_w], weights=kept[at_w], minlength=inst.n_orders)
        users = np.flatnonzero(per_order > 0)
        users = users[np.lexsort((users, -per_order[users]))]
        before = np.cumsum(per_order[users]) - per_order[users]
        out[users[before < load[w] - inst.wh_capacity[w]]] = True
    return out


def _seeds(inst: Instance, units: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Orders worth a neighbourhood and their tier: 0 for those missing units the flow plan (`target`,
    which ignores the parcel cap) gave them, 1 for the other orders missing units they have arcs for."""
    behind = line_filled(inst, target) > line_filled(inst, units)
    first = np.bincount(inst.line_order, weights=behind, minlength=inst.n_orders) > 0
    either = first | short_orders(inst, units)
    return np.flatnonzero(either), np.where(first, 0, 1)[either]


def _lns(
    inst: Instance,
    units: np.ndarray,
    target: np.ndarray,
    budget: int,
    deadline: float,
    notes: list[str],
) -> np.ndarray:
    """Up to `budget` neighbourhoods: first up to `FIRST_TIER_PASSES` passes over the tier-0 seeds only,
    re-seeded after each pass (solving some frees or takes stock the others' seeds and rivals depend on),
    then one pass over every seed grouped by nearest warehouse and one grouped by main warehouse."""
    arcs = prune(inst, units, LNS_ARCS_PER_LINE)
    size = inst.weights.lns_orders
    best = evaluate(inst, units).total_cents
    improved = clocked = done = 0
    passes = [(True, True)] * FIRST_TIER_PASSES + [(True, False), (False, False)]
    nearest = nearest_warehouse(inst)  # fixed by the instance: computed once for every pass
    for by_nearest, first_tier_only in passes:
        key = nearest if by_nearest else main_warehouse(inst, units, nearest)
        orders, tier = _seeds(inst, units, target)
        if first_tier_only:
            orders, tier = orders[tier == 0], tier[tier == 0]
        for seeds in seed_groups(orders, key, tier, seed_count(size))[: max(0, budget - done)]:
            left = deadline - time.perf_counter()
            if left <= 0:
                notes.append(f"time limit reached after {done} of {budget} neighbourhoods (safety net)")
                return units
            hood = with_rivals(inst, units, seeds, size)
            trial, hit = resolve(inst, units, hood, arcs, min(CHUNK_SAFETY_S, left))
            clocked += hit
            done += 1
            cost = evaluate(inst, trial).total_cents
            if cost < best and not violations(inst, trial):
                units, best = trial, cost
                improved += 1
    notes.append(f"LNS: {done} neighbourhoods, {improved} improved")
    if clocked:
        notes.append(f"{clocked} neighbourhood MIPs stopped on the clock, not the node limit (safety net)")
    return units


def _exchange(state: PlanState, deadline: float) -> tuple[int, str]:
    """`EXCHANGE_ROUNDS` rounds of capacity exchange over the full warehouses, until the deadline; returns
    the saving in cents and, when the deadline stopped it, where ("" otherwise)."""
    saved = 0
    for r in range(EXCHANGE_ROUNDS):
        full = full_warehouses(state)
        for i, wh in enumerate(full):
            if time.perf_counter() >= deadline:
                return saved, f"in round {r + 1} of {EXCHANGE_ROUNDS}, {i} of {len(full)} warehouses done"
            saved += exchange(state, int(wh), short_orders(state.inst, state.units))[1]
    return saved, ""


def solve_large(
    inst: Instance, start_units: np.ndarray, time_limit_s: float, max_neighbourhoods: int
) -> LargeOutcome:
    """Steps 1-7 of the module docstring; `start_units` is the ranked-rules plan."""
    deadline = time.perf_counter() + time_limit_s
    bound = flow_bound(inst)
    keep = prune(inst, start_units, inst.weights.candidates_per_line)
    flow_units = flow_plan(inst, keep, deadline)
    out = broken(inst, flow_units)
    state = PlanState(inst, np.where(out[inst.arc_order], 0, flow_units))
    sequence = np.lexsort((np.arange(inst.n_orders), -inst.order_priority.astype(np.int64)))
    replan_all(state, sequence[out[sequence]], deadline)
    notes = [
        f"flow over {int(keep.sum())} of {inst.n_arcs} arcs; {int(out.sum())} orders broke a rule and "
        "were re-planned"
    ]
    for _ in range(LOCAL_PASSES):
        changed = replan_all(state, sequence[improvable(inst, state.units)[sequence]], deadline)
        notes.append(f"local search: {changed} orders re-planned")
    if time.perf_counter() >= deadline:
        notes.append(
            "time limit reached during the flow, repair or local search (safety net): orders not reached "
            "are backordered, and the ranked-rules plan is kept if it is cheaper"
        )
    saved, stopped = _exchange(state, deadline)
    units = state.units
    best = evaluate(inst, units).total_cents
    start_cost = evaluate(inst, start_units).total_cents
    if violations(inst, units) or best > start_cost:
        units, best = start_units.copy(), start_cost
        notes.append(
            "flow plan (after the capacity exchange) not better than the ranked rules; LNS starts from the "
            "ranked rules"
        )
    else:
        notes.append(f"capacity exchange: {saved / 100:,.0f} saved")
    if stopped:
        notes.append(f"capacity exchange stopped: time limit reached {stopped} (safety net)")
    for budget in lns_blocks(max_neighbourhoods):
        units = _lns(inst, units, flow_units, budget, deadline, notes)
        if time.perf_counter() >= deadline:
            notes.append("ejection chains skipped: time limit reached (safety net)")
            break
        state = PlanState(inst, units)
        done = chains(state, deadline)
        units = state.units
        notes.append(
            f"ejection chains: {done.served_applied} applied, {done.served_saved / 100:,.0f} saved for "
            f"served orders; {done.short_applied} applied, {done.short_saved / 100:,.0f} saved for short "
            "orders"
            + ("; stopped: time limit reached (safety net)" if time.perf_counter() >= deadline else "")
        )
    return LargeOutcome(units, "feasible", tuple(notes), bound)
