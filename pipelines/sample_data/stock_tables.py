"""Turn ledger events, counts and reports into the stock tables of the contract, with final identifiers.

Identifiers are numbered in time order per family at the end (returns RT, incidents INC, counts CC,
transfers TR-<from>-<to>-<n>), so no id hints at whether an event belongs to an injected cause.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from pipelines.sample_data.config import CHANNEL_SHARES, CHANNELS
from pipelines.sample_data.ledger import Ledger
from pipelines.sample_data.movements import movement_table, posting_movements, receipts_of
from pipelines.sample_data.stock_causes import CauseRecords
from pipelines.sample_data.stock_plan import StockPlan

DAY = 86_400


@dataclass(frozen=True)
class StockTables:
    movements: pa.Table  # movement_id, occurred_s, warehouse_code, bin_code, sku, type, quantity, references
    cycle_counts: pd.DataFrame
    incidents: pd.DataFrame
    channel_stock: pd.DataFrame
    reservations: pd.DataFrame
    safety_stock: pd.DataFrame
    receipts: pd.DataFrame  # po_id, supplier_code, warehouse_code, sku, units, received_s
    truth: pd.DataFrame


def _renumber(old: pd.Series, when: pd.Series, prefix: str, width: int) -> dict[str, str]:
    """Map old ids to prefix + sequence in order of first appearance in time."""
    frame = pd.DataFrame({"id": old.to_numpy(), "t": when.to_numpy()}).sort_values(
        ["t", "id"], kind="mergesort"
    )
    first = frame.drop_duplicates("id")
    return dict(zip(first["id"], [f"{prefix}{i + 1:0{width}d}" for i in range(len(first))], strict=True))


def _transfer_map(old: pd.Series, when: pd.Series) -> dict[str, str]:
    frame = pd.DataFrame({"id": old.to_numpy(), "t": when.to_numpy()}).sort_values(
        ["t", "id"], kind="mergesort"
    )
    first = frame.drop_duplicates("id")["id"].tolist()
    return {o: f"{o.rsplit('-', 1)[0]}-{i + 1:06d}" for i, o in enumerate(first)}


def build_stock_tables(
    plan: StockPlan,
    ledger: Ledger,
    causes: CauseRecords,
    warehouses: pd.DataFrame,
    catalog: pd.DataFrame,
    pick_bin: np.ndarray,
    returns_bin: np.ndarray,
    quarantine_bin: np.ndarray,
    supplier_of_sku: np.ndarray,
    base_s: int,
    snapshot_s: int,
    reservation_order_ids: dict[str, np.ndarray],
    rng: np.random.Generator,
) -> StockTables:
    pairs = plan.pairs
    wh = warehouses["warehouse_code"].to_numpy()
    pair_wh = pairs["warehouse"].to_numpy()
    pair_sku = catalog["sku"].to_numpy()[pairs["sku"].to_numpy()]

    events = pd.concat([ledger.events, causes.after_t], ignore_index=True)
    events["occurred_s"] = base_s + events["day"].to_numpy() * DAY + events["at"].to_numpy()
    counts = pd.concat([ledger.counts, causes.final_counts], ignore_index=True)
    counts["occurred_s"] = base_s + counts["day"].to_numpy() * DAY + counts["at"].to_numpy()
    incidents = pd.concat([ledger.incidents, causes.pending_incidents], ignore_index=True)
    incidents["occurred_s"] = base_s + incidents["day"].to_numpy() * DAY + incidents["at"].to_numpy()

    mapping: dict[str, str] = {}
    is_return = events["reference_type"] == "return"
    mapping |= _renumber(events.loc[is_return, "reference_id"], events.loc[is_return, "occurred_s"], "RT", 7)
    mapping |= _renumber(incidents["incident_id"], incidents["occurred_s"], "INC", 7)
    mapping |= _renumber(counts["reference_id"], counts["occurred_s"], "CC", 7)
    is_transfer = events["reference_type"] == "transfer"
    mapping |= _transfer_map(events.loc[is_transfer, "reference_id"], events.loc[is_transfer, "occurred_s"])
    movements = movement_table(
        events,
        mapping,
        pair_wh,
        pairs["sku"].to_numpy(),
        wh,
        catalog["sku"].to_numpy(),
        pick_bin,
        returns_bin,
        quarantine_bin,
        supplier_of_sku,
    )
    receipts = receipts_of(movements)
    reservations = _reservations(plan, snapshot_s, wh, pair_wh, pair_sku, reservation_order_ids, causes, rng)
    return StockTables(
        movements=movements,
        cycle_counts=_counts(counts, mapping, wh, pair_wh, pick_bin, pair_sku, rng),
        incidents=_incidents(
            incidents, mapping, posting_movements(movements), wh, pair_wh, pick_bin, pair_sku
        ),
        channel_stock=_channel_stock(plan, snapshot_s, wh, pair_wh, pair_sku),
        reservations=reservations,
        safety_stock=pd.DataFrame(
            {"warehouse_code": wh[pair_wh], "sku": pair_sku, "safety_stock_units": pairs["safety"].to_numpy()}
        ).loc[pairs["safety"].to_numpy() > 0],
        receipts=receipts,
        truth=_truth(causes, mapping, reservations, wh, pair_wh, pair_sku),
    )


def _counts(counts, mapping, wh, pair_wh, pick_bin, pair_sku, rng) -> pd.DataFrame:
    pair = counts["pair"].to_numpy()
    frame = pd.DataFrame(
        {
            "count_id": counts["reference_id"].map(mapping).to_numpy(),
            "counted_s": counts["occurred_s"].to_numpy(),
            "warehouse_code": wh[pair_wh[pair]],
            "bin_code": pick_bin[pair],
            "sku": pair_sku[pair],
            "counted_units": counts["counted_units"].to_numpy().astype(np.int64),
            "counter_id": [
                f"EMP{w + 1:02d}{k:02d}"
                for w, k in zip(pair_wh[pair], rng.integers(1, 13, len(pair)), strict=True)
            ],
        }
    )
    return frame.sort_values(["counted_s", "count_id"], kind="mergesort").reset_index(drop=True)


def _incidents(incidents, mapping, posting, wh, pair_wh, pick_bin, pair_sku) -> pd.DataFrame:
    pair = incidents["pair"].to_numpy()
    new_id = incidents["incident_id"].map(mapping).to_numpy()
    frame = pd.DataFrame(
        {
            "incident_id": new_id,
            "reported_s": incidents["occurred_s"].to_numpy(),
            "warehouse_code": wh[pair_wh[pair]],
            "bin_code": pick_bin[pair],
            "sku": pair_sku[pair],
            "incident_type": incidents["incident_type"].to_numpy(),
            "units": incidents["quantity"].to_numpy().astype(np.int64),
            "status": incidents["status"].to_numpy(),
            "posted_movement_id": posting.reindex(new_id).to_numpy(),
        }
    )
    return frame.sort_values(["reported_s", "incident_id"], kind="mergesort").reset_index(drop=True)


def _channel_stock(plan: StockPlan, snapshot_s: int, wh, pair_wh, pair_sku) -> pd.DataFrame:
    """What the sample channels show at T: on hand - safety - damaged - quarantined + inbound transit."""
    c = plan.causes
    pairs = plan.pairs
    units = (
        pairs["resellable_at_t"].to_numpy() + c.returns_pending - pairs["safety"].to_numpy() + c.in_transit
    )
    n = len(pairs)
    return pd.DataFrame(
        {
            "snapshot_s": snapshot_s,
            "channel": np.repeat(np.array(CHANNELS), n),
            "warehouse_code": np.tile(wh[pair_wh], len(CHANNELS)),
            "sku": np.tile(pair_sku, len(CHANNELS)),
            "sellable_units": np.tile(units, len(CHANNELS)).astype(np.int64),
        }
    )


def _reservations(plan, snapshot_s, wh, pair_wh, pair_sku, order_ids, causes, rng) -> pd.DataFrame:
    """Open reservations (the truth's `reservation` cause) and some shipped or released history."""
    inst = causes.instances
    open_rows = inst.loc[inst["cause"] == "reservation"]
    n_open = len(open_rows)
    n_hist = 2 * n_open
    pair = np.concatenate([open_rows["pair"].to_numpy(), rng.integers(0, len(plan.pairs), n_hist)])
    units = np.concatenate([open_rows["units"].to_numpy(), rng.integers(1, 3, n_hist)])
    when = np.concatenate(
        [
            snapshot_s - rng.integers(600, 40 * 3600, n_open),
            snapshot_s - rng.integers(2 * DAY, 20 * DAY, n_hist),
        ]
    )
    status = np.concatenate(
        [np.full(n_open, "open"), np.where(rng.random(n_hist) < 0.8, "shipped", "released")]
    )
    channel = np.array(CHANNELS)[rng.choice(len(CHANNELS), size=len(pair), p=CHANNEL_SHARES)]
    order_id = np.empty(len(pair), dtype=object)
    for ch in CHANNELS:  # four channels
        mine = np.flatnonzero(channel == ch)
        order_id[mine] = order_ids[ch][: len(mine)]
    frame = pd.DataFrame(
        {
            "channel": channel,
            "order_id": order_id,
            "line_no": np.where(rng.random(len(pair)) < 0.8, 1, 2),
            "warehouse_code": wh[pair_wh[pair]],
            "sku": pair_sku[pair],
            "reserved_units": units.astype(np.int64),
            "reserved_s": when,
            "status": status,
            "truth_row": np.concatenate([open_rows.index.to_numpy(), np.full(n_hist, -1)]),
        }
    )
    frame = frame.sort_values(["reserved_s", "channel", "order_id"], kind="mergesort").reset_index(drop=True)
    frame.insert(0, "reservation_id", [f"RSV{i + 1:08d}" for i in range(len(frame))])
    return frame


def _truth(causes: CauseRecords, mapping, reservations, wh, pair_wh, pair_sku) -> pd.DataFrame:
    inst = causes.instances
    pair = inst["pair"].to_numpy()
    ref = inst["reference_id"].map(mapping).fillna(inst["reference_id"]).to_numpy(dtype=object)
    held = reservations.loc[reservations["truth_row"] >= 0]
    ref[held["truth_row"].to_numpy()] = held["reservation_id"].to_numpy()
    return pd.DataFrame(
        {
            "warehouse_code": wh[pair_wh[pair]],
            "sku": pair_sku[pair],
            "cause": inst["cause"].to_numpy(),
            "units": inst["units"].to_numpy().astype(np.int64),
            "reference_id": ref,
            "instance": inst.index.to_numpy(),
        }
    )
