-- Solver input `stock`: sellable units per (warehouse, SKU) for the SKUs of the batch.
select p.warehouse_code as warehouse, p.sku, p.sellable_units as units
from stock_positions as p
where p.sellable_units > 0
  and p.sku in (select sku from alloc_lines)
order by warehouse, sku
