-- Write the lines of the orders classified `loaded`, linked to the file and physical line they came from.
insert into order_lines (
    channel, order_id, line_no, sku, quantity, unit_price_cents, source_file_id, source_line_number
)
select t.channel, t.order_id, t.line_no, t.sku, t.quantity, t.unit_price_cents, t.file_id, t.line_number
from stg_typed as t
semi join stg_order_classes as c
    on c.file_id = t.file_id and c.channel = t.channel and c.order_id = t.order_id and c.order_outcome = 'loaded';
