-- Benchmark ledger: shipments (1-3 units, to orders) fill the ledger up to $n_movements rows minus the count
-- adjustments added later (about 1% of the pairs).
insert into bench_events
select 'MG' || i, (hash(i, 'gp') % ($n_warehouses * $n_skus))::bigint, (hash(i, 'gt') % 2592000)::bigint,
    'shipment', 1 + (hash(i, 'gq') % 3)::int, 'order', 'SO' || i, 'pick', null
from range($n_movements) as t(i)
where i < $n_movements - $n_warehouses * $n_skus // 100 - (select count(*) from bench_events)
