-- One row per day of stock_reconciliation_history: totals by cause, so that trends show.
select
    strftime(partition_date, '%Y-%m-%d') as partition_date,
    count(*) as n_lines,
    count(*) filter (where status = 'unexplained_above_tolerance') as n_lines_above_tolerance,
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
from stock_reconciliation_history
group by all
order by partition_date
