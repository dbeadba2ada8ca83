-- Backorders now: the lines of this batch left (partly) unfilled replace whatever was recorded for the batch's
-- lines before. Parameters: $run_id, $now.
delete from backorders
where (channel, order_id, line_no) in (select (channel, order_id, line_no) from alloc_lines);
insert into backorders
select channel, order_id, line_no, sku, units, penalty_cents_per_unit, $run_id, $now::timestamp
from backorder_rows;
