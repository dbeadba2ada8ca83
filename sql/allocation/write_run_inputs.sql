-- The batch as solved: its lines (from the temp table alloc_lines), stock and capacity. Parameter: $run_id.
insert into allocation_run_lines
select $run_id, channel, order_id, line_no, sku, quantity, priority, service_level, promised_days
from alloc_lines;
