-- Open findings per reason code: how many orders and order lines each one stops, rejections and holds.

with

findings as (
    select 'intake' as stage, channel, order_id, line_no, reason_code from order_rejections
    union all
    select 'review', channel, order_id, line_no, reason_code from order_reviews
),

counted as (
    select f.stage, f.reason_code, c.outcome,
        count(distinct (f.channel, f.order_id)) as n_orders,
        count(*) filter (where f.line_no is not null) as n_line_findings
    from findings as f
    left join reason_codes as c using (reason_code)
    group by all
)

select * from counted order by stage, n_orders desc, reason_code
