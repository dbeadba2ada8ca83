-- Sellable-vs-physical reconciliation per (warehouse, SKU) at T, the latest channel snapshot before
-- $cutoff_at (exclusive). Reads stock_positions, bin_stock_positions and stock_in_transit built for the
-- same cutoff and rolls them back to T with the movements after T. docs/reconciliation.md derives the decomposition:
--   channel - physical sellable (before the floor at zero)
--     = returns awaiting restock + unposted damage + unposted shrinkage + transfers in transit to here
--       + open reservations + count adjustments posted after T (losses positive) + unexplained
-- Tolerances per SKU class come as three aligned lists: $tolerance_classes, $tolerance_units,
-- $tolerance_pct (percent of physical on-hand at T; the larger of the two applies).

with

snapshots as materialized (
    select
        warehouse_code,
        sku,
        snapshot_at,
        arg_min(channel, channel) as channel,
        arg_min(sellable_units, channel) as channel_sellable_units,
        count(*) as n_channels,
        max(sellable_units) - min(sellable_units) as channel_spread_units
    from channel_stock_snapshots
    where snapshot_at < $cutoff_at::timestamp
    group by warehouse_code, sku, snapshot_at
    qualify row_number() over (partition by warehouse_code, sku order by snapshot_at desc) = 1
),

-- movements between T and the cutoff, to roll the cutoff positions back to T
after_snapshot as (
    select
        m.warehouse_code,
        m.sku,
        sum(m.quantity * t.on_hand_sign) as on_hand_delta,
        sum(m.quantity * t.returns_pending_sign) as returns_pending_delta,
        sum(m.quantity * t.damaged_sign) as damaged_delta,
        sum(m.quantity * t.quarantined_sign) as quarantined_delta,
        coalesce(sum(
            m.quantity * (t.on_hand_sign - t.returns_pending_sign - t.damaged_sign - t.quarantined_sign)
        ) filter (where m.movement_type not in ('count_gain', 'count_loss')), 0) as physical_flow_units,
        coalesce(sum(m.quantity) filter (where m.movement_type = 'count_loss'), 0)
            - coalesce(sum(m.quantity) filter (where m.movement_type = 'count_gain'), 0)
            as count_adjustment_loss_units
    from stock_movements as m
    join snapshots as s using (warehouse_code, sku)
    join movement_types as t using (movement_type)
    where m.occurred_at > s.snapshot_at
        and m.occurred_at < $cutoff_at::timestamp
        -- prunes the ledger to its tail before the join (zone maps on a time-ordered ledger)
        and m.occurred_at > (select min(snapshot_at) from snapshots)
    group by m.warehouse_code, m.sku
),

reserved_at_snapshot as (
    select r.warehouse_code, r.sku, sum(r.reserved_units) as reserved_units
    from reservations as r
    join snapshots as s using (warehouse_code, sku)
    where r.status = 'open' and r.reserved_at <= s.snapshot_at
    group by r.warehouse_code, r.sku
),

-- transfer movements after the earliest snapshot: with stock_in_transit (built for the same cutoff) they
-- give what was in transit at each T without reading the whole ledger again
transfer_tail as (
    select *
    from transfer_movements_between((select min(snapshot_at) from snapshots), $cutoff_at::timestamp)
),

-- in transit at T = in transit at the cutoff - sent after T + received after T
in_transit_at_snapshot as (
    select warehouse_code, sku, sum(units) as transfer_in_transit_units
    from (
        select to_warehouse_code as warehouse_code, sku, in_transit_units as units
        from stock_in_transit
        where to_warehouse_code is not null
        union all
        select t.to_warehouse_code, t.sku,
            case when t.movement_type = 'transfer_out' then -t.quantity else t.quantity end
        from transfer_tail as t
        join snapshots as s on s.warehouse_code = t.to_warehouse_code and s.sku = t.sku
        where t.occurred_at > s.snapshot_at
    )
    group by warehouse_code, sku
),

counted_bins as (
    select warehouse_code, sku, counted_units, last_counted_at
    from bin_stock_positions
    where last_count_id is not null
),

counts as (
    select warehouse_code, sku, sum(counted_units) as counted_units, max(last_counted_at) as last_counted_at
    from counted_bins
    group by warehouse_code, sku
),

