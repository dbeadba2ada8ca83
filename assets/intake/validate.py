"""Intake validation (stage 1): order_rejections and validated_orders from the ingested orders.

Set-based SQL does the rules (sql/intake/); Python only prepares the per-value library checks (phone numbers,
country codes, place-name keys) for the distinct values, which SQL then joins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd

from assets.intake.addresses import place_keys
from assets.intake.config import IntakeConfig
from assets.intake.phones import check_phones
from assets.intake.sqlrun import run_sql


@dataclass(frozen=True)
class IntakeResult:
    n_orders: int
    n_validated: int
    n_rejected_orders: int
    n_rejections: int


def utc_now() -> datetime:
    """Naive UTC timestamp (the database stores UTC without offset)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def prepare_helpers(conn: duckdb.DuckDBPyConnection, config: IntakeConfig) -> None:
    """Temp tables intake_phone_checks, intake_place_keys, intake_postal_patterns for this connection."""
    phones = check_phones(conn.execute("select distinct country_code, phone from orders").df())
    places = place_keys(conn.execute("select distinct country_code, province, city from orders").df())
    patterns = pd.DataFrame(
        sorted(config.postal_code_patterns.items()), columns=["country_code", "pattern"], dtype=object
    )
    for name, frame in (
        ("intake_phone_checks", phones),
        ("intake_place_keys", places),
        ("intake_postal_patterns", patterns),
    ):
        conn.register(f"{name}_df", frame)
        conn.execute(f"create or replace temp table {name} as select * from {name}_df")
        conn.unregister(f"{name}_df")


def finding_params(config: IntakeConfig) -> dict[str, object]:
    return {
        "payment_methods": config.payment_methods,
        "cod_methods": config.cash_on_delivery_methods,
        "service_levels": config.service_levels,
        "max_priority": config.max_priority,
        "require_district": config.require_district,
        "require_postal_code": config.require_postal_code,
        "street_number_pattern": config.street_number_pattern,
        "paid_tolerance_cents": config.paid_amount_tolerance_cents,
        "disabled_codes": config.disabled_reason_codes,
    }


def run_intake(
    conn: duckdb.DuckDBPyConnection, config: IntakeConfig, now: datetime | None = None
) -> IntakeResult:
    """Validate every ingested order; rewrite order_rejections and validated_orders in one transaction.

    A rejection already on file keeps its first detected_at, and a validated order its validated_at, so
    that a rerun on the same inputs leaves both tables unchanged.
    """
    now = now or utc_now()
    prepare_helpers(conn, config)
    conn.execute("begin")
    try:
        params = {**finding_params(config), "now": now}
        run_sql(conn, "intake/intake_findings", params, "create or replace temp table intake_findings as ")
        run_sql(conn, "intake/order_rejections_merge", params)
        run_sql(conn, "intake/validated_orders", params, "create or replace temp table validated_new as ")
        conn.execute("delete from validated_orders")
        conn.execute("insert into validated_orders by name select * from validated_new")
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    counts = conn.execute(
        """
        select
            (select count(*) from orders),
            (select count(*) from validated_orders),
            (select count(distinct (channel, order_id)) from order_rejections),
            (select count(*) from order_rejections)
        """
    ).fetchone()
    assert counts is not None
    return IntakeResult(*(int(n) for n in counts))
