"""Evidence links every cause to its records and adds up; the checks find what they are meant to find."""

from __future__ import annotations

from datetime import timedelta

import dagster as dg
import duckdb
import pytest
from stock_factory import Stock, T, at

from assets.inventory.checks import run_check


def _busy_ledger(s: Stock) -> dict[str, str]:
    """One line with every cause; returns the ids the evidence must name."""
    s.sku()
    s.move("receipt", 100, at(1))
    ids = {"return": s.move("return_received", 3, at(9), bin_code="RET", ref="RT1")}
    s.move("receipt", 20, at(1), wh="W2", bin_code="X1")
    s.move("transfer_out", 10, at(8), wh="W2", bin_code="X1", ref="TR1")
    s.move("transfer_in", 6, at(9), ref="TR1")
    ids["reservation"] = s.reserve(5, at(9))
    ids["damage"] = s.incident("damage", 2, at(9, 20))
    ids["count"] = s.count(100 + 6 - 4, at(9, 18))  # 4 missing: 1 adjusted after T, 3 unexplained
    ids["adjustment"] = s.move("count_loss", 1, T + timedelta(hours=2), ref=ids["count"])
    s.snapshot(100 + 3 + 6 + 4)
    s.build()
    return ids


def test_evidence_names_the_records_behind_each_cause(conn: duckdb.DuckDBPyConnection) -> None:
    ids = _busy_ledger(Stock(conn))
    rows = conn.execute(
        "select cause, evidence_kind, evidence_id, reference_id, units from stock_reconciliation_evidence "
        "where warehouse_code = 'W1' order by cause"
    ).fetchall()
    assert rows == [
        ("count_adjustment_after_snapshot", "movement", ids["adjustment"], ids["count"], 1),
        ("reservation", "reservation", ids["reservation"], f"tmall:O-{ids['reservation']}:1", 5),
        ("returns_awaiting_restock", "movement", ids["return"], "RT1", 3),
        ("transfer_in_transit", "transfer", "TR1", "TR1", 4),
        ("unexplained", "count", ids["count"], "B1", 3),
        ("unposted_damage", "incident", ids["damage"], "B1", 2),
    ]
    assert run_check(conn, "stock_reconciliation_evidence_adds_up", dg.AssetCheckSeverity.ERROR).passed


def test_evidence_check_catches_a_missing_record(conn: duckdb.DuckDBPyConnection) -> None:
    _busy_ledger(Stock(conn))
    conn.execute("delete from stock_reconciliation_evidence where cause = 'reservation'")
    outcome = run_check(conn, "stock_reconciliation_evidence_adds_up", dg.AssetCheckSeverity.ERROR)
    assert not outcome.passed
    assert outcome.offending[["cause", "cause_units", "evidence_units"]].values.tolist() == [
        ["reservation", 5, 0]
    ]


def test_clean_data_passes_every_check(conn: duckdb.DuckDBPyConnection) -> None:
    _busy_ledger(Stock(conn))
    for name in (
        "stock_positions_on_hand_not_negative",
        "stock_positions_buckets_add_up",
        "stock_positions_ledger_replay",
        "stock_reconciliation_channel_snapshot_replay",
    ):
        assert run_check(conn, name, dg.AssetCheckSeverity.ERROR).passed, name


def test_unexplained_above_tolerance_warns_with_the_rows(conn: duckdb.DuckDBPyConnection) -> None:
    _busy_ledger(Stock(conn))
    outcome = run_check(conn, "stock_reconciliation_unexplained_within_tolerance", dg.AssetCheckSeverity.WARN)
    assert (outcome.passed, outcome.severity) == (False, dg.AssetCheckSeverity.WARN)
    assert outcome.offending[["warehouse_code", "sku", "unexplained_units"]].values.tolist() == [
        ["W1", "S1", 3]
    ]
    result = outcome.result("test")
    assert result.metadata["n_offending_rows"].value == 1
    assert "| W1 | S1 |" in result.metadata["offending_rows"].value


def test_negative_physical_on_hand_fails(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 5, at(1))
    s.move("shipment", 8, at(2))  # the ledger lost track: 3 units shipped that it never had
    s.build()
    outcome = run_check(conn, "stock_positions_on_hand_not_negative", dg.AssetCheckSeverity.ERROR)
    assert outcome.offending[["sku", "on_hand_units"]].values.tolist() == [["S1", -3]]
    replay = run_check(conn, "stock_positions_ledger_replay", dg.AssetCheckSeverity.ERROR)
    assert replay.offending["n_negative_moments"].tolist() == [1]


def test_ledger_replay_catches_positions_that_drifted(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 50, at(1))
    s.move("damage", 5, at(2))
    s.build()
    conn.execute("update stock_positions set damaged_units = 4")
    outcome = run_check(conn, "stock_positions_ledger_replay", dg.AssetCheckSeverity.ERROR)
    assert outcome.offending[["replayed_damaged_units", "position_damaged_units"]].values.tolist() == [[5, 4]]


@pytest.mark.parametrize(("tamper", "severity"), [
    ("update stock_positions set sellable_units = sellable_units + 1", dg.AssetCheckSeverity.ERROR),
    (None, dg.AssetCheckSeverity.WARN),
])  # fmt: skip
def test_buckets_add_up_errors_on_formula_drift_and_warns_on_overcommitment(
    conn: duckdb.DuckDBPyConnection, tamper: str | None, severity: dg.AssetCheckSeverity
) -> None:
    s = Stock(conn)
    s.move("receipt", 10, at(1), sku="S1")
    s.move("receipt", 3, at(1), sku="S2")
    s.reserve(5, at(2), sku="S2")  # overcommitted: 5 promised, 3 on hand
    s.build()
    if tamper:
        conn.execute(tamper)
    outcome = run_check(conn, "stock_positions_buckets_add_up", dg.AssetCheckSeverity.ERROR)
    assert (outcome.passed, outcome.severity) == (False, severity)


def test_channel_snapshot_replay_lists_a_channel_off_the_ledger(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 10, at(1))
    s.snapshot(12)
    s.build()
    outcome = run_check(conn, "stock_reconciliation_channel_snapshot_replay", dg.AssetCheckSeverity.WARN)
    assert outcome.offending[["replayed_units", "channel_formula_gap_units"]].values.tolist() == [[10, 2]]
