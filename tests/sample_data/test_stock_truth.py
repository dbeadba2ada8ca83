"""The stock truth equals channel snapshot minus physical sellable, recomputed from the landing files only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sample_landing import Sample, epoch, movement_signs

from pipelines.sample_data import GeneratorConfig, generate

KEY = ["warehouse_code", "sku"]


def _ledger(sample: Sample) -> pd.DataFrame:
    moves = sample.stock("movements_*")
    moves["t"] = epoch(moves["occurred_at"])
    moves["quantity"] = moves["quantity"].astype(int)
    signs = movement_signs()
    for bucket in ("on_hand", "returns_pending", "damaged", "quarantined"):
        moves[bucket] = moves["quantity"] * moves["movement_type"].map(signs[f"{bucket}_sign"])
    return moves


def _buckets(moves: pd.DataFrame) -> pd.DataFrame:
    return moves.groupby(KEY)[["on_hand", "returns_pending", "damaged", "quarantined"]].sum()


def _in_transit_to(moves: pd.DataFrame) -> pd.Series:
    """Per destination (warehouse, sku): units sent minus received; the destination is in the transfer id."""
    transfers = moves.loc[moves["movement_type"].isin(["transfer_out", "transfer_in"])]
    signed = np.where(transfers["movement_type"] == "transfer_out", 1, -1) * transfers["quantity"]
    per_id = pd.DataFrame({"ref": transfers["reference_id"], "sku": transfers["sku"], "units": signed})
    per_id = per_id.groupby(["ref", "sku"], as_index=False)["units"].sum()
    per_id["warehouse_code"] = per_id["ref"].str.split("-").str[2]
    return per_id.groupby(KEY)["units"].sum()


def _facts(sample: Sample) -> dict[str, pd.Series | pd.DataFrame | int]:
    moves = _ledger(sample)
    channel = sample.stock("channel_stock_*")
    snapshot = int(epoch(channel["snapshot_at"]).iloc[0])
    safety = sample.master("safety_stock").set_index(KEY)["safety_stock_units"].astype(int)
    return {"moves": moves, "channel": channel, "t": snapshot, "safety": safety}


def test_channel_snapshot_follows_the_contract_formula(sample: Sample) -> None:
    facts = _facts(sample)
    moves, t = facts["moves"], facts["t"]
    at_t = _buckets(moves.loc[moves["t"] <= t])
    expected = at_t["on_hand"] - at_t["damaged"] - at_t["quarantined"]
    expected = expected.sub(facts["safety"], fill_value=0).add(
        _in_transit_to(moves.loc[moves["t"] <= t]), fill_value=0
    )
    channel = facts["channel"]
    assert channel["snapshot_at"].nunique() == 1
    for name, shown in channel.groupby("channel"):
        got = shown.set_index(KEY)["sellable_units"].astype(int)
        joined = pd.concat([got.rename("got"), expected.rename("want")], axis=1).fillna(0)
        assert (joined["got"] == joined["want"]).all(), f"{name}: snapshot differs from the ledger formula"
        assert (got >= 0).all()


def _physical_sellable(sample: Sample, facts: dict) -> pd.Series:
    moves, t = facts["moves"], facts["t"]
    now = _buckets(moves)
    resellable = now["on_hand"] - now["returns_pending"] - now["damaged"] - now["quarantined"]
    incidents = sample.stock("incident_reports_*")
    pending = incidents.loc[incidents["status"] == "pending"].assign(units=lambda f: f["units"].astype(int))
    resellable = resellable.sub(pending.groupby(KEY)["units"].sum(), fill_value=0)
    counts = sample.stock("cycle_counts_*")
    counts["t"] = epoch(counts["counted_at"])
    final = counts.loc[counts["t"] > t].sort_values("t").drop_duplicates(KEY, keep="last")
    counted = final.set_index(KEY)["counted_units"].astype(int)
    # A count after T is the physical truth for its pair: it already misses pending and unrecorded losses.
    resellable.loc[counted.index] = counted
    reservations = sample.stock("reservations_*")
    open_ = reservations.loc[reservations["status"] == "open"].assign(
        n=lambda f: f["reserved_units"].astype(int)
    )
    return resellable.sub(open_.groupby(KEY)["n"].sum(), fill_value=0).sub(facts["safety"], fill_value=0)


def test_truth_sums_to_channel_minus_physical_sellable(sample: Sample) -> None:
    _assert_identity(sample)
    assert set(sample.stock_truth["cause"]) == {
        "returns_awaiting_restock",
        "unposted_damage",
        "unposted_shrinkage",
        "transfer_in_transit",
        "reservation",
        "count_adjustment_after_snapshot",
        "unexplained_shrinkage",
    }


def _assert_identity(sample: Sample) -> None:
    facts = _facts(sample)
    channel = facts["channel"]
    shown = (
        channel.loc[channel["channel"] == channel["channel"].iloc[0]]
        .set_index(KEY)["sellable_units"]
        .astype(int)
    )
    physical = _physical_sellable(sample, facts)
    variance = shown.sub(physical, fill_value=0)
    truth = sample.stock_truth.groupby(KEY)["units"].sum()
    joined = pd.concat([variance.rename("files"), truth.rename("truth")], axis=1).fillna(0)
    wrong = joined.loc[joined["files"] != joined["truth"]]
    assert wrong.empty, f"{len(wrong)} pairs where truth != channel - physical:\n{wrong.head(10)}"
    assert (physical.reindex(shown.index).fillna(0) >= 0).all(), "physical sellable must never be negative"


def test_every_truth_row_points_at_its_evidence(sample: Sample) -> None:
    facts = _facts(sample)
    moves, t = facts["moves"], facts["t"]
    truth = sample.stock_truth
    by_cause = {c: f for c, f in truth.groupby("cause")}
    restocked = set(
        moves.loc[moves["movement_type"].isin(["return_restocked", "return_scrapped"]), "reference_id"]
    )
    received = moves.loc[moves["movement_type"] == "return_received"].set_index("reference_id")
    pending_returns = by_cause["returns_awaiting_restock"]
    assert not set(pending_returns["reference_id"]) & restocked
    assert (
        received.loc[pending_returns["reference_id"], "quantity"].to_numpy() == pending_returns["units"]
    ).all()
    incidents = sample.stock("incident_reports_*").set_index("incident_id")
    for cause, kind in (("unposted_damage", "damage"), ("unposted_shrinkage", "shrinkage")):
        rows = incidents.loc[by_cause[cause]["reference_id"]]
        assert (rows["status"] == "pending").all() and (rows["incident_type"] == kind).all()
    reservations = sample.stock("reservations_*").set_index("reservation_id")
    assert (reservations.loc[by_cause["reservation"]["reference_id"], "status"] == "open").all()
    assert set(reservations.loc[reservations["status"] == "open"].index) == set(
        by_cause["reservation"]["reference_id"]
    )
    after = moves.loc[(moves["t"] > t) & moves["movement_type"].isin(["count_gain", "count_loss"])]
    assert set(after["reference_id"]) == set(by_cause["count_adjustment_after_snapshot"]["reference_id"])
    transit = by_cause["transfer_in_transit"]
    assert (transit["reference_id"].str.split("-").str[2] == transit["warehouse_code"]).all()
    orders = set(sample.order_rows["order_id"])
    assert not set(reservations["order_id"]) & orders, (
        "reservations belong to orders before the export window"
    )


def test_ledger_balances_never_go_negative(sample: Sample) -> None:
    moves = _ledger(sample).sort_values(["t", "movement_id"], kind="mergesort")
    for bucket in ("on_hand", "returns_pending", "damaged", "quarantined"):
        running = moves.groupby(KEY)[bucket].cumsum()
        assert running.min() >= 0, f"{bucket} goes negative"
    resellable = moves["on_hand"] - moves["returns_pending"] - moves["damaged"] - moves["quarantined"]
    assert resellable.groupby([moves["warehouse_code"], moves["sku"]]).cumsum().min() >= 0
    assert (moves["quantity"] > 0).all()
    assert moves["movement_id"].is_unique


def test_stock_out_skus_have_nothing_to_sell_and_others_do(sample: Sample) -> None:
    channel = sample.stock("channel_stock_*")
    channel = channel.loc[channel["channel"] == "tmall"].assign(
        units=lambda f: f["sellable_units"].astype(int)
    )
    per_sku = channel.groupby("sku")["units"].sum()
    stock_outs = set(pd.read_csv(sample.root / "_truth" / "stock_outs.csv", dtype=str)["sku"])
    assert stock_outs and (per_sku.loc[sorted(stock_outs)] == 0).all()
    flagged = sample.order_truth.loc[sample.order_truth["anomaly"] == "stock_out", "detail"].str.extract(
        r"sku=(\S+):"
    )[0]
    assert set(flagged) <= stock_outs


@pytest.mark.parametrize(
    "config",
    [
        GeneratorConfig(orders=400, warehouses=1, skus=60, days=3, seed=11),
        GeneratorConfig(
            orders=1500, warehouses=30, skus=300, days=9, seed=12, as_of="2026-06-18T12:34:56+08:00"
        ),
    ],
    ids=["one-warehouse-three-days", "thirty-warehouses-odd-as-of"],
)
def test_stock_truth_holds_for_other_shapes(tmp_path: Path, config: GeneratorConfig) -> None:
    generate(config, tmp_path, echo=lambda _: None)
    other = Sample(tmp_path)
    test_channel_snapshot_follows_the_contract_formula(other)
    _assert_identity(other)
    test_ledger_balances_never_go_negative(other)
