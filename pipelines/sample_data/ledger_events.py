"""Stock events other than receipts and shipments: returns, damage, quarantine, shrinkage, counts, transfers.

Every event is placed in a fixed slot of a warehouse day (local time), which keeps the resellable balance
non-negative by construction (see `ledger`): counts at 07:00, inflows 08:00-11:00, outflows 11:00-21:00.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data.formats import coded, padded

HOUR = 3600
# Offset (seconds after local midnight) at which each movement type happens, and its minute spread.
SLOT = {
    "count": 7 * HOUR,
    "count_gain": 7 * HOUR + 1800,
    "count_loss": 7 * HOUR + 1800,
    "receipt": 8 * HOUR,
    "transfer_in": 9 * HOUR,
    "return_restocked": 10 * HOUR,
    "quarantine_out": 10 * HOUR + 1800,
    "return_received": 11 * HOUR,
    "incident_damage": 12 * HOUR + 1800,
    "damage": 13 * HOUR,
    "quarantine_in": 14 * HOUR,
    "incident_shrinkage": 14 * HOUR,
    "shrinkage": 14 * HOUR + 1800,
    "incident_pending": 15 * HOUR,
    "transfer_out": 16 * HOUR + 1800,
    "return_scrapped": 17 * HOUR + 1800,
    "damage_written_off": 18 * HOUR,
}
SPREAD_S = 25 * 60
# Change of the resellable balance (on hand minus returns pending, damaged, quarantined) per type.
RESELLABLE_SIGN = {
    "receipt": 1,
    "shipment": -1,
    "return_received": 0,
    "return_restocked": 1,
    "return_scrapped": 0,
    "damage": -1,
    "damage_written_off": 0,
    "quarantine_in": -1,
    "quarantine_out": 1,
    "shrinkage": -1,
    "count_gain": 1,
    "count_loss": -1,
    "transfer_out": -1,
    "transfer_in": 1,
}
EVENT_COLUMNS = ["pair", "day", "at", "movement_type", "quantity", "reference_type", "reference_id", "bin"]


def event_rows(pair, day, kind, qty, ref_type, ref_id, bin_kind, rng) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pair": pair,
            "day": day,
            "at": SLOT[kind] + rng.integers(0, SPREAD_S, len(pair)),
            "movement_type": kind,
            "quantity": qty,
            "reference_type": ref_type,
            "reference_id": ref_id,
            "bin": bin_kind,
        }
    )


def _cells(
    rate: np.ndarray, days: int, rng: np.random.Generator, last_day: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(pair, day) of Poisson events with a per-pair daily rate, one row per event."""
    last = days if last_day is None else last_day + 1
    counts = rng.poisson(np.repeat(rate[:, None], last, axis=1))
    pair, day = np.nonzero(counts)
    reps = counts[pair, day]
    return np.repeat(pair, reps), np.repeat(day, reps)


def ids(prefix: str, n: int, start: int = 1) -> np.ndarray:
    """prefix + 8-digit sequence numbers (temporary ids; the final ones are numbered in time order)."""
    return _objects(coded(prefix, np.arange(start, start + n), 8))


def _objects(values: pa.Array) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=object)


def returns(daily: np.ndarray, days: int, rng: np.random.Generator) -> pd.DataFrame:
    """Customer returns inspected within 1-3 days: 85% restocked, 15% scrapped, all before T."""
    pair, day = _cells(0.03 * daily, days, rng)
    lag = rng.integers(1, 4, len(pair))
    keep = day + lag <= days - 1
    pair, day, lag = pair[keep], day[keep], lag[keep]
    qty = np.where(rng.random(len(pair)) < 0.9, 1, 2)
    ref = ids("RT", len(pair))
    restock = rng.random(len(pair)) < 0.85
    return pd.concat(
        [
            event_rows(pair, day, "return_received", qty, "return", ref, "returns", rng),
            event_rows(
                pair[restock],
                (day + lag)[restock],
                "return_restocked",
                qty[restock],
                "return",
                ref[restock],
                "pick",
                rng,
            ),
            event_rows(
                pair[~restock],
                (day + lag)[~restock],
                "return_scrapped",
                qty[~restock],
                "return",
                ref[~restock],
                "returns",
                rng,
            ),
        ],
        ignore_index=True,
    )


