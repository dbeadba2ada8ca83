-- What to publish to the channels now, per (warehouse, SKU): stock_positions.sellable_units (the one formula,
-- on physical, count-corrected on-hand), 0 for inactive or unknown SKUs, with the change against the
-- channel snapshot that stock_reconciliation compared. Every channel gets the same figure. Units in transit
-- are not published: they may be listed once they arrive (next_transfer_arrival_at).

with

stacked as (
    select warehouse_code, sku, sellable_units, in_transit_in_units, next_transfer_arrival_at,
        null::bigint as channel_sellable_units, null::timestamp as channel_snapshot_at
    from stock_positions
    union all
    select warehouse_code, sku, null, null, null, channel_sellable_units, snapshot_at
    from stock_reconciliation
),

keyed as (
    select
        warehouse_code,
        sku,
        coalesce(sum(sellable_units), 0) as sellable_units,
        coalesce(sum(in_transit_in_units), 0) as in_transit_in_units,
        min(next_transfer_arrival_at) as next_transfer_arrival_at,
        max(channel_sellable_units) as channel_sellable_units,
        max(channel_snapshot_at) as channel_snapshot_at
    from stacked
    group by warehouse_code, sku
),

published as (
    select
        f.warehouse_code,
        f.sku,
        coalesce(s.is_active, false) as is_sku_active,
        case when coalesce(s.is_active, false) then f.sellable_units else 0 end as published_sellable_units,
        f.channel_sellable_units,
        f.channel_snapshot_at,
        f.in_transit_in_units,
        f.next_transfer_arrival_at
    from keyed as f
    left join skus as s using (sku)
),

final as (
    select
        *,
        published_sellable_units - coalesce(channel_sellable_units, 0) as delta_units,
        published_sellable_units <> coalesce(channel_sellable_units, 0) as is_changed
    from published
)

select * from final
