-- Benchmark ledger rows in time order, as an append-only ledger is stored.
insert into stock_movements (movement_id, occurred_at, warehouse_code, bin_code, sku, movement_type, quantity,
    reference_type, reference_id, source_file_id)
select event_id, timestamp '2026-10-21 00:00:00' + to_seconds(at_s), 'WH' || lpad((pair // $n_skus)::varchar, 2, '0'),
    case bin_kind when 'returns' then 'RET' when 'quarantine' then 'QUA'
        else 'P' || lpad((pair % $n_skus % 2000)::varchar, 4, '0') end,
    'SKU' || lpad((pair % $n_skus)::varchar, 6, '0'), movement_type, qty, reference_type, reference_id, 'bench'
from bench_events
order by at_s, event_id
