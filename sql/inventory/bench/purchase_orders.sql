-- Benchmark input: open or partly received purchase orders for 3% of the pairs.
insert into purchase_orders (po_id, supplier_code, warehouse_code, sku, ordered_units, received_units,
    ordered_at, expected_at, status)
select 'PO-OPEN-' || p, 'SUP1', 'WH' || lpad((p // $n_skus)::varchar, 2, '0'),
    'SKU' || lpad((p % $n_skus)::varchar, 6, '0'), 100, (p % 2) * 40, timestamp '2026-11-01 00:00:00',
    timestamp '2026-11-25 00:00:00', ['open', 'partially_received'][1 + (p % 2)::int]
from range($n_warehouses * $n_skus) as t(p)
where hash(p, 'po') % 100 < 3
