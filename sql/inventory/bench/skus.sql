-- Benchmark input (benchmarks/reconciliation.py): $n_skus catalogue rows, a third in each ABC class.
insert into skus (sku, name, category, product_id, color, size, weight_g, length_mm, width_mm, height_mm,
    is_fragile, is_liquid, is_valuable, unit_price_cents, unit_cost_cents, abc_class, is_active)
select 'SKU' || lpad(s::varchar, 6, '0'), 'item ' || s, 'cat' || (s % 40), 'P' || (s // 3), null, null,
    100 + s % 900, 100, 100, 100, false, false, false, 1000 + (hash(s, 'p') % 9000)::bigint,
    500 + (hash(s, 'c') % 4000)::bigint, ['A', 'B', 'C'][1 + (s % 3)::int], s % 50 <> 0
from range($n_skus) as t(s)
