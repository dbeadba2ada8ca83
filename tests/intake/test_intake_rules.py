"""Intake rules on tiny hand-made orders: each rule fires on its case, and only there."""

from __future__ import annotations

from datetime import timedelta

import duckdb
import pytest
from order_factory import T0, add_order, seed_reference

from assets.intake.config import IntakeConfig
from assets.intake.validate import run_intake


@pytest.fixture
def db(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    seed_reference(conn)
    return conn


def codes(conn: duckdb.DuckDBPyConnection, order_id: str) -> set[tuple[int | None, str]]:
    rows = conn.execute(
        "select line_no, reason_code from order_rejections where order_id = ?", [order_id]
    ).fetchall()
    return set(rows)


def validated(conn: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in conn.execute("select order_id from validated_orders").fetchall()}


def test_clean_order_is_validated_geocoded_and_normalised(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "ok", phone="+86 138-0013-8000", postal_code="518 057")
    result = run_intake(db, IntakeConfig())
    assert (result.n_orders, result.n_validated, result.n_rejections) == (1, 1, 0)
    row = db.execute(
        "select phone_e164, province, city, latitude, longitude, postal_code, lines_total_cents, "
        "paid_amount_cents from validated_orders"
    ).fetchone()
    assert row == ("+8613800138000", "广东省", "深圳市", 22.543, 114.058, "518057", 19_900, 20_900)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ({"sku": "NOPE", "quantity": 1, "unit_price_cents": 100}, "SKU_UNKNOWN"),
        ({"sku": "SKU-OLD", "quantity": 1, "unit_price_cents": 9_900}, "SKU_INACTIVE"),
        ({"sku": None, "quantity": 1, "unit_price_cents": 100}, "SKU_MISSING"),
        ({"sku": "SKU-A", "quantity": 0, "unit_price_cents": 19_900}, "QTY_ZERO"),
        ({"sku": "SKU-A", "quantity": -1, "unit_price_cents": 19_900}, "QTY_NEGATIVE"),
        ({"sku": "SKU-A", "quantity": 1.5, "unit_price_cents": 19_900}, "QTY_FRACTIONAL"),
        ({"sku": "SKU-A", "quantity": 0.0001, "unit_price_cents": 19_900}, "QTY_FRACTIONAL"),
        ({"sku": "SKU-A", "quantity": None, "unit_price_cents": 19_900}, "QTY_MISSING"),
        ({"sku": "SKU-A", "quantity": 1, "unit_price_cents": None}, "PRICE_MISSING"),
    ],
)
def test_line_rules_name_the_line(db: duckdb.DuckDBPyConnection, line: dict, expected: str) -> None:
    good = {"sku": "SKU-D", "quantity": 2, "unit_price_cents": 5_000}
    add_order(db, "bad", lines=[good, line])
    add_order(db, "ok")
    run_intake(db, IntakeConfig())
    assert codes(db, "bad") == {(2, expected)}
    assert validated(db) == {"ok"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"district": None}, "ADDRESS_INCOMPLETE"),
        ({"street": "  "}, "ADDRESS_INCOMPLETE"),
        ({"street": "科技园路"}, "ADDRESS_INCOMPLETE"),  # no house number
        ({"district": None, "street": None, "postal_code": None}, "ADDRESS_INCOMPLETE"),  # city only
        ({"recipient_name": ""}, "ADDRESS_INCOMPLETE"),
        ({"postal_code": "51805"}, "POSTAL_CODE_INVALID"),
        ({"postal_code": "918057"}, "POSTAL_CODE_INVALID"),
        ({"city": "火星市"}, "ADDRESS_NOT_GEOCODED"),
        ({"province": "北京市"}, "ADDRESS_NOT_GEOCODED"),  # Shenzhen is not in Beijing
        ({"country_code": "XX", "phone": "+86 13800138000"}, "COUNTRY_UNKNOWN"),
        ({"phone": None}, "PHONE_MISSING"),
        ({"phone": "1380013800"}, "PHONE_INVALID"),  # 10 digits
        ({"phone": "12012345678"}, "PHONE_INVALID"),  # no mobile prefix 12
        ({"phone": "138OO138OOO"}, "PHONE_INVALID"),  # letters O for zeros
        ({"payment_method": None}, "PAYMENT_INCOMPLETE"),
        ({"payment_method": "bitcoin"}, "PAYMENT_INCOMPLETE"),
        ({"paid_at": None}, "PAYMENT_INCOMPLETE"),
        ({"payment_ref": ""}, "PAYMENT_INCOMPLETE"),
        ({"paid_amount_cents": None}, "AMOUNT_MISSING"),
        ({"paid_amount_cents": 20_899}, "PAID_AMOUNT_MISMATCH"),  # one cent short
        ({"paid_amount_cents": 20_901}, "PAID_AMOUNT_MISMATCH"),
        ({"service_level": "teleport"}, "ORDER_FIELD_INVALID"),
        ({"priority": 3}, "ORDER_FIELD_INVALID"),
        ({"customer_id": None}, "ORDER_FIELD_INVALID"),
        ({"n_lines": 2}, "LINES_MISSING"),
    ],
)
def test_order_rules(db: duckdb.DuckDBPyConnection, fields: dict, expected: str) -> None:
    add_order(db, "bad", **fields)
    add_order(db, "ok")
    run_intake(db, IntakeConfig())
    assert codes(db, "bad") == {(None, expected)}
    assert validated(db) == {"ok"}


