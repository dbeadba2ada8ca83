-- Solver input `unit_costs`: every line may ship from every warehouse; the cost of one unit is its marginal
-- weight cost on the chosen carrier service plus the warehouse's handling cost per unit. Whether the
-- warehouse has stock (or can get it by transfer or purchase) is the solver's business.
select
    l.order_key as order_id,
    l.line_no,
    p.warehouse_code as warehouse,
    (p.additional_kg_rate_cents * l.weight_g + 500) // 1000 as unit_cost_cents,
    w.handling_cost_per_unit_cents as unit_handling_cents
from alloc_lines as l
join alloc_pairs as p using (order_key)
join warehouses as w using (warehouse_code)
order by order_id, line_no, warehouse
