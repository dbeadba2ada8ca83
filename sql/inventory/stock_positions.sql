-- Stock per (warehouse, SKU) as of $cutoff_at (exclusive), from bin_stock_positions and stock_in_transit
-- (built for the same cutoff), open reservations, safety stock and open purchase orders.
-- on_hand_units is physical: the ledger corrected by unposted cycle-count differences. Pending incident
-- units stay in on-hand (the ledger still holds them) and count as unsellable.
-- sellable_units uses the one formula, the sellable_units() macro of sql/schema/inventory.sql.

with

-- status is the export's current one: a reservation shipped since is taken as open before its cutoff
open_reservations as (
    select warehouse_code, sku, reserved_units
    from reservations
    where status = 'open' and reserved_at < $cutoff_at::timestamp
),

incoming as (
    select warehouse_code, sku, ordered_units - received_units as incoming_units, expected_at
    from purchase_orders
    where status in ('open', 'partially_received')
        and ordered_units > received_units
        and ordered_at < $cutoff_at::timestamp
),

-- one row per source record, folded by one aggregate per (warehouse, SKU) instead of a key union and joins
stacked as (
    select warehouse_code, sku, on_hand_units, count_variance_units, returns_pending_units, damaged_units,
        quarantined_units, pending_damage_units, pending_shrinkage_units, 1 as n_bins,
        (last_count_id is not null)::int as n_bins_counted, last_counted_at, last_movement_at,
        0 as reserved_units, 0 as in_transit_in_units, null::timestamp as transfer_arrival_at,
        0 as in_transit_out_units, 0 as incoming_units, null::timestamp as incoming_at
    from bin_stock_positions
    union all
    select warehouse_code, sku, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, reserved_units, 0, null, 0, 0, null
    from open_reservations
    union all
    select to_warehouse_code, sku, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0, in_transit_units, expected_at, 0, 0,
        null
    from stock_in_transit
    where to_warehouse_code is not null
    union all
    select from_warehouse_code, sku, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0, 0, null, in_transit_units, 0,
        null
    from stock_in_transit
    where from_warehouse_code is not null
    union all
    select warehouse_code, sku, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0, 0, null, 0, incoming_units,
        expected_at
    from incoming
),

folded as (
    select
        warehouse_code,
        sku,
        sum(on_hand_units) as ledger_on_hand_units,
        sum(count_variance_units) as count_variance_units,
        sum(reserved_units) as reserved_units,
        sum(returns_pending_units) as returns_pending_units,
        sum(damaged_units) as damaged_units,
        sum(quarantined_units) as quarantined_units,
        sum(pending_damage_units) as pending_damage_units,
        sum(pending_shrinkage_units) as pending_shrinkage_units,
        sum(in_transit_in_units) as in_transit_in_units,
        min(transfer_arrival_at) as next_transfer_arrival_at,
        sum(in_transit_out_units) as in_transit_out_units,
        sum(incoming_units) as incoming_units,
        min(incoming_at) as next_incoming_at,
        sum(n_bins) as n_bins,
        sum(n_bins_counted) as n_bins_counted,
        max(last_counted_at) as last_counted_at,
        max(last_movement_at) as last_movement_at
    from stacked
    group by warehouse_code, sku
),

-- safety stock alone makes no position: it only holds back units of one that exists
buckets as (
    select
        f.warehouse_code,
        f.sku,
        f.ledger_on_hand_units,
        f.count_variance_units,
        f.ledger_on_hand_units + f.count_variance_units as on_hand_units,
        f.reserved_units,
        f.returns_pending_units,
        f.damaged_units,
        f.quarantined_units,
        f.pending_damage_units,
        f.pending_shrinkage_units,
        f.pending_damage_units + f.pending_shrinkage_units as pending_incident_units,
        f.returns_pending_units + f.damaged_units + f.quarantined_units + f.pending_damage_units
            + f.pending_shrinkage_units as unsellable_units,
        coalesce(s.safety_stock_units, 0) as safety_stock_units,
        f.in_transit_in_units,
        f.next_transfer_arrival_at,
        f.in_transit_out_units,
        f.incoming_units,
        f.next_incoming_at,
        f.n_bins,
        f.n_bins_counted,
        f.last_counted_at,
        f.last_movement_at
    from folded as f
    left join safety_stock as s using (warehouse_code, sku)
),

final as (
    select
        *,
        -- what is left after unsellable and reserved units is held back as safety stock first
        least(safety_stock_units, greatest(0, on_hand_units - reserved_units - unsellable_units))
            as safety_held_units,
        greatest(0, reserved_units + unsellable_units - on_hand_units) as overcommitted_units,
        sellable_units(on_hand_units, reserved_units, unsellable_units, safety_stock_units) as sellable_units
    from buckets
)

select * from final
