-- Pick capacity left per warehouse as the run saw it (registered frame run_capacity). Parameter: $run_id.
insert into allocation_run_capacity
select $run_id, warehouse, pick_capacity_units from run_capacity;
