-- The plan (registered frame plan_rows, order key already split). Parameter: $run_id.
insert into allocation_plan
select $run_id, channel, order_id, line_no, sku, warehouse, source, source_warehouse, supplier, units,
    unit_cost_cents
from plan_rows;
