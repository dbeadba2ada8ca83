-- The $limit lines of stock_reconciliation with the largest variance by value at cost (then by units).
select warehouse_code, sku, abc_class, channel, snapshot_at, channel_sellable_units, ledger_sellable_units,
    physical_sellable_units, variance_units, variance_value_cents, returns_awaiting_restock_units,
    unposted_damage_units, unposted_shrinkage_units, transfer_in_transit_units, reservation_units,
    count_adjustment_after_snapshot_units, unexplained_units, tolerance_units, dominant_cause, status
from stock_reconciliation
where variance_units <> 0 or unexplained_units <> 0
order by abs(variance_value_cents) desc, abs(variance_units) desc, warehouse_code, sku
limit $limit
