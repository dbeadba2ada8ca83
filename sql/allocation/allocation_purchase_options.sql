-- Solver input `purchase_options`: emergency purchase of a batch SKU from any supplier that sells it, delivered
-- to any warehouse, at the supplier's unit cost plus its emergency premium, after its emergency lead time.
select
    w.warehouse_code as warehouse,
    ss.sku,
    ss.supplier_code as supplier,
    ss.unit_cost_cents,
    s.emergency_lead_time_days as lead_time_days,
    s.emergency_premium_pct as premium_pct
from supplier_skus as ss
join suppliers as s using (supplier_code)
cross join warehouses as w
where ss.sku in (select sku from alloc_lines)
order by warehouse, sku, supplier
