"""Brushing / fraud score on hand-made rings and look-alike legitimate cases."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pytest
from order_factory import T0, add_customer, add_order, seed_reference

from assets.intake.config import IntakeConfig
from assets.intake.validate import run_intake
from assets.review.config import ReviewConfig
from assets.review.flags import run_review

CHEAP = [{"sku": "SKU-D", "quantity": 1, "unit_price_cents": 5_000}]  # 50.00 + 10.00 shipping


@pytest.fixture
def db(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    seed_reference(conn)
    return conn


def ring(
    conn: duckdb.DuckDBPyConnection,
    prefix: str,
    n: int,
    *,
    spacing: timedelta = timedelta(hours=2),
    same_phone: bool = True,
    new_accounts: bool = True,
    payment_account: str | None = None,
    lines: list | None = None,
    templated: bool = False,
) -> None:
    """n orders of n accounts to one address (and phone), each account with its own payment account."""
    for i in range(n):
        customer = f"{prefix}-acct{i:02d}"
        ordered_at = T0 + i * spacing
        created = ordered_at - (timedelta(days=1) if new_accounts else timedelta(days=400))
        # untemplated accounts get distinct names without digits
        name = f"好物分享{i + 7:02d}" if templated else f"买家{'甲乙丙丁戊己庚辛'[i]}"
        add_customer(conn, customer, created, display_name=name)
        add_order(
            conn,
            f"{prefix}{i}",
            lines=lines or CHEAP,
            customer_id=customer,
            ordered_at=ordered_at,
            street="幸福路1号",
            phone="13911112222" if same_phone else f"1391111{3000 + i}",
            payment_account=payment_account or f"pay-{prefix}-{i}",
        )


def flagged(conn: duckdb.DuckDBPyConnection, config: ReviewConfig | None = None) -> dict[str, float]:
    run_intake(conn, IntakeConfig())
    run_review(conn, config or ReviewConfig())
    rows = conn.execute(
        "select order_id, score from order_reviews where reason_code = 'BRUSHING_SUSPECTED'"
    ).fetchall()
    return dict(rows)


def test_ring_to_one_address_and_phone_is_flagged_with_evidence(db: duckdb.DuckDBPyConnection) -> None:
    ring(db, "r", 4)
    found = flagged(db)
    assert set(found) == {"r0", "r1", "r2", "r3"}
    evidence = db.execute("select evidence from order_reviews where order_id = 'r0'").fetchone()
    assert evidence is not None
    assert "4 accounts, low-value orders to this address within 72 h" in evidence[0]
    assert "account 1.0 days old" in evidence[0]


def test_two_accounts_of_one_household_are_not_a_ring(db: duckdb.DuckDBPyConnection) -> None:
    ring(db, "family", 2, new_accounts=False)
    assert flagged(db) == {}


def test_orders_spread_beyond_the_window_are_not_a_burst(db: duckdb.DuckDBPyConnection) -> None:
    ring(db, "slow", 4, spacing=timedelta(days=4), new_accounts=False)
    assert flagged(db) == {}


def test_high_value_orders_are_not_brushing(db: duckdb.DuckDBPyConnection) -> None:
    ring(
        db, "rich", 4, lines=[{"sku": "SKU-A", "quantity": 1, "unit_price_cents": 19_900}], new_accounts=False
    )
    assert flagged(db) == {}


def test_score_exactly_at_the_threshold_is_flagged(db: duckdb.DuckDBPyConnection) -> None:
    # shared address 0.35 + shared phone 0.35 (+ low value 0.05) = 0.75 for old accounts
    ring(db, "edge", 3, new_accounts=False)
    assert set(flagged(db, ReviewConfig(fraud_score_threshold=0.75))) == {"edge0", "edge1", "edge2"}
    assert flagged(db, ReviewConfig(fraud_score_threshold=0.7501)) == {}


def test_sequentially_named_fresh_accounts_add_to_the_score(db: duckdb.DuckDBPyConnection) -> None:
    ring(db, "seq", 3, same_phone=False, templated=True)
    # address 0.35 + new accounts 0.15 + templated names 0.2 + low value 0.05 = 0.75
    assert flagged(db) == pytest.approx({"seq0": 0.75, "seq1": 0.75, "seq2": 0.75})
    evidence = db.execute("select evidence from order_reviews limit 1").fetchone()
    assert evidence is not None and "3 accounts in the burst with templated names" in evidence[0]


def test_shared_payment_account_adds_to_the_score(db: duckdb.DuckDBPyConnection) -> None:
    ring(db, "pay", 3, same_phone=False, new_accounts=False, payment_account="acct***99")
    # address 0.35 + payment 0.25 + low value 0.05 = 0.65
    found = flagged(db)
    assert found == pytest.approx({"pay0": 0.65, "pay1": 0.65, "pay2": 0.65})


def test_weights_and_thresholds_come_from_config(db: duckdb.DuckDBPyConnection) -> None:
    ring(db, "r", 3, new_accounts=False)
    assert flagged(db, ReviewConfig(fraud_min_accounts=4)) == {}
    assert set(flagged(db, ReviewConfig(weight_shared_phone=0.0, fraud_score_threshold=0.4))) == {
        "r0",
        "r1",
        "r2",
    }
