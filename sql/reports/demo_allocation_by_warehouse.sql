-- Where the latest run ships from: orders, units, and the share coming by transfer or purchase.
with latest as (select run_id from allocation_runs order by solved_at desc, run_id desc limit 1)
select
    warehouse_code,
    count(distinct (channel, order_id)) as n_orders,
    sum(units)::bigint as units,
    coalesce(sum(units) filter (where source = 'transfer'), 0)::bigint as transfer_units,
    coalesce(sum(units) filter (where source = 'purchase'), 0)::bigint as purchase_units
from allocation_plan join latest using (run_id)
group by warehouse_code
order by units desc
