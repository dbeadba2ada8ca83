"""The allocation assets on a tiny hand-made network: two warehouses, three orders, known answers."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.allocation import ALLOCATION_ASSETS, ALLOCATION_CHECKS
from assets.resources import DuckDBResource
from assets.sql_files import ensure_schema, load_sql

# Shanghai and Chengdu warehouses; customers in Shanghai (2 orders) and Chengdu (1 order).
SHA, CTU = (31.23, 121.47), (30.66, 104.06)


def _seed(conn: duckdb.DuckDBPyConnection) -> None:
    ensure_schema(conn)
    conn.execute("""
        insert into warehouses values
            ('SHA1', 'Shanghai FC', 'CN', 'Shanghai', 'Shanghai', 31.23, 121.47, 'East', 1000, 50, 100,
             'Asia/Shanghai'),
            ('CTU1', 'Chengdu FC', 'CN', 'Sichuan', 'Chengdu', 30.66, 104.06, 'Southwest', 1000, 50, 100,
             'Asia/Shanghai');
        insert into skus values
            ('A', 'Mug', 'home', 'P1', 'red', null, 400, 100, 100, 100, true, false, false, 3000, 1000,
             'A', true),
            ('B', 'Tee', 'apparel', 'P2', 'blue', 'M', 200, 300, 200, 20, false, false, false, 5000, 2000,
             'B', true);
        insert into carrier_services values ('ZTO', 'ZTO-STD', 'standard', '18:00', 30000);
        insert into rate_cards values
            ('ZTO', 'ZTO-STD', 300, 1000, 800, 200, 1),
            ('ZTO', 'ZTO-STD', 2500, 1000, 1400, 500, 3);
        insert into stock_positions (warehouse_code, sku, sellable_units) values
            ('SHA1', 'A', 5), ('CTU1', 'A', 5), ('CTU1', 'B', 1);
    """)
    orders = [("o1", SHA, [("A", 2)]), ("o2", SHA, [("A", 1), ("B", 1)]), ("o3", CTU, [("A", 4)])]
    for order_id, (lat, lon), lines in orders:
        conn.execute(
            """insert into validated_orders values ('shop', ?, 'c', '2026-11-19', null, 'n', '+8613800000000',
               'CN', 'p', 'c', 'd', 's', null, '200000', ?, ?, 'East', 'alipay', null, null, null,
               'standard', 0, ?, 1, 1, 0, 0, 1, '2026-11-19')""",
            [order_id, lat, lon, len(lines)],
        )
        for line_no, (sku, qty) in enumerate(lines, start=1):
            conn.execute(
                "insert into order_line_states values "
                "('shop', ?, ?, 'approved', [], ?, ?, 'review', '2026-11-19')",
                [order_id, line_no, sku, qty],
            )


def _materialize(db: Path, selection: list[str]) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [*ALLOCATION_ASSETS, *ALLOCATION_CHECKS],
        selection=selection,
        resources={"duckdb": DuckDBResource(database=str(db))},
        run_config={"ops": {"allocation": {"config": {"config_file": str(db.parent / "none.yaml")}}}},
        raise_on_error=True,
    )


@pytest.fixture
def seeded(db_path: Path) -> Path:
    with duckdb.connect(str(db_path)) as conn:
        _seed(conn)
    return db_path


def test_plan_reserves_and_moves_states(seeded: Path) -> None:
    result = _materialize(seeded, ["allocation_plan", "backorders", "transfer_requests", "purchase_requests",
                                   "allocation_explanations"])  # fmt: skip
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    with duckdb.connect(str(seeded)) as conn:
        plan = conn.execute(
            "select order_id, line_no, warehouse_code, source, units from allocation_plan order by all"
        ).fetchall()
        states = dict(
            conn.execute("select order_id || '/' || line_no, state from order_line_states").fetchall()
        )
        reserved = conn.execute(
            "select sum(reserved_units) from reservations where source = 'allocation'"
        ).fetchone()
    # o2 needs B, which only CTU1 has: the whole order ships from CTU1 rather than in two parcels.
    assert ("o2", 2, "CTU1", "stock", 1) in plan
    assert ("o2", 1, "CTU1", "stock", 1) in plan
    assert ("o1", 1, "SHA1", "stock", 2) in plan
    assert ("o3", 1, "CTU1", "stock", 4) in plan
    assert set(states.values()) == {"allocated"}
    assert reserved == (8,)


def test_rerun_never_double_reserves(seeded: Path) -> None:
    selection = [
        "allocation_plan",
        "backorders",
        "transfer_requests",
        "purchase_requests",
        "allocation_explanations",
    ]
    _materialize(seeded, selection)
    _materialize(seeded, selection)
    with duckdb.connect(str(seeded)) as conn:
        reserved = conn.execute("select sum(reserved_units) from reservations").fetchone()
        runs = conn.execute("select n_lines from allocation_runs order by solved_at").fetchall()
    assert reserved == (8,)
    assert runs == [(4,), (0,)]


def test_check_catches_a_corrupted_plan(seeded: Path) -> None:
    _materialize(seeded, ["allocation_plan", "backorders", "transfer_requests", "purchase_requests",
                          "allocation_explanations"])  # fmt: skip
    with duckdb.connect(str(seeded)) as conn:
        conn.execute("update allocation_plan set units = units + 10 where order_id = 'o3'")
        violations = conn.execute(load_sql("allocation/check_plan")).fetchall()
    kinds = {v[0] for v in violations}
    assert {"stock exceeded", "line not accounted for"} <= kinds


def test_shortage_becomes_backorder_without_options(seeded: Path) -> None:
    with duckdb.connect(str(seeded)) as conn:
        conn.execute("update stock_positions set sellable_units = 1 where sku = 'A'")
    dg.materialize(
        [*ALLOCATION_ASSETS, *ALLOCATION_CHECKS],
        selection=["allocation_plan", "backorders", "transfer_requests", "purchase_requests",
                   "allocation_explanations"],
        resources={"duckdb": DuckDBResource(database=str(seeded))},
        run_config={"ops": {"allocation": {"config": {"config_file": str(seeded.parent / "none.yaml"),
                                                      "allow_transfers": False, "allow_purchases": False}}}},
    )  # fmt: skip
    with duckdb.connect(str(seeded)) as conn:
        backordered = conn.execute("select sum(units) from backorders").fetchone()
        states = conn.execute(
            "select state, count(*) from order_line_states group by all order by all"
        ).fetchall()
    assert backordered == (5,)  # 7 units of A ordered, 2 sellable
    assert ("backordered", 2) in states or ("backordered", 3) in states


def test_scenarios_do_not_touch_the_live_plan(seeded: Path, tmp_path: Path) -> None:
    config = tmp_path / "allocation.yaml"
    config.write_text(
        "weights: {}\nscenarios:\n  no_splits:\n    max_parcels_per_order: 1\n", encoding="utf-8"
    )
    result = dg.materialize(
        ALLOCATION_ASSETS,
        selection=["allocation_scenarios"],
        resources={"duckdb": DuckDBResource(database=str(seeded))},
        run_config={"ops": {"allocation_scenarios": {"config": {"config_file": str(config)}}}},
    )
    assert result.success
    with duckdb.connect(str(seeded)) as conn:
        scenarios = {
            r[0] for r in conn.execute("select distinct scenario from allocation_scenarios").fetchall()
        }
        n_plan = conn.execute("select count(*) from allocation_plan").fetchone()
    assert scenarios == {"live", "no_splits"}
    assert n_plan == (0,)


PLAN_SELECTION = [
    "allocation_plan",
    "backorders",
    "transfer_requests",
    "purchase_requests",
    "allocation_explanations",
]


def _outcome(db: Path) -> dict[str, list[tuple]]:
    """What a run leaves behind, without run ids and times (which differ from run to run)."""
    queries = {
        "plan": "select order_id, line_no, warehouse_code, source, units from allocation_plan order by all",
        "states": "select order_id, line_no, state from order_line_states order by all",
        "reserved": "select warehouse_code, sku, sum(reserved_units) as units from reservations group by all "
        "order by warehouse_code, sku",
        "runs": "select status, n_lines from allocation_runs order by all",
        "explained": "select order_id from allocation_explanations order by all",
    }
    with duckdb.connect(str(db)) as conn:
        return {name: conn.execute(sql).fetchall() for name, sql in queries.items()}


def test_crash_while_writing_leaves_nothing_and_a_rerun_matches_an_uninterrupted_run(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assets.allocation.write as write

    before = _outcome(seeded)
    real_execute_script = write.execute_script

    def crash_on_line_states(conn: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> None:
        if name == "allocation/write_line_states":  # the plan, reservations and backorders are written by now
            raise RuntimeError("simulated crash")
        real_execute_script(conn, name, params)

    monkeypatch.setattr(write, "execute_script", crash_on_line_states)
    with pytest.raises(RuntimeError, match="simulated crash"):
        _materialize(seeded, PLAN_SELECTION)
    assert _outcome(seeded) == before

    monkeypatch.setattr(write, "execute_script", real_execute_script)
    _materialize(seeded, PLAN_SELECTION)
    uninterrupted = tmp_path / "uninterrupted" / "fulfilment.duckdb"
    uninterrupted.parent.mkdir()
    with duckdb.connect(str(uninterrupted)) as conn:
        _seed(conn)
    _materialize(uninterrupted, PLAN_SELECTION)
    assert _outcome(seeded) == _outcome(uninterrupted)
    assert _outcome(seeded)["plan"]
