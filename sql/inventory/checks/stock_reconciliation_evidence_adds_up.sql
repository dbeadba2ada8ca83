-- (warehouse, SKU, cause) where the evidence rows do not add up to the cause column of stock_reconciliation.

with

causes as (
    unpivot (
        select warehouse_code, sku, returns_awaiting_restock_units, unposted_damage_units,
            unposted_shrinkage_units, transfer_in_transit_units, reservation_units,
            count_adjustment_after_snapshot_units, unexplained_units
        from stock_reconciliation
    )
    on columns(* exclude (warehouse_code, sku))
    into name cause_column value cause_units
),

evidence as (
    select warehouse_code, sku, cause || '_units' as cause_column, sum(units) as evidence_units
    from stock_reconciliation_evidence
    group by all
),

compared as (
    select
        coalesce(c.warehouse_code, e.warehouse_code) as warehouse_code,
        coalesce(c.sku, e.sku) as sku,
        replace(coalesce(c.cause_column, e.cause_column), '_units', '') as cause,
        coalesce(c.cause_units, 0) as cause_units,
        coalesce(e.evidence_units, 0) as evidence_units
    from causes as c
    full join evidence as e using (warehouse_code, sku, cause_column)
)

select *
from compared
where cause_units <> evidence_units
order by abs(cause_units - evidence_units) desc, warehouse_code, sku, cause
