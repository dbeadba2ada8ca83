"""The compiled set scoring of the best response against a plain-Python statement of the rule: every set of
at most `max_parcels` useful warehouses (by size, then lexicographic), per line the cheapest slot of the set
(the first on ties, padding slots backorder the line), parcels and split penalty for the slots some line
takes; the first cheapest set wins. Floating-point sums in the same order, so results must be equal, not
close."""

from __future__ import annotations

from itertools import combinations
from math import comb

import numpy as np
import pytest

from optimization.allocation.order_best_kernel import MAX_SETS, _best, n_sets


def _reference(line_cost, full, qty, penalty, parcel, max_parcels, split_penalty, ship_complete):
    n_lines, width_all = line_cost.shape
    pad = width_all - 1
    backordered = [int(q) * int(p) for q, p in zip(qty, penalty, strict=True)]
    saving = [sum(max(backordered[ln] - line_cost[ln, p], 0.0) for ln in range(n_lines)) for p in range(pad)]
    useful = [p for p in range(pad) if saving[p] > 0]
    keep = len(useful)
    while keep > 1 and n_sets(keep, max_parcels) > MAX_SETS:
        keep -= 1
    useful = sorted(sorted(useful, key=lambda p: -saving[p])[:keep])
    k = min(max_parcels, len(useful))
    width = max(k, 1)
    best_total, best_chosen = None, None
    for size in range(k + 1):
        for combo in combinations(useful, size):
            slots = list(combo) + [pad] * (width - size)
            chosen, total, taken = [], 0.0, set()
            for ln in range(n_lines):
                values = [line_cost[ln, p] for p in slots]
                j = values.index(min(values))
                chosen.append(slots[j])
                total = values[j] if ln == 0 else total + values[j]
                if j < size:
                    taken.add(j)
            parcels = sum(int(parcel[slots[j]]) for j in sorted(taken))
            total = total + float(parcels) + max(len(taken) - 1, 0) * split_penalty
            if ship_complete:
                if size == 0:
                    total = float(sum(backordered))
                elif not all(full[ln, chosen[ln]] for ln in range(n_lines)):
                    total = np.inf
            if best_total is None or total < best_total:
                best_total, best_chosen = total, chosen
    return best_chosen, best_total


@pytest.mark.parametrize("ship_complete", [False, True])
@pytest.mark.parametrize("max_parcels", [1, 2, 3, 4])
@pytest.mark.parametrize("n_lines", [1, 2, 5, 9])
@pytest.mark.parametrize("n_pairs", [1, 4, 12, 40])
def test_kernel_picks_the_same_set_and_cost_as_the_plain_rule(n_pairs, n_lines, max_parcels, ship_complete):
    rng = np.random.default_rng(n_pairs * 1000 + n_lines * 100 + max_parcels * 10 + ship_complete)
    qty = rng.integers(1, 3, size=n_lines)
    penalty = rng.choice([300, 500], size=n_lines)
    # few distinct values: many ties between slots; fractions: sums that depend on the order of addition
    line_cost = rng.integers(0, 4, size=(n_lines, n_pairs + 1)) * 100 + rng.choice(
        [0.0, 0.1, 1 / 3], (n_lines, 1)
    )
    line_cost[:, n_pairs] = qty * penalty  # the padding column: backorder the line
    full = rng.random((n_lines, n_pairs + 1)) < 0.8
    full[:, n_pairs] = False
    parcel = np.append(rng.integers(50, 150, size=n_pairs), 0)
    chosen, total = _best(line_cost, full, qty, penalty, parcel, max_parcels, 7, ship_complete)
    want_chosen, want_total = _reference(line_cost, full, qty, penalty, parcel, max_parcels, 7, ship_complete)
    assert chosen.tolist() == want_chosen
    assert total == want_total


def test_set_count_and_pruning():
    assert [n_sets(n, 3) for n in (0, 1, 2, 5, 40)] == [
        1 + sum(comb(n, s) for s in range(1, min(3, n) + 1)) for n in (0, 1, 2, 5, 40)
    ]
    assert n_sets(40, 3) > MAX_SETS  # the 40-warehouse case above is scored on its most useful warehouses
