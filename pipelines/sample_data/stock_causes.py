"""Ledger rows, counts and reports behind each injected stock cause (the ground truth of reconciliation).

- returns awaiting restock: `return_received` in the last two days, never inspected;
- unposted damage / shrinkage: incident reports with status `pending` (units gone from the shelf);
- transfers in transit: `transfer_out` at the sender too recently to have arrived (a third partly received);
- reservations: open reservation rows (written with the other stock files);
- count adjustments after T: a count just after T found a difference, posted as count_gain/count_loss;
- unexplained shrinkage: nothing in the ledger; the count just after T finds the units missing.
Every pair with a pending incident or unexplained loss, plus 3% of the others, is counted just after T.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.sample_data import ledger_events as ev
from pipelines.sample_data.stock_plan import StockPlan

MINUTE = 60


@dataclass(frozen=True)
class CauseRecords:
    before_t: pd.DataFrame  # ledger events on the ordinary days (pending returns, transfers in transit)
    after_t: pd.DataFrame  # count adjustments posted after T (day = days, `at` after T)
    final_counts: pd.DataFrame  # counts just after T, with counted_units
    pending_incidents: pd.DataFrame  # incident reports not yet posted
    instances: pd.DataFrame  # plan instances with their reference_id


def cause_records(
    plan: StockPlan, lead: np.ndarray, codes: np.ndarray, days: int, t_offset: int, rng: np.random.Generator
) -> CauseRecords:
    """`t_offset`: seconds from local midnight of day `days` (T's local date) to T."""
    inst = plan.causes.instances.copy()
    inst["reference_id"] = ""
    pairs = plan.pairs
    cause = inst["cause"].to_numpy()

    returns = np.flatnonzero(cause == "returns_awaiting_restock")
    before = [
        ev.pending_returns(inst["pair"].to_numpy()[returns], inst["units"].to_numpy()[returns], days, 1, rng)
    ]
    before[0]["reference_id"] = ev.ids("RT-X", len(returns))
    inst.loc[returns, "reference_id"] = before[0]["reference_id"].to_numpy()

    incidents = []
    for kind, name in (("unposted_damage", "damage"), ("unposted_shrinkage", "shrinkage")):
        rows = np.flatnonzero(cause == kind)
        frame = ev.event_rows(
            inst["pair"].to_numpy()[rows],
            days - 1 - rng.integers(0, min(2, days), len(rows)),
            "incident_pending",
            inst["units"].to_numpy()[rows],
            name,
            ev.ids(f"INC-X{name[0].upper()}", len(rows)),
            "pick",
            rng,
        )
        frame = frame.rename(columns={"reference_type": "incident_type", "reference_id": "incident_id"})
        incidents.append(frame)
        inst.loc[rows, "reference_id"] = frame["incident_id"].to_numpy()
    pending = pd.concat(incidents, ignore_index=True)
    pending["status"] = "pending"

    rows = np.flatnonzero(cause == "transfer_in_transit")
    before.append(_in_transit(inst.iloc[rows], pairs, lead, codes, days, rng))
    inst.loc[rows, "reference_id"] = (
        before[-1].loc[before[-1]["movement_type"] == "transfer_out", "reference_id"].to_numpy()
    )

    counts, after = _final_counts(plan, inst, days, t_offset, rng)
    return CauseRecords(pd.concat(before, ignore_index=True), after, counts, pending, inst)


def _in_transit(
    inst: pd.DataFrame,
    pairs: pd.DataFrame,
    lead: np.ndarray,
    codes: np.ndarray,
    days: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    dest = inst["pair"].to_numpy()
    src = inst["partner"].to_numpy()
    received = inst["received"].to_numpy()
    sent = inst["units"].to_numpy() + received
    warehouse = pairs["warehouse"].to_numpy()
    days_on_road = lead[warehouse[src], warehouse[dest]]
    partial = received > 0
    # Not yet arrived at T: sent within the last lane lead time. Partly received: the first truck arrived
    # on the last day (or earlier when the lane is longer than the period).
    out_day = np.where(
        partial,
        np.maximum(0, days - 1 - days_on_road),
        days - 1 - rng.integers(0, np.maximum(1, np.minimum(days_on_road, days)), len(src)),
    )
    arrive = np.minimum(out_day + days_on_road, days - 1)
    ref = ev.transfer_ids(codes[warehouse[src]], codes[warehouse[dest]], 9_000_001)
    return pd.concat(
        [
            ev.event_rows(src, out_day, "transfer_out", sent, "transfer", ref, "pick", rng),
            ev.event_rows(
                dest[partial],
                arrive[partial],
                "transfer_in",
                received[partial],
                "transfer",
                ref[partial],
                "pick",
                rng,
            ),
        ],
        ignore_index=True,
    )


def _final_counts(
    plan: StockPlan, inst: pd.DataFrame, days: int, t_offset: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = len(plan.pairs)
    c = plan.causes
    must = (
        c.damage_pending + c.shrinkage_pending + c.unexplained + c.count_loss_after + c.count_gain_after
    ) > 0
    # Sold-out pairs with nothing left are not worth a count; others get one 3% of the time.
    extra = (rng.random(n) < 0.03) & (plan.pairs["resellable_at_t"].to_numpy() > 0)
    pair = np.flatnonzero(must | extra)
    at_t = plan.pairs["resellable_at_t"].to_numpy()[pair]
    counted = (
        at_t
        - c.damage_pending[pair]
        - c.shrinkage_pending[pair]
        - c.unexplained[pair]
        - c.count_loss_after[pair]
        + c.count_gain_after[pair]
    )
    counts = pd.DataFrame(
        {
            "pair": pair,
            "day": days,
            "at": t_offset + rng.integers(10 * MINUTE, 40 * MINUTE, len(pair)),
            "movement_type": "count",
            "quantity": 0,
            "reference_type": "count",
            "reference_id": ev.ids("CC-X", len(pair)),
            "bin": "pick",
            "counted_units": counted,
        }
    )
    ref = pd.Series(counts["reference_id"].to_numpy(), index=pair)
    for kind in ("count_adjustment_after_snapshot", "unexplained_shrinkage"):
        rows = np.flatnonzero(inst["cause"].to_numpy() == kind)
        inst.loc[rows, "reference_id"] = ref.reindex(inst["pair"].to_numpy()[rows]).to_numpy()
    delta = c.count_gain_after[pair] - c.count_loss_after[pair]
    hit = delta != 0
    after = pd.DataFrame(
        {
            "pair": pair[hit],
            "day": days,
            "at": counts["at"].to_numpy()[hit] + rng.integers(40 * MINUTE, 70 * MINUTE, int(hit.sum())),
            "movement_type": np.where(delta[hit] > 0, "count_gain", "count_loss"),
            "quantity": np.abs(delta[hit]),
            "reference_type": "count",
            "reference_id": counts["reference_id"].to_numpy()[hit],
            "bin": "pick",
        }
    )
    return counts, after
