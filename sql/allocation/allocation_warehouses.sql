-- Solver input `warehouses`: pick capacity left = daily capacity x the days this batch may use - units
-- already reserved today by earlier allocation runs. Parameters: $now, $capacity_days.
with reserved_today as (
    select warehouse_code, sum(reserved_units) as units
    from reservations
    where source = 'allocation'
      and reserved_at >= date_trunc('day', $now::timestamp)
    group by warehouse_code
)
select
    w.warehouse_code as warehouse,
    greatest(w.daily_pick_capacity_units * $capacity_days - coalesce(r.units, 0), 0) as pick_capacity_units
from warehouses as w
left join reserved_today as r using (warehouse_code)
order by warehouse
