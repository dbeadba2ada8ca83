-- Variance of stock_reconciliation per warehouse, split by cause, with the lines above tolerance.

with

final as (
    select
        warehouse_code,
        count(*) as n_lines,
        count(*) filter (where variance_units <> 0) as n_lines_with_variance,
        count(*) filter (where status = 'unexplained_above_tolerance') as n_lines_above_tolerance,
        sum(channel_sellable_units)::bigint as channel_sellable_units,
        sum(physical_sellable_units)::bigint as physical_sellable_units,
        sum(variance_units)::bigint as variance_units,
        sum(variance_value_cents)::bigint as variance_value_cents,
        sum(returns_awaiting_restock_units)::bigint as returns_awaiting_restock_units,
        sum(unposted_damage_units)::bigint as unposted_damage_units,
        sum(unposted_shrinkage_units)::bigint as unposted_shrinkage_units,
        sum(transfer_in_transit_units)::bigint as transfer_in_transit_units,
        sum(reservation_units)::bigint as reservation_units,
        sum(count_adjustment_after_snapshot_units)::bigint as count_adjustment_after_snapshot_units,
        sum(unexplained_units)::bigint as unexplained_units,
        sum(unexplained_value_cents)::bigint as unexplained_value_cents
    from stock_reconciliation
    group by warehouse_code
)

select * from final
order by abs(variance_value_cents) desc, warehouse_code
