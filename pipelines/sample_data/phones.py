"""Mainland mobile numbers: valid ones as buyers type them, and the invalid kinds intake must reject.

The prefixes are the 3-digit mobile network codes that `phonenumbers` 9.0.43 accepts for every 8-digit
suffix (checked once by sampling, re-checked by the tests on every generated number), weighted roughly by
subscriber share: 13x/15x/18x dominate, 17x/19x/16x are newer ranges.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data.formats import pick

PREFIX_WEIGHTS = {
    **{p: 4.0 for p in (130, 131, 132, 133, 134, 135, 136, 137, 138, 139)},
    **{p: 3.0 for p in (150, 151, 152, 153, 155, 156, 157, 158, 159)},
    **{p: 3.5 for p in (180, 181, 182, 183, 184, 185, 186, 187, 188, 189)},
    **{p: 1.2 for p in (170, 171, 173, 175, 176, 177, 178)},
    **{p: 1.0 for p in (190, 191, 193, 195, 196, 198, 199)},
    **{p: 0.8 for p in (145, 147, 166)},
}
# Prefixes that are not mobile ranges at all: 10x-12x do not exist for mobiles.
BAD_PREFIXES = (100, 104, 110, 112, 119, 120, 121, 123, 126, 128)
# Single look-alike letters typed for digits (three or more letters would be read as a vanity number).
TYPO_LETTERS = ("O", "o", "l", "I", "x")


def unique_mobiles(n: int, rng: np.random.Generator) -> np.ndarray:
    """n distinct valid 11-digit mobile numbers as int64."""
    prefixes = np.array(list(PREFIX_WEIGHTS), dtype=np.int64)
    weights = np.array(list(PREFIX_WEIGHTS.values()))
    numbers = np.empty(0, dtype=np.int64)
    while len(numbers) < n:
        k = n - len(numbers) + 16
        fresh = prefixes[rng.choice(len(prefixes), k, p=weights / weights.sum())] * 10**8 + rng.integers(
            0, 10**8, k
        )
        combined = np.concatenate([numbers, fresh])
        _, first = np.unique(combined, return_index=True)
        numbers = combined[np.sort(first)]
    return numbers[:n]


def typed(numbers: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """Valid numbers as buyers type them: mostly 13812345678, some 138-1234-5678, +86 138 1234 5678."""
    digits = pc.cast(pa.array(numbers), pa.string())
    head = pc.utf8_slice_codeunits(digits, 0, 3)
    mid = pc.utf8_slice_codeunits(digits, 3, 7)
    tail = pc.utf8_slice_codeunits(digits, 7, 11)
    dashed = pc.binary_join_element_wise(head, mid, tail, "-")
    spaced = pc.binary_join_element_wise(head, mid, tail, " ")
    e164 = pc.binary_join_element_wise("+86", spaced, " ")
    style = rng.random(len(numbers))
    out = pc.if_else(pa.array(style < 0.95), spaced, e164)
    out = pc.if_else(pa.array(style < 0.92), dashed, out)
    return pc.if_else(pa.array(style < 0.88), digits, out)


def invalid(numbers: np.ndarray, rng: np.random.Generator) -> tuple[pa.Array, pa.Array]:
    """Invalid phones derived from valid ones, and the kind of each (wrong_length, bad_prefix, letters)."""
    n = len(numbers)
    digits = pc.cast(pa.array(numbers), pa.string())
    kind = rng.integers(0, 3, n)
    short = pc.utf8_slice_codeunits(digits, 0, 10)
    extra = pc.binary_join_element_wise(digits, pc.cast(pa.array(rng.integers(0, 10, n)), pa.string()), "")
    wrong_length = pc.if_else(pa.array(rng.random(n) < 0.5), short, extra)
    bad = np.array(BAD_PREFIXES)[rng.integers(0, len(BAD_PREFIXES), n)] * 10**8 + numbers % 10**8
    bad_prefix = pc.cast(pa.array(bad), pa.string())
    # Replace one digit after the prefix by a look-alike letter.
    at = rng.integers(3, 11, n)
    letter = pick(TYPO_LETTERS, rng.integers(0, len(TYPO_LETTERS), n))
    letters = _replace_at(digits, at, letter)
    phone = pc.if_else(
        pa.array(kind == 0), wrong_length, pc.if_else(pa.array(kind == 1), bad_prefix, letters)
    )
    label = pick(("wrong_length", "bad_prefix", "letters"), kind)
    return phone, label


def _replace_at(text: pa.Array, at: np.ndarray, letter: pa.Array) -> pa.Array:
    # 11 positions: build the string from per-position slices (vectorised over rows, loop over 11 columns).
    parts = []
    for position in range(11):
        char = pc.utf8_slice_codeunits(text, position, position + 1)
        parts.append(pc.if_else(pa.array(at == position), letter, char))
    return pc.binary_join_element_wise(*parts, "")
