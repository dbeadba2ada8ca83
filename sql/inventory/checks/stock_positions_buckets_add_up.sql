-- Positions where on hand <> sellable + reserved + unsellable + safety stock held, or where the buckets do not
-- match the bins they come from. A position whose reserved and unsellable units exceed its on-hand is
-- overcommitted: real, but it needs a planner (is_overcommitted); any other row is a formula error.

with

bins as (
    select
        warehouse_code,
        sku,
        sum(on_hand_units + count_variance_units) as bin_on_hand_units,
        sum(returns_pending_units + damaged_units + quarantined_units + pending_incident_units)
            as bin_unsellable_units
    from bin_stock_positions
    group by warehouse_code, sku
),

compared as (
    select
        p.warehouse_code,
        p.sku,
        p.on_hand_units,
        p.sellable_units,
        p.reserved_units,
        p.unsellable_units,
        p.safety_held_units,
        p.safety_stock_units,
        p.sellable_units + p.reserved_units + p.unsellable_units + p.safety_held_units as buckets_units,
        coalesce(b.bin_on_hand_units, 0) as bin_on_hand_units,
        coalesce(b.bin_unsellable_units, 0) as bin_unsellable_units,
        p.reserved_units + p.unsellable_units > p.on_hand_units as is_overcommitted
    from stock_positions as p
    left join bins as b using (warehouse_code, sku)
)

select *
from compared
where on_hand_units <> buckets_units
    or on_hand_units <> bin_on_hand_units
    or unsellable_units <> bin_unsellable_units
    or sellable_units < 0
    or safety_held_units > safety_stock_units
order by is_overcommitted, abs(on_hand_units - buckets_units) desc, warehouse_code, sku
