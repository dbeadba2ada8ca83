-- Inter-warehouse transfers not fully received as of $cutoff_at (exclusive), per (transfer, SKU).
-- A transfer is the reference_id shared by its transfer_out and transfer_in movements; it may be received
-- in several parts. Its destination is the warehouse of its transfer_in movements, or else the one its id
-- names (transfer_destination() in sql/schema/stock.sql). In-transit units belong to no warehouse's on-hand; they are expected at the
-- destination after the lane's lead time.

with

transfer_movements as (
    select reference_id as transfer_id, sku, warehouse_code, movement_type, quantity, occurred_at
    from stock_movements
    where movement_type in ('transfer_out', 'transfer_in')
        and reference_id is not null
        and occurred_at < $cutoff_at::timestamp
),

transfers as (
    select
        transfer_id,
        sku,
        min(warehouse_code) filter (where movement_type = 'transfer_out') as from_warehouse_code,
        coalesce(
            min(warehouse_code) filter (where movement_type = 'transfer_in'),
            transfer_destination(transfer_id, min(warehouse_code) filter (where movement_type = 'transfer_out'))
        ) as to_warehouse_code,
        coalesce(sum(quantity) filter (where movement_type = 'transfer_out'), 0) as sent_units,
        coalesce(sum(quantity) filter (where movement_type = 'transfer_in'), 0) as received_units,
        min(occurred_at) filter (where movement_type = 'transfer_out') as shipped_at,
        max(occurred_at) filter (where movement_type = 'transfer_in') as last_received_at
    from transfer_movements
    group by transfer_id, sku
),

open_transfers as (
    select *, sent_units - received_units as in_transit_units
    from transfers
    where sent_units > received_units
),

final as (
    select
        o.transfer_id,
        o.sku,
        o.from_warehouse_code,
        o.to_warehouse_code,
        o.sent_units,
        o.received_units,
        o.in_transit_units,
        o.shipped_at,
        o.last_received_at,
        l.lead_time_days,
        o.shipped_at + to_days(l.lead_time_days) as expected_at
    from open_transfers as o
    left join transfer_lanes as l
        on l.from_warehouse_code = o.from_warehouse_code and l.to_warehouse_code = o.to_warehouse_code
)

select * from final
