-- Variance of stock_reconciliation by cause: units, value at cost, and the lines it touches.

with

causes as (
    unpivot (
        select unit_cost_cents, returns_awaiting_restock_units, unposted_damage_units,
            unposted_shrinkage_units, transfer_in_transit_units, reservation_units,
            count_adjustment_after_snapshot_units, unexplained_units
        from stock_reconciliation
    )
    on columns(* exclude (unit_cost_cents))
    into name cause_column value units
),

final as (
    select
        replace(cause_column, '_units', '') as cause,
        sum(units)::bigint as units,
        sum(units * unit_cost_cents)::bigint as value_cents,
        count(*) filter (where units <> 0) as n_lines
    from causes
    group by cause_column
)

select * from final
order by abs(value_cents) desc, cause
