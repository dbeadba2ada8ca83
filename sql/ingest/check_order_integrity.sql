-- (order lines whose order is missing, orders whose n_lines differs from their number of lines)
with lines_per_order as (
    select channel, order_id, count(*) as n_lines from order_lines group by channel, order_id
)

select
    (select count(*) from order_lines as l anti join orders as o using (channel, order_id)) as n_orphan_lines,
    (
        select count(*)
        from orders as o
        left join lines_per_order as l using (channel, order_id)
        where o.n_lines <> coalesce(l.n_lines, 0)
    ) as n_orders_with_wrong_line_count