def pending_returns(
    pair: np.ndarray, units: np.ndarray, days: int, first_id: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Returns received in the last two days before T and not inspected yet."""
    day = days - 1 - rng.integers(0, min(2, days), len(pair))
    return event_rows(
        pair, day, "return_received", units, "return", ids("RT", len(pair), first_id), "returns", rng
    )


def posted_incidents(
    daily: np.ndarray, days: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Damage and shrinkage reported on the floor and posted the same day; some damage written off later.

    Returns (movements, incident reports without the posted movement id yet)."""
    d_pair, d_day = _cells(0.004 * daily + 0.0008, days, rng)
    s_pair, s_day = _cells(0.002 * daily + 0.0005, days, rng)
    d_qty = rng.integers(1, 3, len(d_pair))
    s_qty = np.ones(len(s_pair), dtype=np.int64)
    d_ref = ids("INC-D", len(d_pair))
    s_ref = ids("INC-S", len(s_pair))
    lag = rng.integers(1, 6, len(d_pair))
    write_off = (rng.random(len(d_pair)) < 0.7) & (d_day + lag <= days - 1)
    moves = pd.concat(
        [
            event_rows(d_pair, d_day, "damage", d_qty, "incident", d_ref, "pick", rng),
            event_rows(s_pair, s_day, "shrinkage", s_qty, "incident", s_ref, "pick", rng),
            event_rows(
                d_pair[write_off],
                (d_day + lag)[write_off],
                "damage_written_off",
                d_qty[write_off],
                "incident",
                d_ref[write_off],
                "quarantine",
                rng,
            ),
        ],
        ignore_index=True,
    )
    reports = pd.concat(
        [
            event_rows(d_pair, d_day, "incident_damage", d_qty, "damage", d_ref, "pick", rng),
            event_rows(s_pair, s_day, "incident_shrinkage", s_qty, "shrinkage", s_ref, "pick", rng),
        ],
        ignore_index=True,
    ).rename(columns={"reference_type": "incident_type", "reference_id": "incident_id"})
    reports["status"] = "posted"
    return moves, reports


def quarantines(daily: np.ndarray, days: int, rng: np.random.Generator) -> pd.DataFrame:
    """Quality holds: 60% released within 1-4 days, the rest still held at T."""
    pair, day = _cells(0.001 * daily + 0.0003, days, rng)
    qty = rng.integers(1, 7, len(pair))
    ref = ids("QH", len(pair))
    lag = rng.integers(1, 5, len(pair))
    release = (rng.random(len(pair)) < 0.6) & (day + lag <= days - 1)
    return pd.concat(
        [
            event_rows(pair, day, "quarantine_in", qty, "quality_hold", ref, "quarantine", rng),
            event_rows(
                pair[release],
                (day + lag)[release],
                "quarantine_out",
                qty[release],
                "quality_hold",
                ref[release],
                "pick",
                rng,
            ),
        ],
        ignore_index=True,
    )


def cycle_counts(n_pairs: int, days: int, rng: np.random.Generator) -> pd.DataFrame:
    """Routine counts (each pair about every 45 days, not in the last two days): 85% match, 10% find a
    loss of 1-2 units, 5% a gain of 1, posted half an hour later. counted_units is filled in by the ledger."""
    last = max(0, days - 3)
    pair, day = _cells(np.full(n_pairs, 1 / 45), days, rng, last_day=last)
    pair = np.unique(pair * days + day)  # at most one routine count per pair and day
    pair, day = pair // days, pair % days
    outcome = rng.random(len(pair))
    delta = np.where(outcome < 0.1, -rng.integers(1, 3, len(pair)), np.where(outcome < 0.15, 1, 0))
    counts = event_rows(pair, day, "count", np.abs(delta), "count", ids("CC", len(pair)), "pick", rng)
    counts["delta"] = delta
    return counts


def count_postings(counts: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    hit = counts["delta"].to_numpy() != 0
    found = counts.loc[hit]
    kind = np.where(found["delta"].to_numpy() > 0, "count_gain", "count_loss")
    moves = event_rows(
        found["pair"].to_numpy(),
        found["day"].to_numpy(),
        "count_loss",
        found["quantity"].to_numpy(),
        "count",
        found["reference_id"].to_numpy(),
        "pick",
        rng,
    )
    moves["movement_type"] = kind
    return moves


def transfers(
    pairs: pd.DataFrame, lead: np.ndarray, days: int, rng: np.random.Generator, codes: np.ndarray
) -> pd.DataFrame:
    """Rebalancing transfers between warehouses stocking the same SKU, all arrived before T.

    `lead` is the lane lead time in days per (from, to) warehouse index."""
    sku = pairs["sku"].to_numpy()
    multi = np.bincount(sku)[sku] >= 2
    src, day = _cells(np.where(multi, 0.004, 0.0), days, rng)
    if len(src) == 0:
        none = np.empty(0, dtype=np.int64)
        return event_rows(none, none, "transfer_out", none, "transfer", none.astype(object), "pick", rng)
    by_sku = np.argsort(sku, kind="stable")
    first = np.searchsorted(sku[by_sku], sku[src])
    count = np.searchsorted(sku[by_sku], sku[src], side="right") - first
    dst = by_sku[first + rng.integers(0, count)]
    keep = dst != src
    src, dst, day = src[keep], dst[keep], day[keep]
    warehouse = pairs["warehouse"].to_numpy()
    arrive = day + lead[warehouse[src], warehouse[dst]]
    keep = arrive <= days - 1
    src, dst, day, arrive = src[keep], dst[keep], day[keep], arrive[keep]
    qty = rng.integers(10, 41, len(src))
    ref = transfer_ids(codes[warehouse[src]], codes[warehouse[dst]], 1)
    return pd.concat(
        [
            event_rows(src, day, "transfer_out", qty, "transfer", ref, "pick", rng),
            event_rows(dst, arrive, "transfer_in", qty, "transfer", ref, "pick", rng),
        ],
        ignore_index=True,
    )


def transfer_ids(source: np.ndarray, dest: np.ndarray, start: int) -> np.ndarray:
    """TR-<from>-<to>-<seq>: the destination is part of the id, because the ledger row of a transfer that
    has not arrived yet only names its source warehouse."""
    seq = padded(np.arange(start, start + len(source)), 7)
    return _objects(
        pc.binary_join_element_wise(
            "TR", pa.array(source, pa.string()), pa.array(dest, pa.string()), seq, "-"
        )
    )
