-- Benchmark incident reports: every damage and shrinkage movement was reported and posted; 0.5% of the pairs
-- have a pending report of 1-3 units from the two days before T, in their pick bin.
insert into incident_reports (incident_id, reported_at, warehouse_code, bin_code, sku, incident_type, units,
    status, posted_movement_id, source_file_id)
select reference_id, occurred_at, warehouse_code, bin_code, sku, movement_type, quantity, 'posted', movement_id,
    'bench'
from stock_movements
where movement_type in ('damage', 'shrinkage')
union all
select 'INC-P' || p, timestamp '2026-11-17 22:00:00' + to_seconds((hash(p, 'it') % 172800)::bigint),
    'WH' || lpad((p // $n_skus)::varchar, 2, '0'), 'P' || lpad((p % $n_skus % 2000)::varchar, 4, '0'),
    'SKU' || lpad((p % $n_skus)::varchar, 6, '0'), ['damage', 'shrinkage'][1 + (hash(p, 'ik') % 2)::int],
    1 + (hash(p, 'iu') % 3)::int, 'pending', null, 'bench'
from range($n_warehouses * $n_skus) as t(p)
where hash(p, 'inc') % 200 = 0
