-- Transfer and purchase requests of the run (registered frames transfer_rows, purchase_rows).
-- Parameters: $run_id, $now.
insert into transfer_requests
select $run_id, from_warehouse, to_warehouse, sku, units, $now::timestamp from transfer_rows;
insert into purchase_requests
select $run_id, supplier, warehouse, sku, units, $now::timestamp from purchase_rows;
