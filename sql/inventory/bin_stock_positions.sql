-- Stock per (warehouse, bin, SKU) as of $cutoff_at (exclusive; 'infinity' = everything loaded).
-- Ledger buckets are signed sums over stock_movements x movement_types, in the bin the row names.
-- Resellable units live in storage bins (pick, reserve, or a bin missing from master data). A ledger row
-- has one bin, so a row posted in a returns or quarantine bin that changes resellable units (a quarantine
-- hold, say) cannot name the storage bin the units left: its resellable change goes to the SKU's storage
-- bin counted last, whose count saw it.
-- Physical resellable units come from the bin's latest cycle count rolled forward by the physical movements
-- after it (a count reflects every movement at or before its timestamp); count_gain / count_loss correct
-- the ledger, they move nothing, so the roll skips them. Pending incident reports the count has not seen
-- are subtracted. A bin never counted is taken at its ledger value.

with

movements as (
    select
        m.warehouse_code,
        coalesce(m.bin_code, '(none)') as bin_code,
        m.sku,
        m.occurred_at,
        m.quantity * t.on_hand_sign as on_hand_delta,
        m.quantity * t.returns_pending_sign as returns_pending_delta,
        m.quantity * t.damaged_sign as damaged_delta,
        m.quantity * t.quarantined_sign as quarantined_delta
    from stock_movements as m
    join movement_types as t using (movement_type)
    where m.occurred_at < $cutoff_at::timestamp
),

latest_counts as materialized (
    select warehouse_code, bin_code, sku, count_id, counted_at, counted_units
    from cycle_counts
    where counted_at < $cutoff_at::timestamp
    qualify row_number() over (
        partition by warehouse_code, bin_code, sku order by counted_at desc, count_id desc
    ) = 1
),

unsellable_bins as materialized (
    select warehouse_code, bin_code from bins where bin_type in ('returns', 'quarantine')
),

-- per (warehouse, SKU): the storage bin counted last, which takes the resellable changes of unsellable bins
home_bins as materialized (
    select c.warehouse_code, c.sku, arg_max(c.bin_code, (c.counted_at, c.bin_code)) as home_bin_code,
        max(c.counted_at) as home_counted_at
    from latest_counts as c
    anti join unsellable_bins as u using (warehouse_code, bin_code)
    group by c.warehouse_code, c.sku
),

-- the count each ledger row is compared with: its bin's latest count; rows in returns / quarantine bins
-- are compared with the home bin's count, because their resellable change goes there
count_targets as materialized (
    select warehouse_code, bin_code, sku, counted_at from latest_counts
    union all
    select h.warehouse_code, u.bin_code, h.sku, h.home_counted_at
    from home_bins as h
    join unsellable_bins as u using (warehouse_code)
),

ledger_totals as (
    select
        warehouse_code,
        bin_code,
        sku,
        sum(on_hand_delta) as on_hand_units,
        sum(returns_pending_delta) as returns_pending_units,
        sum(damaged_delta) as damaged_units,
        sum(quarantined_delta) as quarantined_units,
        count(*) as n_movements,
        max(occurred_at) as last_movement_at
    from movements
    group by warehouse_code, bin_code, sku
),

-- physical movements after the count they are compared with; the ledger is stored in time order, so when
-- counts are recent the scan only reads its tail
flows_after_count as (
    select
        m.warehouse_code,
        coalesce(m.bin_code, '(none)') as bin_code,
        m.sku,
        sum(m.quantity * (t.on_hand_sign - t.returns_pending_sign - t.damaged_sign - t.quarantined_sign))
            as physical_flow_after_count_units
    from stock_movements as m
    join count_targets as c
        on c.warehouse_code = m.warehouse_code and c.bin_code = coalesce(m.bin_code, '(none)') and c.sku = m.sku
    join movement_types as t using (movement_type)
    where m.occurred_at > c.counted_at
        and m.occurred_at < $cutoff_at::timestamp
        and m.occurred_at > (select min(counted_at) from count_targets)
        and m.movement_type not in ('count_gain', 'count_loss')
    group by all
),

ledger as materialized (
    select l.*, coalesce(f.physical_flow_after_count_units, 0) as physical_flow_after_count_units
    from ledger_totals as l
    left join flows_after_count as f using (warehouse_code, bin_code, sku)
),

-- resellable changes posted in returns / quarantine bins, moved to the home bin
moved as (
    select
        l.warehouse_code,
        l.bin_code as from_bin_code,
        h.home_bin_code,
        l.sku,
        l.on_hand_units - l.returns_pending_units - l.damaged_units - l.quarantined_units as resellable_units,
        l.physical_flow_after_count_units
    from ledger as l
    join unsellable_bins as u using (warehouse_code, bin_code)
    join home_bins as h using (warehouse_code, sku)
),

