-- Benchmark input: a lane between every two warehouses, 1-4 days.
insert into transfer_lanes (from_warehouse_code, to_warehouse_code, cost_per_unit_cents, fixed_cost_cents,
    lead_time_days)
select 'WH' || lpad(a::varchar, 2, '0'), 'WH' || lpad(b::varchar, 2, '0'), 50, 5000, 1 + (a + b) % 4
from range($n_warehouses) as x(a), range($n_warehouses) as y(b)
where a <> b
