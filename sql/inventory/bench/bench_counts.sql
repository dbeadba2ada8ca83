-- Benchmark cycle counts: 10% of the pairs counted in their pick bin during the last five days before T;
-- 80% find the ledger's resellable units, 15% one or two fewer, 5% one more.
create or replace temp table bench_counts as
with

counted as (
    select p as pair, 'CC' || p as count_id, (2160000 + hash(p, 'ct') % 345600)::bigint as at_s,
        (hash(p, 'cr') % 100)::int as roll
    from range($n_warehouses * $n_skus) as t(p)
    where hash(p, 'cnt') % 10 = 0
),

expected as (
    select c.pair, sum(e.qty * (t.on_hand_sign - t.returns_pending_sign - t.damaged_sign - t.quarantined_sign))
        as resellable_units
    from counted as c
    join bench_events as e on e.pair = c.pair and e.at_s <= c.at_s
    join movement_types as t using (movement_type)
    group by c.pair
)

select c.*, greatest(0, e.resellable_units
    + case when c.roll < 80 then 0 when c.roll < 95 then -1 - c.roll % 2 else 1 end)::int as counted_units,
    e.resellable_units
from counted as c
join expected as e using (pair)
