"""Dagster assets of stage 1 (intake): the city table for geocoding, validated orders and rejections."""
# No `from __future__ import annotations` here: Dagster reads the config and resource annotations at runtime.

import dagster as dg

from assets.geography import city_table
from assets.intake.config import IntakeConfig
from assets.intake.geo import write_geo_cities
from assets.intake.metadata import markdown_table, reason_code_counts
from assets.intake.validate import run_intake
from assets.resources import DuckDBResource
from assets.sql_files import ensure_schema

GROUP = "intake"
INGESTED_ORDER_TABLES = ["orders", "order_lines", "skus"]


@dg.asset(group_name=GROUP, kinds={"duckdb", "pandas"})
def geo_cities(duckdb: DuckDBResource) -> dg.MaterializeResult:
    """The bundled city table (assets/geography.py) with normalised match keys, used to geocode ship-to
    addresses by (country, province, city) so that allocation can price shipping."""
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        n_rows = write_geo_cities(conn, city_table())
        preview = conn.execute(
            "select country_code, province, city, latitude, longitude, region from geo_cities "
            "order by population desc nulls last limit 10"
        ).df()
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(n_rows),
            "preview": dg.MetadataValue.md(markdown_table(preview)),
        }
    )


@dg.multi_asset(
    name="intake_validation",
    specs=[
        dg.AssetSpec(
            "validated_orders",
            group_name=GROUP,
            kinds={"duckdb"},
            deps=[*INGESTED_ORDER_TABLES, "geo_cities"],
            description="Orders that passed every intake rule: canonical address, coordinates, E.164 phone, "
            "totals in cents. Review reads it; allocation reads its coordinates.",
        ),
        dg.AssetSpec(
            "order_rejections",
            group_name=GROUP,
            kinds={"duckdb"},
            deps=[*INGESTED_ORDER_TABLES, "geo_cities"],
            description="One row per failed intake rule (order, line, reason code, message, fix); "
            "reason codes in docs/reason_codes.md.",
        ),
    ],
)
def intake_validation(config: IntakeConfig, duckdb: DuckDBResource):  # type: ignore[no-untyped-def]
    """Validate every ingested order (SKU, quantity, address, phone, payment, paid amount)."""
    with duckdb.get_connection() as conn:
        ensure_schema(conn)
        result = run_intake(conn, config)
        codes = reason_code_counts(conn, "order_rejections")
    yield dg.MaterializeResult(
        asset_key="validated_orders",
        metadata={
            "dagster/row_count": dg.MetadataValue.int(result.n_validated),
            "n_orders_received": dg.MetadataValue.int(result.n_orders),
            "pct_validated": dg.MetadataValue.float(
                round(100.0 * result.n_validated / result.n_orders, 2) if result.n_orders else 0.0
            ),
        },
    )
    yield dg.MaterializeResult(
        asset_key="order_rejections",
        metadata={
            "dagster/row_count": dg.MetadataValue.int(result.n_rejections),
            "n_rejected_orders": dg.MetadataValue.int(result.n_rejected_orders),
            "rejections_by_reason_code": dg.MetadataValue.md(markdown_table(codes)),
        },
    )