-- incidents posted by a movement at or after the cutoff were still pending before it (zone maps make this
-- scan nearly free for a late cutoff)
posted_after_cutoff as (
    select movement_id from stock_movements where occurred_at >= $cutoff_at::timestamp
),

pending_incidents as (
    select
        i.warehouse_code,
        coalesce(i.bin_code, '(none)') as bin_code,
        i.sku,
        i.incident_type,
        i.units,
        i.reported_at
    from incident_reports as i
    where i.reported_at < $cutoff_at::timestamp
        and (i.status = 'pending'
            or (i.status = 'posted' and i.posted_movement_id in (select movement_id from posted_after_cutoff)))
),

moved_out as (
    select warehouse_code, from_bin_code as bin_code, sku, sum(resellable_units) as resellable_units
    from moved
    group by all
),

moved_in as (
    select warehouse_code, home_bin_code as bin_code, sku, sum(resellable_units) as resellable_units,
        sum(physical_flow_after_count_units) as physical_flow_after_count_units
    from moved
    group by all
),

incidents_by_bin as (
    select
        p.warehouse_code,
        p.bin_code,
        p.sku,
        coalesce(sum(p.units) filter (where p.incident_type = 'damage'), 0) as pending_damage_units,
        coalesce(sum(p.units) filter (where p.incident_type = 'shrinkage'), 0) as pending_shrinkage_units,
        -- a count taken after the report already missed these units
        coalesce(sum(p.units) filter (where c.counted_at is null or p.reported_at > c.counted_at), 0)
            as pending_unseen_units
    from pending_incidents as p
    left join latest_counts as c using (warehouse_code, bin_code, sku)
    group by all
),

-- bins the ledger never names but a count, an incident or a moved change does
other_bins as (
    select warehouse_code, bin_code, sku from latest_counts
    union
    select warehouse_code, bin_code, sku from incidents_by_bin
    union
    select warehouse_code, bin_code, sku from moved_in
),

bin_keys as (
    select warehouse_code, bin_code, sku from ledger
    union all
    select warehouse_code, bin_code, sku from other_bins
    anti join ledger using (warehouse_code, bin_code, sku)
),

combined as (
    select
        k.warehouse_code,
        k.bin_code,
        k.sku,
        coalesce(l.on_hand_units, 0) as on_hand_units,
        coalesce(l.returns_pending_units, 0) as returns_pending_units,
        coalesce(l.damaged_units, 0) as damaged_units,
        coalesce(l.quarantined_units, 0) as quarantined_units,
        coalesce(l.on_hand_units - l.returns_pending_units - l.damaged_units - l.quarantined_units, 0)
            - coalesce(mo.resellable_units, 0) + coalesce(mi.resellable_units, 0) as resellable_units,
        coalesce(i.pending_damage_units, 0) as pending_damage_units,
        coalesce(i.pending_shrinkage_units, 0) as pending_shrinkage_units,
        coalesce(i.pending_damage_units + i.pending_shrinkage_units, 0) as pending_incident_units,
        coalesce(i.pending_unseen_units, 0) as pending_unseen_units,
        c.count_id as last_count_id,
        c.counted_at as last_counted_at,
        c.counted_units,
        coalesce(l.physical_flow_after_count_units, 0) + coalesce(mi.physical_flow_after_count_units, 0)
            as physical_flow_after_count_units,
        coalesce(l.n_movements, 0) as n_movements,
        l.last_movement_at
    from bin_keys as k
    left join ledger as l using (warehouse_code, bin_code, sku)
    left join latest_counts as c using (warehouse_code, bin_code, sku)
    left join incidents_by_bin as i using (warehouse_code, bin_code, sku)
    left join moved_out as mo using (warehouse_code, bin_code, sku)
    left join moved_in as mi using (warehouse_code, bin_code, sku)
),

physical as (
    select
        *,
        case
            when last_count_id is null then resellable_units - pending_incident_units
            else counted_units + physical_flow_after_count_units - pending_unseen_units
        end as physical_units
    from combined
),

final as (
    select
        p.warehouse_code,
        p.bin_code,
        p.sku,
        b.bin_type,
        p.on_hand_units,
        p.returns_pending_units,
        p.damaged_units,
        p.quarantined_units,
        p.resellable_units,
        p.pending_damage_units,
        p.pending_shrinkage_units,
        p.pending_incident_units,
        p.last_count_id,
        p.last_counted_at,
        p.counted_units,
        p.physical_units,
        p.physical_units - (p.resellable_units - p.pending_incident_units) as count_variance_units,
        p.n_movements,
        p.last_movement_at
    from physical as p
    left join bins as b using (warehouse_code, bin_code)
)

select * from final
