-- Reserve the planned units so that the next run sees less sellable stock. One reservation per plan row;
-- the id is derived from the run and the row, so a retried run cannot add a second one. Units bought or
-- transferred are reserved at the shipping warehouse too: they arrive there for this order.
-- Parameters: $run_id, $now.
insert or ignore into reservations
select
    $run_id || ':' || channel || '|' || order_id || '|' || line_no || '|' || warehouse_code || '|' || source
        as reservation_id,
    channel, order_id, line_no, warehouse_code, sku, units as reserved_units,
    $now::timestamp as reserved_at, 'open' as status, 'allocation' as source,
    null as source_file_id
from allocation_plan
where run_id = $run_id;
