-- Solver input `parcel_costs`: one parcel of an order from a warehouse, with transit days and distance.
select
    order_key as order_id,
    warehouse_code as warehouse,
    parcel_cost_cents,
    parcel_handling_cents,
    transit_days,
    distance_km
from alloc_pairs
order by order_id, warehouse