at_snapshot as (
    select
        s.warehouse_code,
        s.sku,
        k.abc_class,
        coalesce(k.unit_cost_cents, 0) as unit_cost_cents,
        s.snapshot_at,
        s.channel,
        s.n_channels,
        s.channel_spread_units,
        s.channel_sellable_units,
        coalesce(p.safety_stock_units, 0) as safety_stock_units,
        coalesce(p.ledger_on_hand_units, 0) - coalesce(a.on_hand_delta, 0) as ledger_on_hand_units,
        coalesce(p.returns_pending_units, 0) - coalesce(a.returns_pending_delta, 0) as returns_pending_units,
        coalesce(p.damaged_units, 0) - coalesce(a.damaged_delta, 0) as damaged_units,
        coalesce(p.quarantined_units, 0) - coalesce(a.quarantined_delta, 0) as quarantined_units,
        coalesce(p.on_hand_units - p.unsellable_units, 0) - coalesce(a.physical_flow_units, 0)
            as physical_resellable_units,
        coalesce(p.pending_damage_units, 0) as unposted_damage_units,
        coalesce(p.pending_shrinkage_units, 0) as unposted_shrinkage_units,
        coalesce(r.reserved_units, 0) as reservation_units,
        coalesce(it.transfer_in_transit_units, 0) as transfer_in_transit_units,
        coalesce(a.count_adjustment_loss_units, 0) as count_adjustment_after_snapshot_units,
        -coalesce(p.count_variance_units, 0) as unrecorded_loss_units,
        c.counted_units,
        c.last_counted_at
    from snapshots as s
    left join stock_positions as p using (warehouse_code, sku)
    left join after_snapshot as a using (warehouse_code, sku)
    left join reserved_at_snapshot as r using (warehouse_code, sku)
    left join in_transit_at_snapshot as it using (warehouse_code, sku)
    left join counts as c using (warehouse_code, sku)
    left join skus as k using (sku)
),

sellable as (
    select
        *,
        returns_pending_units + damaged_units + quarantined_units + unposted_damage_units
            + unposted_shrinkage_units as unsellable_units,
        physical_resellable_units + returns_pending_units + damaged_units + quarantined_units
            + unposted_damage_units + unposted_shrinkage_units as physical_on_hand_units,
        -- what a channel following docs/landing_files.md shows, replayed from the ledger at T
        ledger_on_hand_units - safety_stock_units - damaged_units - quarantined_units
            + transfer_in_transit_units as channel_replay_units,
        physical_resellable_units - reservation_units - safety_stock_units as physical_sellable_raw_units
    from at_snapshot
),

decomposed as (
    select
        *,
        sellable_units(ledger_on_hand_units, reservation_units, unsellable_units, safety_stock_units)
            as ledger_sellable_units,
        sellable_units(physical_on_hand_units, reservation_units, unsellable_units, safety_stock_units)
            as physical_sellable_units,
        returns_pending_units as returns_awaiting_restock_units,
        channel_sellable_units - channel_replay_units as channel_formula_gap_units,
        channel_sellable_units - physical_sellable_raw_units
            - returns_pending_units - unposted_damage_units - unposted_shrinkage_units
            - transfer_in_transit_units - reservation_units - count_adjustment_after_snapshot_units
            as unexplained_units
    from sellable
),

tolerances as (
    select
        unnest($tolerance_classes::varchar[]) as abc_class,
        unnest($tolerance_units::bigint[]) as min_units,
        unnest($tolerance_pct::double[]) as pct
),

judged as (
    select
        d.*,
        channel_sellable_units - physical_sellable_units as variance_units,
        physical_sellable_units - physical_sellable_raw_units as sellable_floor_units,
        greatest(
            coalesce(t.min_units, 0),
            ceil(coalesce(t.pct, 0) / 100.0 * greatest(d.physical_on_hand_units, 0))::bigint
        ) as tolerance_units
    from decomposed as d
    left join tolerances as t using (abc_class)
),

final as (
    select
        warehouse_code, sku, abc_class, unit_cost_cents, snapshot_at, channel, n_channels,
        channel_spread_units, channel_sellable_units, ledger_on_hand_units, physical_on_hand_units,
        ledger_sellable_units, physical_sellable_units, counted_units, last_counted_at, variance_units,
        returns_awaiting_restock_units, unposted_damage_units, unposted_shrinkage_units,
        transfer_in_transit_units, reservation_units, count_adjustment_after_snapshot_units,
        unexplained_units, sellable_floor_units, unrecorded_loss_units, channel_formula_gap_units,
        variance_units * unit_cost_cents as variance_value_cents,
        unexplained_units * unit_cost_cents as unexplained_value_cents,
        tolerance_units,
        abs(unexplained_units) <= tolerance_units as is_within_tolerance,
        case greatest(
                abs(returns_awaiting_restock_units), abs(unposted_damage_units), abs(unposted_shrinkage_units),
                abs(transfer_in_transit_units), abs(reservation_units),
                abs(count_adjustment_after_snapshot_units), abs(unexplained_units))
            when 0 then null
            when abs(unexplained_units) then 'unexplained'
            when abs(returns_awaiting_restock_units) then 'returns_awaiting_restock'
            when abs(reservation_units) then 'reservation'
            when abs(transfer_in_transit_units) then 'transfer_in_transit'
            when abs(unposted_damage_units) then 'unposted_damage'
            when abs(unposted_shrinkage_units) then 'unposted_shrinkage'
            else 'count_adjustment_after_snapshot'
        end as dominant_cause,
        case
            when variance_units = 0 and unexplained_units = 0 then 'matched'
            when unexplained_units = 0 then 'explained'
            when abs(unexplained_units) <= tolerance_units then 'unexplained_within_tolerance'
            else 'unexplained_above_tolerance'
        end as status
    from judged
)

select * from final
