-- Stock per (warehouse, SKU) as the run saw it (registered frame run_stock). Parameter: $run_id.
insert into allocation_run_stock
select $run_id, warehouse, sku, units from run_stock;
