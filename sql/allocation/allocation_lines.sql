-- Solver input `lines`: one row per order line of the batch.
select order_key as order_id, line_no, sku, quantity, priority, service_level, promised_days
from alloc_lines
order by order_key, line_no
