"""The stock movement ledger, built backwards from the planned resellable units at the snapshot time T.

Per pair the resellable balance R = on hand - returns pending - damaged - quarantined. Events of a day sit
in fixed slots (counts 07:00, inflows 08:00-11:00, outflows 11:00-21:00), so R stays >= 0 all day when it
is >= 0 at the start and the end. Walking the days backwards from R(T), each day's start balance is
end + outflows - inflows - receipt; a supplier receipt arrives whenever the start balance would exceed the
pair's order-up-to level, and shipments are added where inflows alone would push it below zero.
What is left at the start of the first day is the opening stock, received the evening before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.sample_data import ledger_events as ev
from pipelines.sample_data.stock_plan import StockPlan

HOUR = 3600
WAVES = ((12 * HOUR, 0.35), (16 * HOUR, 0.5), (20 * HOUR, 1.0))  # wave time, share of what is left


@dataclass(frozen=True)
class Ledger:
    events: pd.DataFrame  # every movement as an event (pair, day, at, type, quantity, references, bin kind)
    counts: pd.DataFrame  # routine cycle counts with counted_units
    incidents: pd.DataFrame  # posted incident reports
    receipts: pd.DataFrame  # pair, day, quantity of supplier receipts (the purchase orders to write)
    start_balance: np.ndarray  # resellable units per pair and day at the start of the day


def _matrix(events: pd.DataFrame, types: tuple[str, ...], n_pairs: int, days: int) -> np.ndarray:
    mine = events.loc[events["movement_type"].isin(types)]
    out = np.zeros(n_pairs * days, dtype=np.int64)
    cell = mine["pair"].to_numpy(dtype=np.int64) * days + mine["day"].to_numpy(dtype=np.int64)
    np.add.at(out, cell, mine["quantity"].to_numpy(dtype=np.int64))
    return out.reshape(n_pairs, days)


def build_ledger(
    plan: StockPlan,
    lead: np.ndarray,
    codes: np.ndarray,
    days: int,
    extra: pd.DataFrame,
    rng: np.random.Generator,
) -> Ledger:
    """All movements up to T; `extra` holds the events of injected causes (pending returns, transfers)."""
    pairs = plan.pairs
    n = len(pairs)
    daily = pairs["daily_units"].to_numpy()
    moves, reports = ev.posted_incidents(daily, days, rng)
    counts = ev.cycle_counts(n, days, rng)
    events = pd.concat(
        [
            ev.returns(daily, days, rng),
            moves,
            ev.quarantines(daily, days, rng),
            ev.count_postings(counts, rng),
            ev.transfers(pairs, lead, days, rng, codes),
            extra,
        ],
        ignore_index=True,
    )
    inflow = _matrix(events, ("return_restocked", "quarantine_out", "transfer_in"), n, days)
    gain = _matrix(events, ("count_gain",), n, days)
    loss = _matrix(events, ("count_loss",), n, days)
    outflow = _matrix(events, ("damage", "quarantine_in", "shrinkage", "transfer_out"), n, days)
    ship = rng.poisson(np.repeat((daily * rng.uniform(0.7, 1.1, n))[:, None], days, axis=1))
    pack = np.where(daily < 2, 1, np.where(daily < 10, 6, 12))
    low = pairs["safety"].to_numpy() + np.ceil(daily * rng.uniform(2, 6, n)).astype(np.int64)
    high = low + np.maximum(np.ceil(daily * rng.uniform(6, 14, n)).astype(np.int64), 3)

    receipt = np.zeros((n, days), dtype=np.int64)
    start = np.zeros((n, days), dtype=np.int64)
    end = pairs["resellable_at_t"].to_numpy().astype(np.int64)
    for d in range(days - 1, -1, -1):  # one vectorised step per day, backwards
        before_outflows = end + ship[:, d] + outflow[:, d] - inflow[:, d]
        # Inflows larger than what the day leaves: more was shipped that day than the base draw says.
        short = np.maximum(0, -before_outflows) + np.maximum(
            0, gain[:, d] - loss[:, d] - np.maximum(before_outflows, 0)
        )
        ship[:, d] += short
        before_outflows += short
        floor = np.maximum(low, np.maximum(gain[:, d] - loss[:, d], 0))
        q = np.where(before_outflows > high, (before_outflows - floor) // pack * pack, 0)
        q = np.clip(q, 0, np.maximum(before_outflows - np.maximum(gain[:, d] - loss[:, d], 0), 0))
        receipt[:, d] = q
        start[:, d] = before_outflows - q + loss[:, d] - gain[:, d]
        end = start[:, d]
    counts["counted_units"] = (
        start[counts["pair"].to_numpy(), counts["day"].to_numpy()] + counts["delta"].to_numpy()
    )
    events = pd.concat([events, _shipments(ship, rng), _receipts(receipt, rng)], ignore_index=True)
    receipts = events.loc[events["movement_type"] == "receipt", ["pair", "day", "quantity"]]
    opening = start[:, 0]
    has = np.flatnonzero(opening > 0)
    events = pd.concat(
        [
            events,
            pd.DataFrame(
                {
                    "pair": has,
                    "day": -1,
                    "at": 20 * HOUR,
                    "movement_type": "receipt",
                    "quantity": opening[has],
                    "reference_type": "opening_balance",
                    "reference_id": "OPENING",
                    "bin": "pick",
                }
            ),
        ],
        ignore_index=True,
    )
    return Ledger(events, counts.drop(columns=["delta"]), reports, receipts.reset_index(drop=True), start)


def _shipments(ship: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Each day's shipments of a pair posted in up to three pick waves."""
    left = ship.copy()
    parts = []
    for k, (at, share) in enumerate(WAVES):
        units = left if share >= 1 else rng.binomial(left, share)
        left = left - units
        pair, day = np.nonzero(units)
        parts.append(
            pd.DataFrame(
                {
                    "pair": pair,
                    "day": day,
                    "at": at + rng.integers(0, 40 * 60, len(pair)),
                    "movement_type": "shipment",
                    "quantity": units[pair, day],
                    "reference_type": "wave",
                    "reference_id": f"W{k + 1}",
                    "bin": "pick",
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _receipts(receipt: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    pair, day = np.nonzero(receipt)
    return pd.DataFrame(
        {
            "pair": pair,
            "day": day,
            "at": ev.SLOT["receipt"] + rng.integers(0, 50 * 60, len(pair)),
            "movement_type": "receipt",
            "quantity": receipt[pair, day],
            "reference_type": "purchase_order",
            "reference_id": "",
            "bin": "pick",
        }
    )
