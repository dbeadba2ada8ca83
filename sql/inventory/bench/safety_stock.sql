-- Benchmark input: safety stock 0-9 units for every (warehouse, SKU) pair.
insert into safety_stock (warehouse_code, sku, safety_stock_units)
select 'WH' || lpad((p // $n_skus)::varchar, 2, '0'), 'SKU' || lpad((p % $n_skus)::varchar, 6, '0'),
    (hash(p, 'safety') % 10)::int
from range($n_warehouses * $n_skus) as t(p)
