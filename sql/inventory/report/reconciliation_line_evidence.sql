-- The evidence behind the $limit lines with the largest variance by value (the report's top table).

with

top_lines as (
    select warehouse_code, sku
    from stock_reconciliation
    where variance_units <> 0 or unexplained_units <> 0
    order by abs(variance_value_cents) desc, abs(variance_units) desc, warehouse_code, sku
    limit $limit
)

select e.warehouse_code, e.sku, e.cause, e.evidence_kind, e.evidence_id, e.reference_id, e.occurred_at, e.units
from stock_reconciliation_evidence as e
join top_lines using (warehouse_code, sku)
order by e.warehouse_code, e.sku, e.cause, e.occurred_at, e.evidence_id
