"""The set scoring of the best response against numpy's own formulation (argmin over slots, sum over a
lines x sets array): the faster code must pick the same slot on ties and round the same way, so that the
plan stays byte-identical."""

from __future__ import annotations

import numpy as np
import pytest

from optimization.allocation.order_best import _cheapest_slots, _line_sum, _real_slots, _sets


@pytest.mark.parametrize("max_parcels", [1, 2, 3])
@pytest.mark.parametrize("n_lines", [1, 2, 5, 8, 9])
@pytest.mark.parametrize("n_pairs", [1, 4, 12])
def test_cheapest_slots_and_line_sum_match_argmin_and_sum(n_lines, n_pairs, max_parcels):
    rng = np.random.default_rng(n_lines * 100 + n_pairs * 10 + max_parcels)
    # few distinct values: many ties between slots; fractions: sums that depend on the order of addition
    line_cost = rng.integers(0, 4, size=(n_lines, n_pairs + 1)) + rng.choice([0.0, 0.1, 1 / 3], (n_lines, 1))
    line_cost[:, n_pairs] = rng.integers(2, 5, size=n_lines)  # the padding column: backorder everything
    candidates = np.append(np.sort(rng.choice(n_pairs, size=max(1, n_pairs - 1), replace=False)), n_pairs)
    sets = candidates[_sets(len(candidates) - 1, max_parcels)]
    per_line = line_cost[:, sets]  # lines x sets x slots
    want_slot = np.argmin(per_line, axis=2)
    want = np.take_along_axis(per_line, want_slot[..., None], axis=2)[..., 0]
    best, best_slot = _cheapest_slots(line_cost, sets)
    assert np.array_equal(best_slot.T, want_slot)
    assert np.array_equal(best.T, want)
    assert _line_sum(best).tobytes() == want.sum(axis=0).tobytes()


def test_real_slots_marks_the_warehouses_of_each_set():
    sets = _sets(4, 3)
    bits = _real_slots(4, 3)
    for row, b in zip(sets, bits, strict=True):
        assert [bool(b >> j & 1) for j in range(3)] == [p != 4 for p in row]
