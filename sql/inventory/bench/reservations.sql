-- Benchmark reservations: 5% of the pairs hold one open reservation of 1-3 units made in the 40 h before T;
-- 10% have a shipped or released one from earlier days.
insert into reservations (reservation_id, channel, order_id, line_no, warehouse_code, sku, reserved_units,
    reserved_at, status, source)
select 'RSV' || p, 'tmall', 'O' || p, 1, 'WH' || lpad((p // $n_skus)::varchar, 2, '0'),
    'SKU' || lpad((p % $n_skus)::varchar, 6, '0'), 1 + (hash(p, 'rq') % 3)::int,
    timestamp '2026-11-19 22:00:00' - to_seconds(case when roll < 5 then 600 + hash(p, 'rt') % 144000
        else 172800 + hash(p, 'rt') % 1000000 end::bigint),
    case when roll < 5 then 'open' when roll < 10 then 'shipped' else 'released' end, 'oms_export'
from (select p, (hash(p, 'res') % 100)::int as roll from range($n_warehouses * $n_skus) as t(p))
where roll < 15
