-- Order lines and orders per state; the totals row adds up to every order line received.

with

states as (
    select state, count(*) as n_lines, count(distinct (channel, order_id)) as n_orders
    from order_line_states
    group by all
),

ordered as (
    select s.*, coalesce(list_position(
        ['rejected', 'on_hold', 'approved', 'cancelled', 'allocated', 'backordered', 'picked', 'packed',
            'shipped'], s.state), 99) as sort_no
    from states as s
)

select state, n_lines, n_orders from ordered order by sort_no
