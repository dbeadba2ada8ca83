-- Benchmark ledger: shipments in the last hours before T bring the ledger to exactly $n_movements rows (after
-- the count adjustments, whose number depends on the counts).
insert into bench_events
select 'MT' || i, (hash(i, 'tp') % ($n_warehouses * $n_skus))::bigint, 2577600 + (hash(i, 'tt') % 7200)::bigint,
    'shipment', 1, 'order', 'ST' || i, 'pick', null
from range($n_movements) as t(i)
where i < $n_movements - (select count(*) from bench_events)
