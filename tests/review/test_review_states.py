"""Order-line states, their history, the exception queue and customer-service decisions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import duckdb
import pytest
from order_factory import T0, add_order, seed_reference

from assets.intake.config import IntakeConfig
from assets.intake.sqlrun import run_sql
from assets.intake.validate import run_intake
from assets.review.config import ReviewConfig
from assets.review.decisions import DecisionFileError, read_decision_files, write_decisions
from assets.review.flags import run_review
from assets.review.states import apply_states

HEADER = "channel,order_id,decision,substitute_sku,note,decided_by,decided_at\n"


@pytest.fixture
def db(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    seed_reference(conn)
    conn.execute("update stock_positions set sellable_units = 0 where sku = 'SKU-A'")
    add_order(
        conn, "ok", lines=[{"sku": "SKU-D", "quantity": 1, "unit_price_cents": 5_000}], phone="13900000001"
    )
    add_order(conn, "bad", lines=[{"sku": "NOPE", "quantity": 1, "unit_price_cents": 100}, {"sku": "SKU-D",
              "quantity": 1, "unit_price_cents": 5_000}], phone="13900000002")  # fmt: skip
    add_order(conn, "short", phone="13900000003")  # SKU-A is out of stock; SKU-C substitutes
    add_order(conn, "badphone", phone="12345")
    return conn


def run_all(conn: duckdb.DuckDBPyConnection, decisions: Path | None = None, day: int = 0) -> None:
    now = T0 + timedelta(days=day)
    run_intake(conn, IntakeConfig(), now=now)
    run_review(conn, ReviewConfig(), now=now)
    if decisions is not None:
        write_decisions(conn, read_decision_files(decisions), now)
    apply_states(conn, now=now)


def states(conn: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], tuple]:
    rows = conn.execute(
        "select order_id, line_no, state, reason_codes, fulfil_sku from order_line_states"
    ).fetchall()
    return {(order_id, line_no): (state, codes, sku) for order_id, line_no, state, codes, sku in rows}


def problems(conn: duckdb.DuckDBPyConnection) -> list:
    return run_sql(conn, "review/check_line_states", {}).fetchall()


def test_every_line_gets_exactly_one_state(db: duckdb.DuckDBPyConnection) -> None:
    run_all(db)
    assert states(db) == {
        ("ok", 1): ("approved", [], "SKU-D"),
        ("bad", 1): ("rejected", ["SKU_UNKNOWN"], "NOPE"),
        ("bad", 2): ("rejected", ["SKU_UNKNOWN"], "SKU-D"),
        ("short", 1): ("on_hold", ["STOCK_OUT"], "SKU-A"),
        ("badphone", 1): ("rejected", ["PHONE_INVALID"], "SKU-A"),
    }
    assert problems(db) == []


def test_queue_recommends_a_resolution_per_stopped_order(db: duckdb.DuckDBPyConnection) -> None:
    run_all(db)
    queue = db.execute(
        "select order_id, reason_codes, recommended_resolution, substitute_sku from exception_queue "
        "order by order_id"
    ).fetchall()
    assert queue == [
        ("badphone", ["PHONE_INVALID"], "contact_customer", None),
        ("short", ["STOCK_OUT"], "offer_substitute", "SKU-C"),
    ]


def test_rerun_changes_nothing_and_history_logs_each_change_once(db: duckdb.DuckDBPyConnection) -> None:
    run_all(db)
    before = db.execute("select * from order_line_states order by all").fetchall()
    run_all(db, day=1)
    assert db.execute("select * from order_line_states order by all").fetchall() == before
    history = db.execute("select order_id, line_no, from_state, to_state from order_state_history").fetchall()
    assert len(history) == 5
    assert all(from_state is None for _, _, from_state, _ in history)


def write_decisions_file(folder: Path, rows: str, name: str = "cs.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(HEADER + rows, encoding="utf-8")
    return folder


def test_substitute_decision_approves_with_the_new_sku(db: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    run_all(db)
    folder = write_decisions_file(
        tmp_path / "decisions",
        "tmall,short,substitute,SKU-C,customer agreed,cs_li,2026-11-21T09:00:00+08:00\n",
    )
    run_all(db, folder, day=1)
    assert states(db)[("short", 1)] == ("approved", ["STOCK_OUT"], "SKU-C")
    change = db.execute(
        "select from_state, to_state, changed_by, changed_at from order_state_history "
        "where order_id = 'short' order by changed_at"
    ).fetchall()
    assert change[-1] == ("on_hold", "approved", "decision:substitute:cs_li", T0 + timedelta(days=1))
    assert db.execute("select count(*) from exception_queue where order_id = 'short'").fetchone() == (0,)
    decided = db.execute("select decided_at, status from order_decisions").fetchone()
    assert decided is not None and decided[0].hour == 1  # +08:00 stored as UTC


def test_cancel_is_final_and_release_approves(db: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    folder = write_decisions_file(
        tmp_path / "decisions",
        "tmall,short,cancel,,no stock,cs_wang,2026-11-21T09:00:00\n"
        "tmall,short,release,,changed mind,cs_wang,2026-11-22T09:00:00\n"
        "tmall,badphone,release,,,cs_wang,2026-11-21T09:00:00\n"
        "tmall,ghost,release,,,cs_wang,2026-11-21T09:00:00\n"
        "tmall,ok,refund,,,cs_wang,2026-11-21T09:00:00\n",
    )
    run_all(db, folder)
    assert states(db)[("short", 1)][0] == "cancelled"
    assert states(db)[("badphone", 1)][0] == "rejected"
    ignored = dict(
        db.execute("select order_id, status_message from order_decisions where status = 'ignored'").fetchall()
    )
    assert set(ignored) == {"badphone", "ghost", "ok"}
    assert "rejected at intake" in ignored["badphone"]
    # the file gone, a cancelled line stays cancelled
    (folder / "cs.csv").unlink()
    run_all(db, folder, day=1)
    assert states(db)[("short", 1)][0] == "cancelled"


def test_lines_in_later_stages_are_not_touched(db: duckdb.DuckDBPyConnection) -> None:
    run_all(db)
    db.execute("update order_line_states set state = 'allocated' where order_id = 'ok'")
    db.execute("update stock_positions set sellable_units = 0 where sku = 'SKU-D'")  # would hold it now
    run_all(db, day=1)
    assert states(db)[("ok", 1)][0] == "allocated"


def test_restock_moves_a_held_order_on_in_the_next_run(db: duckdb.DuckDBPyConnection) -> None:
    run_all(db)
    db.execute("update stock_positions set sellable_units = 10 where sku = 'SKU-A'")
    run_all(db, day=1)
    assert states(db)[("short", 1)] == ("approved", [], "SKU-A")


def test_a_bad_decisions_file_names_itself_and_the_fix(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "broken.csv").write_text("order_id,decision\n1,release\n", encoding="utf-8")
    with pytest.raises(DecisionFileError, match=r"broken.csv: missing column\(s\) \['channel'"):
        read_decision_files(folder)
