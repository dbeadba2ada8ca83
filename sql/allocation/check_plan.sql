-- Independent check of the latest allocation run, from the stored tables only: one row per violation.
-- Stock per (warehouse, SKU) and pick capacity as the run saw them are never exceeded; every unit of every
-- batch line is either planned or backordered, never both beyond its quantity; no reservation without plan.
with latest as (
    select run_id from allocation_runs order by solved_at desc, run_id desc limit 1
),
plan as (
    select p.* from allocation_plan as p join latest using (run_id)
),
stock_drawn as (
    select warehouse_code, sku, sum(units) as units
    from plan where source = 'stock'
    group by all
),
stock_violations as (
    select 'stock exceeded' as violation,
        d.warehouse_code || ' / ' || d.sku || ': planned ' || d.units || ', sellable '
            || coalesce(s.sellable_units, 0) as detail
    from stock_drawn as d
    join latest as r on true
    left join allocation_run_stock as s
        on s.run_id = r.run_id and s.warehouse_code = d.warehouse_code and s.sku = d.sku
    where d.units > coalesce(s.sellable_units, 0)
),
picked as (
    select warehouse_code, sum(units) as units from plan group by all
),
capacity_violations as (
    select 'pick capacity exceeded' as violation,
        p.warehouse_code || ': planned ' || p.units || ', capacity ' || c.pick_capacity_units as detail
    from picked as p
    join latest as r on true
    join allocation_run_capacity as c on c.run_id = r.run_id and c.warehouse_code = p.warehouse_code
    where c.pick_capacity_units >= 0 and p.units > c.pick_capacity_units
),
line_totals as (
    select
        l.channel, l.order_id, l.line_no, l.quantity_units,
        coalesce((select sum(p.units) from plan as p
                  where p.channel = l.channel and p.order_id = l.order_id and p.line_no = l.line_no), 0)
            as planned,
        coalesce((select sum(b.units) from backorders as b
                  where b.channel = l.channel and b.order_id = l.order_id and b.line_no = l.line_no
                    and b.run_id = l.run_id), 0)
            as backordered
    from allocation_run_lines as l
    join latest using (run_id)
),
line_violations as (
    select 'line not accounted for' as violation,
        channel || '/' || order_id || ' line ' || line_no || ': quantity ' || quantity_units
            || ', planned ' || planned || ', backordered ' || backordered as detail
    from line_totals
    where planned + backordered <> quantity_units
),
final as (
    select * from stock_violations
    union all select * from capacity_violations
    union all select * from line_violations
)
select * from final order by violation, detail
