-- Variance units by cause over all (warehouse, SKU), channel sellable minus physical sellable.
unpivot (
    select
        sum(variance_units)::bigint as total_variance,
        sum(returns_awaiting_restock_units)::bigint as returns_awaiting_restock,
        sum(unposted_damage_units)::bigint as unposted_damage,
        sum(unposted_shrinkage_units)::bigint as unposted_shrinkage,
        sum(transfer_in_transit_units)::bigint as transfer_in_transit,
        sum(reservation_units)::bigint as reservation,
        sum(count_adjustment_after_snapshot_units)::bigint as count_adjustment_after_snapshot,
        sum(unexplained_units)::bigint as unexplained
    from stock_reconciliation
) on columns(*) into name cause value units
