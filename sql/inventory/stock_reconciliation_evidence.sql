-- The records behind every cause of stock_reconciliation (built for the same $cutoff_at), one row per
-- record with its units. Per (warehouse, SKU, cause) the units add up to the cause column; the asset check
-- stock_reconciliation_evidence_adds_up verifies it. evidence_kind says where evidence_id points:
-- movement -> stock_movements.movement_id, incident -> incident_reports.incident_id,
-- reservation -> reservations.reservation_id, count -> cycle_counts.count_id,
-- transfer -> stock_movements.reference_id (the transfer's movements), channel_snapshot -> the channel of the
-- compared snapshot. reference_id is the business reference (return, transfer, order, count). Each cause
-- only looks at the lines where it is not zero.

with

lines as materialized (
    select warehouse_code, sku, snapshot_at, channel, returns_awaiting_restock_units, unposted_damage_units,
        unposted_shrinkage_units, transfer_in_transit_units, reservation_units,
        count_adjustment_after_snapshot_units, unrecorded_loss_units, channel_formula_gap_units
    from stock_reconciliation
    where returns_awaiting_restock_units <> 0 or unposted_damage_units <> 0 or unposted_shrinkage_units <> 0
        or transfer_in_transit_units <> 0 or reservation_units <> 0 or count_adjustment_after_snapshot_units <> 0
        or unrecorded_loss_units <> 0 or channel_formula_gap_units <> 0
),

-- one row per return (reference) still awaiting restock at T
returns_pending as (
    select
        m.warehouse_code,
        m.sku,
        'returns_awaiting_restock' as cause,
        'movement' as evidence_kind,
        coalesce(min(m.movement_id) filter (where t.returns_pending_sign > 0), min(m.movement_id)) as evidence_id,
        m.reference_id,
        min(m.occurred_at) as occurred_at,
        sum(m.quantity * t.returns_pending_sign) as units
    from stock_movements as m
    join lines as l using (warehouse_code, sku)
    join movement_types as t using (movement_type)
    where l.returns_awaiting_restock_units <> 0
        and m.occurred_at <= l.snapshot_at
        and t.returns_pending_sign <> 0
    group by m.warehouse_code, m.sku, m.reference_id, case when m.reference_id is null then m.movement_id end
    having units <> 0
),

-- incidents posted by a movement at or after the cutoff were still pending before it
posted_after_cutoff as (
    select movement_id from stock_movements where occurred_at >= $cutoff_at::timestamp
),

incidents as (
    select
        i.warehouse_code,
        i.sku,
        'unposted_' || i.incident_type as cause,
        'incident' as evidence_kind,
        i.incident_id as evidence_id,
        i.bin_code as reference_id,
        i.reported_at as occurred_at,
        i.units::bigint as units
    from incident_reports as i
    join lines as l using (warehouse_code, sku)
    where l.unposted_damage_units + l.unposted_shrinkage_units <> 0
        and i.reported_at < $cutoff_at::timestamp
        and (i.status = 'pending'
            or (i.status = 'posted' and i.posted_movement_id in (select movement_id from posted_after_cutoff)))
),

-- transfers: in transit at the cutoff (stock_in_transit) rolled back to T by the transfer movements after it
transfer_tail as (
    select *
    from transfer_movements_between((select min(snapshot_at) from lines), $cutoff_at::timestamp)
),

transfer_units as (
    select to_warehouse_code as warehouse_code, sku, transfer_id, in_transit_units as units, shipped_at
    from stock_in_transit
    where to_warehouse_code is not null
    union all
    select t.to_warehouse_code, t.sku, t.transfer_id,
        case when t.movement_type = 'transfer_out' then -t.quantity else t.quantity end, null
    from transfer_tail as t
    join lines as l on l.warehouse_code = t.to_warehouse_code and l.sku = t.sku
    where t.occurred_at > l.snapshot_at
),

transfers as (
    select
        u.warehouse_code,
        u.sku,
        'transfer_in_transit' as cause,
        'transfer' as evidence_kind,
        u.transfer_id as evidence_id,
        u.transfer_id as reference_id,
        min(u.shipped_at) as occurred_at,
        sum(u.units) as units
    from transfer_units as u
    join lines as l using (warehouse_code, sku)
    where l.transfer_in_transit_units <> 0
    group by u.warehouse_code, u.sku, u.transfer_id
    having sum(u.units) <> 0
),

reservations_open as (
    select
        r.warehouse_code,
        r.sku,
        'reservation' as cause,
        'reservation' as evidence_kind,
        r.reservation_id as evidence_id,
        r.channel || ':' || r.order_id || ':' || r.line_no as reference_id,
        r.reserved_at as occurred_at,
        r.reserved_units::bigint as units
    from reservations as r
    join lines as l using (warehouse_code, sku)
    where l.reservation_units <> 0 and r.status = 'open' and r.reserved_at <= l.snapshot_at
),

count_adjustments as (
    select
        m.warehouse_code,
        m.sku,
        'count_adjustment_after_snapshot' as cause,
        'movement' as evidence_kind,
        m.movement_id as evidence_id,
        m.reference_id,
        m.occurred_at,
        case when m.movement_type = 'count_loss' then m.quantity else -m.quantity end::bigint as units
    from stock_movements as m
    join lines as l using (warehouse_code, sku)
    where l.count_adjustment_after_snapshot_units <> 0
        and m.movement_type in ('count_gain', 'count_loss')
        and m.occurred_at > l.snapshot_at
        and m.occurred_at < $cutoff_at::timestamp
),

count_losses as (
    select
        b.warehouse_code,
        b.sku,
        'unexplained' as cause,
        'count' as evidence_kind,
        b.last_count_id as evidence_id,
        b.bin_code as reference_id,
        b.last_counted_at as occurred_at,
        -b.count_variance_units as units
    from bin_stock_positions as b
    join lines as l using (warehouse_code, sku)
    where l.unrecorded_loss_units <> 0 and b.count_variance_units <> 0
),

channel_gaps as (
    select
        warehouse_code,
        sku,
        'unexplained' as cause,
        'channel_snapshot' as evidence_kind,
        channel as evidence_id,
        null as reference_id,
        snapshot_at as occurred_at,
        channel_formula_gap_units as units
    from lines
    where channel_formula_gap_units <> 0
),

final as (
    select * from returns_pending
    union all select * from incidents
    union all select * from transfers
    union all select * from reservations_open
    union all select * from count_adjustments
    union all select * from count_losses
    union all select * from channel_gaps
)

select * from final
