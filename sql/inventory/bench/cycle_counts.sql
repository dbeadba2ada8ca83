-- Benchmark cycle counts (from bench_counts).
insert into cycle_counts (count_id, counted_at, warehouse_code, bin_code, sku, counted_units, counter_id,
    source_file_id)
select count_id, timestamp '2026-10-21 00:00:00' + to_seconds(at_s), 'WH' || lpad((pair // $n_skus)::varchar, 2, '0'),
    'P' || lpad((pair % $n_skus % 2000)::varchar, 4, '0'), 'SKU' || lpad((pair % $n_skus)::varchar, 6, '0'),
    counted_units, 'counter', 'bench'
from bench_counts
