"""Asset checks of stage 1: rejections carry known reason codes; validated orders are clean and geocoded."""

from __future__ import annotations

import dagster as dg

from assets.intake.metadata import markdown_table
from assets.resources import DuckDBResource


@dg.asset_check(
    asset="order_rejections",
    description="Every rejection names a catalogued intake reason code and says how to fix it.",
)
def order_rejections_reason_codes_known(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as conn:
        unknown = conn.execute(
            """
            select j.reason_code, count(*) as n_rows
            from order_rejections as j
            left join reason_codes as c on c.reason_code = j.reason_code and c.stage = 'intake'
            where c.reason_code is null or trim(j.fix) = ''
            group by all
            """
        ).df()
    return dg.AssetCheckResult(
        passed=unknown.empty, metadata={"unknown": dg.MetadataValue.md(markdown_table(unknown))}
    )


@dg.asset_check(
    asset="validated_orders",
    additional_deps=["order_rejections"],
    description="No validated order has a rejection, and every one has coordinates and a valid phone.",
)
def validated_orders_clean_and_geocoded(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    with duckdb.get_connection() as conn:
        row = conn.execute(
            """
            select
                count(*) filter (where exists (
                    select 1 from order_rejections as j
                    where j.channel = v.channel and j.order_id = v.order_id)),
                count(*) filter (where latitude is null or longitude is null or phone_e164 is null)
            from validated_orders as v
            """
        ).fetchone()
    n_rejected, n_incomplete = (int(n) for n in row) if row else (0, 0)
    return dg.AssetCheckResult(
        passed=n_rejected == 0 and n_incomplete == 0,
        metadata={
            "n_with_rejection": dg.MetadataValue.int(n_rejected),
            "n_without_coordinates_or_phone": dg.MetadataValue.int(n_incomplete),
        },
    )
