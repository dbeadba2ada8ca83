-- Benchmark channel snapshots at T for every pair and four channels, following the channel formula (ledger
-- on-hand - safety - damaged - quarantined + in transit to the warehouse, as of T); 0.5% of the pairs are off
-- by one to three units (a channel glitch the reconciliation leaves unexplained).
insert into channel_stock_snapshots (snapshot_at, channel, warehouse_code, sku, sellable_units, source_file_id)
with

ledger as (
    select e.pair, sum(e.qty * (t.on_hand_sign - t.damaged_sign - t.quarantined_sign)) as units
    from bench_events as e
    join movement_types as t using (movement_type)
    where e.at_s <= 2584800
    group by e.pair
),

transit as (
    select o.dst_pair as pair, sum(o.qty) - coalesce(sum(i.received), 0) as units
    from bench_events as o
    left join (
        select reference_id, sum(qty) as received from bench_events
        where movement_type = 'transfer_in' and at_s <= 2584800 group by reference_id
    ) as i using (reference_id)
    where o.movement_type = 'transfer_out' and o.at_s <= 2584800
    group by o.dst_pair
),

shown as (
    select p as pair, coalesce(l.units, 0) - (hash(p, 'safety') % 10)::bigint + coalesce(x.units, 0)
        + case when hash(p, 'glitch') % 200 = 0 then 1 + (hash(p, 'g') % 3)::bigint else 0 end as units
    from range($n_warehouses * $n_skus) as t(p)
    left join ledger as l on l.pair = p
    left join transit as x on x.pair = p
)

select timestamp '2026-11-19 22:00:00', c, 'WH' || lpad((pair // $n_skus)::varchar, 2, '0'),
    'SKU' || lpad((pair % $n_skus)::varchar, 6, '0'), units::int, 'bench'
from shown, (values ('tmall'), ('jd'), ('douyin'), ('webshop')) as ch(c)
