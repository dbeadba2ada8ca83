-- Invariants of order_line_states, one row per violated property with the number of offending rows:
-- every received line has exactly one state; rejected lines belong to orders with a rejection and approved
-- ones to validated orders; stopped lines say why; every held order is in the exception queue.

with

received as (
    select channel, order_id, line_no from order_lines
),

problems as (
    select 'line_without_state' as problem, count(*) as n_rows
    from received as r
    anti join order_line_states as s using (channel, order_id, line_no)
    union all
    select 'state_without_line', count(*)
    from order_line_states as s
    anti join received as r using (channel, order_id, line_no)
    union all
    select 'approved_but_not_validated', count(*)
    from order_line_states as s
    anti join validated_orders as v using (channel, order_id)
    where s.state = 'approved'
    union all
    select 'rejected_without_rejection', count(*)
    from order_line_states as s
    anti join order_rejections as j using (channel, order_id)
    where s.state = 'rejected'
    union all
    select 'stopped_without_reason', count(*)
    from order_line_states
    where state in ('rejected', 'on_hold') and len(reason_codes) = 0
    union all
    select 'held_order_not_queued', count(distinct (s.channel, s.order_id))
    from order_line_states as s
    anti join exception_queue as q using (channel, order_id)
    where s.state = 'on_hold'
    union all
    -- counts add up across stages: orders received = validated + rejected
    select 'orders_not_accounted',
        abs((select count(*) from orders)
            - (select count(*) from validated_orders)
            - (select count(distinct (channel, order_id)) from order_rejections))
)

select * from problems where n_rows > 0
