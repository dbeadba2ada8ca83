"""The decomposition of channel - physical sellable into causes, one hand-made ledger per bucket and edge
case. Every scenario starts from 100 units received in W1/B1 and a channel that follows its documented
formula (ledger on-hand - safety - damaged - quarantined + in transit to here, as of T)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import duckdb
import pytest
from stock_factory import Stock, T, at, causes

from assets.inventory.config import Tolerances

AFTER_T = T + timedelta(hours=1)


def _returns(s: Stock) -> int:
    s.move("return_received", 3, at(9), bin_code="RET", ref="RT1")
    s.move("return_received", 2, at(9), bin_code="RET", ref="RT2")
    s.move("return_restocked", 2, at(10), ref="RT2")
    return 100 + 5


def _damage(s: Stock) -> int:
    s.incident("damage", 4, at(9))
    s.count(96, at(9, 18))  # the counter finds 4 units fewer on the shelf
    return 100


def _shrinkage(s: Stock) -> int:
    s.incident("shrinkage", 2, at(9))  # not counted: the pending report alone says they are gone
    return 100


def _transfer(s: Stock) -> int:
    s.move("receipt", 30, at(1), wh="W2", bin_code="X1")
    s.move("transfer_out", 10, at(8), wh="W2", bin_code="X1", ref="TR9")
    s.move("transfer_in", 6, at(9), ref="TR9")  # received in part
    return 100 + 6 + 4


def _reservation(s: Stock) -> int:
    s.reserve(5, at(9))
    s.reserve(1, AFTER_T)  # after T: not part of the snapshot's world
    s.reserve(9, at(9), status="shipped")
    return 100


def _count_adjustment(s: Stock) -> int:
    count_id = s.count(97, at(10, 12))
    s.move("count_loss", 3, AFTER_T, ref=count_id)
    return 100


def _unexplained(s: Stock) -> int:
    s.count(95, at(10, 12))  # 5 units missing, nothing posted, no incident
    return 100


SCENARIOS: dict[str, tuple[Callable[[Stock], int], dict[str, int]]] = {
    "returns": (_returns, {"returns_awaiting_restock": 3}),
    "damage": (_damage, {"unposted_damage": 4}),
    "shrinkage": (_shrinkage, {"unposted_shrinkage": 2}),
    "transfer": (_transfer, {"transfer_in_transit": 4}),
    "reservation": (_reservation, {"reservation": 5}),
    "count_adjustment": (_count_adjustment, {"count_adjustment_after_snapshot": 3}),
    "unexplained": (_unexplained, {"unexplained": 5}),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_cause_alone(conn: duckdb.DuckDBPyConnection, name: str) -> None:
    scenario, expected = SCENARIOS[name]
    s = Stock(conn).sku(abc_class="A")
    s.move("receipt", 100, at(1))
    channel_units = scenario(s)
    s.snapshot(channel_units)
    s.build()
    line = s.line()
    assert causes(line) == expected
    assert line["variance_units"] == sum(expected.values())
    assert line["channel_sellable_units"] - line["physical_sellable_units"] == line["variance_units"]
    assert line["channel_formula_gap_units"] == 0


def test_all_causes_together_add_up(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn).sku()
    s.move("receipt", 100, at(1))
    s.safety(10)
    _returns(s)  # 3 awaiting restock, 2 restocked into B1
    _transfer(s)  # 6 of 10 received into B1
    _reservation(s)  # 5 open at T
    _shrinkage(s)  # 2 pending, reported before the count below
    # the ledger has 100 + 2 + 6 = 108 resellable in B1; the counter finds 2 (shrinkage) + 3 (adjusted after
    # T) + 5 (never explained) fewer
    count_id = s.count(98, at(10, 12))
    s.move("count_loss", 3, AFTER_T, ref=count_id)
    s.snapshot(111 - 10 + 4)  # ledger on-hand - safety + in transit
    s.build()
    line = s.line()
    assert causes(line) == {
        "returns_awaiting_restock": 3,
        "unposted_shrinkage": 2,
        "transfer_in_transit": 4,
        "reservation": 5,
        "count_adjustment_after_snapshot": 3,
        "unexplained": 5,
    }
    assert (line["variance_units"], line["physical_sellable_units"]) == (22, 98 - 5 - 10)


def test_return_restocked_the_same_day_leaves_nothing_pending(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 100, at(1))
    s.move("return_received", 4, at(10, 9), bin_code="RET", ref="RT1")
    s.move("return_restocked", 4, at(10, 15), ref="RT1")
    s.snapshot(104)
    s.build()
    line = s.line()
    assert (line["variance_units"], causes(line)) == (0, {})
    assert line["status"] == "matched"


def test_return_restocked_after_the_snapshot_still_explains_it(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 100, at(1))
    s.move("return_received", 4, at(10, 9), bin_code="RET", ref="RT1")
    s.move("return_restocked", 4, AFTER_T, ref="RT1")
    s.snapshot(104)
    s.build()
    line = s.line()
    assert causes(line) == {"returns_awaiting_restock": 4}
    assert s.position()["sellable_units"] == 104  # now it is back on the shelf


def test_count_taken_between_two_movements(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 100, at(1))
    s.move("shipment", 10, at(10, 9))
    s.count(88, at(10, 10))  # ledger says 90 here: 2 missing
    s.move("shipment", 5, at(10, 11))
    s.snapshot(85)
    s.build()
    line = s.line()
    assert causes(line) == {"unexplained": 2}
    assert (line["physical_sellable_units"], line["ledger_sellable_units"]) == (83, 85)


def test_count_after_the_snapshot_is_rolled_back_to_it(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 100, at(1))
    s.move("shipment", 20, AFTER_T)
    s.count(79, AFTER_T + timedelta(hours=1))  # 1 unit missing
    s.snapshot(100)
    s.build()
    line = s.line()
    assert causes(line) == {"unexplained": 1}
    assert line["physical_sellable_units"] == 99


def test_count_adjustment_before_the_snapshot_is_no_variance(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 100, at(1))
    count_id = s.count(97, at(9))
    s.move("count_loss", 3, at(9, 14), ref=count_id)
    s.snapshot(97)
    s.build()
    assert s.line()["variance_units"] == 0


def test_floor_at_zero_is_explicit(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 4, at(1))
    s.reserve(6, at(9))
    s.snapshot(4)
    s.build()
    line = s.line()
    assert (line["physical_sellable_units"], line["variance_units"]) == (0, 4)
    assert (line["reservation_units"], line["sellable_floor_units"], line["unexplained_units"]) == (6, 2, 0)


def test_channel_off_its_formula_is_unexplained(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 100, at(1))
    s.snapshot(107)
    s.build()
    line = s.line()
    assert causes(line) == {"unexplained": 7}
    assert (line["channel_formula_gap_units"], line["unrecorded_loss_units"]) == (7, 0)


def test_latest_snapshot_of_any_channel_is_compared(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 100, at(1))
    s.move("shipment", 10, at(10, 12))
    s.snapshot(100, at(9), channel="jd")
    s.snapshot(90, channel="jd")
    s.snapshot(90, channel="tmall")
    s.build()
    line = s.line()
    assert (line["snapshot_at"], line["channel"], line["n_channels"], line["variance_units"]) == (
        T,
        "jd",
        2,
        0,
    )


@pytest.mark.parametrize(("abc_class", "missing", "status"), [
    ("A", 1, "unexplained_above_tolerance"),
    ("B", 1, "unexplained_within_tolerance"),
    ("B", 2, "unexplained_above_tolerance"),
    ("C", 2, "unexplained_within_tolerance"),
])  # fmt: skip
def test_tolerance_per_sku_class(
    conn: duckdb.DuckDBPyConnection, abc_class: str, missing: int, status: str
) -> None:
    s = Stock(conn).sku(abc_class=abc_class)
    s.move("receipt", 100, at(1))
    s.count(100 - missing, at(9))
    s.snapshot(100)
    s.build(tolerances=Tolerances(units={"A": 0, "B": 1, "C": 2}, pct={"A": 0.0, "B": 0.0, "C": 1.0}))
    line = s.line()
    assert (line["unexplained_units"], line["status"]) == (missing, status)
    assert line["unexplained_value_cents"] == missing * 1_000


def test_percentage_tolerance_scales_with_stock(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn).sku(abc_class="C")
    s.move("receipt", 1_000, at(1))
    s.count(992, at(9))
    s.snapshot(1_000)
    s.build(tolerances=Tolerances(units={"C": 2}, pct={"C": 1.0}))
    line = s.line()
    assert (line["tolerance_units"], line["is_within_tolerance"]) == (10, True)


def test_transfer_received_after_the_snapshot_was_in_transit_at_it(conn: duckdb.DuckDBPyConnection) -> None:
    s = Stock(conn)
    s.move("receipt", 100, at(1))
    s.move("receipt", 50, at(1), wh="W2", bin_code="X1")
    s.move("transfer_out", 8, at(9), wh="W2", bin_code="X1", ref="TR-W2-W1-1")
    s.move("transfer_in", 5, at(10, 8), ref="TR-W2-W1-1")
    s.move("transfer_in", 3, AFTER_T, ref="TR-W2-W1-1")  # the rest arrives after the snapshot
    s.move("transfer_out", 6, AFTER_T, wh="W2", bin_code="X1", ref="TR-W2-W1-2")  # sent after it: not yet
    s.snapshot(100 + 5 + 3)
    s.build()
    assert causes(s.line()) == {"transfer_in_transit": 3}
    evidence = conn.execute(
        "select evidence_kind, evidence_id, units from stock_reconciliation_evidence "
        "where cause = 'transfer_in_transit'"
    ).fetchall()
    assert evidence == [("transfer", "TR-W2-W1-1", 3)]
    assert s.position()["in_transit_in_units"] == 6