@pytest.mark.parametrize(
    "fields",
    [
        {"province": "广东", "city": "深圳"},  # suffixes left out
        {"province": "Guangdong", "city": "Shenzhen"},  # English names
        {"province": " 广东省 ", "city": "深圳市"},
        {"province": "北京市", "city": "北京市", "postal_code": "100000"},  # municipality
        {"province": "北京", "city": "北京", "postal_code": "100000"},
        {"province": "新疆维吾尔自治区", "city": "乌鲁木齐市", "postal_code": "830000"},
        {"province": "新疆", "city": "乌鲁木齐", "postal_code": "830000"},
        {"street": "科技园路８８号"},  # full-width house number
        {"recipient_name": "欧阳娜娜", "address_detail": "🏠 2栋"},  # unicode names and details
        {"recipient_name": "Zoë Ñúñez-O'Brien"},
        {"payment_method": "cod", "paid_at": None, "payment_ref": None, "payment_account": None},
        {"country_code": "CHN"},  # alpha-3 normalised with pycountry
        {
            "country_code": "DE", "province": "Bayern", "city": "München", "district": "Altstadt",
            "street": "Marienplatz 8", "postal_code": "80331", "phone": "+49 89 23300",
        },
    ],
)  # fmt: skip
def test_valid_variants_are_accepted(db: duckdb.DuckDBPyConnection, fields: dict) -> None:
    add_order(db, "ok", **fields)
    run_intake(db, IntakeConfig())
    assert codes(db, "ok") == set()
    assert validated(db) == {"ok"}


def test_all_failures_of_one_order_are_reported(db: duckdb.DuckDBPyConnection) -> None:
    add_order(
        db,
        "bad",
        lines=[{"sku": "NOPE", "quantity": 0, "unit_price_cents": 100}],
        phone="abc",
        district=None,
    )
    run_intake(db, IntakeConfig())
    assert codes(db, "bad") == {
        (1, "SKU_UNKNOWN"), (1, "QTY_ZERO"), (None, "PHONE_INVALID"), (None, "ADDRESS_INCOMPLETE"),
    }  # fmt: skip
    # a quantity that is not summable gives no derived PAID_AMOUNT_MISMATCH on top


def test_every_rejection_has_message_fix_and_rule(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "bad", phone="1", paid_amount_cents=5)
    run_intake(db, IntakeConfig())
    rows = db.execute("select message, fix, rule from order_rejections").fetchall()
    assert len(rows) == 2
    assert all(message and fix and rule for message, fix, rule in rows)
    assert "paid 0.05 but lines 199.00 - discount 0.00 + shipping 10.00 = 209.00" in {r[0] for r in rows}


def test_multi_line_amounts_add_up_to_the_cent(db: duckdb.DuckDBPyConnection) -> None:
    lines = [
        {"sku": "SKU-A", "quantity": 3, "unit_price_cents": 19_901},
        {"sku": "SKU-D", "quantity": 7, "unit_price_cents": 333},
    ]
    add_order(db, "ok", lines=lines, order_discount_cents=1_234, shipping_fee_cents=0)
    add_order(
        db, "off", lines=lines, order_discount_cents=1_234, shipping_fee_cents=0, paid_amount_cents=59_000
    )
    run_intake(db, IntakeConfig())
    assert validated(db) == {"ok"}
    assert db.execute("select lines_total_cents, n_units from validated_orders").fetchone() == (62_034, 10)


def test_tolerance_and_disabled_codes_are_configurable(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "cent", paid_amount_cents=20_899)
    add_order(db, "nodistrict", district=None)
    run_intake(db, IntakeConfig(paid_amount_tolerance_cents=1, require_district=False))
    assert validated(db) == {"cent", "nodistrict"}
    run_intake(db, IntakeConfig(disabled_reason_codes=["PAID_AMOUNT_MISMATCH"]))
    assert validated(db) == {"cent"}


def test_rerun_is_idempotent_and_keeps_first_detection(db: duckdb.DuckDBPyConnection) -> None:
    add_order(db, "bad", phone="1")
    add_order(db, "ok")
    run_intake(db, IntakeConfig(), now=T0)
    first = db.execute("select * from order_rejections order by all").fetchall()
    first_valid = db.execute("select * from validated_orders order by all").fetchall()
    run_intake(db, IntakeConfig(), now=T0 + timedelta(days=1))
    assert db.execute("select * from order_rejections order by all").fetchall() == first
    assert db.execute("select * from validated_orders order by all").fetchall() == first_valid
    # the fixed order leaves the rejections and enters validated_orders
    db.execute("update orders set phone = '13900139000' where order_id = 'bad'")
    run_intake(db, IntakeConfig(), now=T0 + timedelta(days=2))
    assert db.execute("select count(*) from order_rejections").fetchone() == (0,)
    assert validated(db) == {"bad", "ok"}
