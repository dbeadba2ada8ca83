-- Variance units by cause over all (warehouse, SKU), channel sellable minus physical sellable.
unpivot (
    select
        sum(variance_units) as total_variance,
        sum(returns_awaiting_restock_units) as returns_awaiting_restock,
        sum(unposted_damage_units) as unposted_damage,
        sum(unposted_shrinkage_units) as unposted_shrinkage,
        sum(transfer_in_transit_units) as transfer_in_transit,
        sum(reservation_units) as reservation,
        sum(count_adjustment_after_snapshot_units) as count_adjustment_after_snapshot,
        sum(unexplained_units) as unexplained
    from stock_reconciliation
) on columns(*) into name cause value units
