-- Solver input `transfer_lanes`.
select
    from_warehouse_code as from_warehouse,
    to_warehouse_code as to_warehouse,
    cost_per_unit_cents as unit_cost_cents,
    fixed_cost_cents,
    lead_time_days
from transfer_lanes
order by from_warehouse, to_warehouse
