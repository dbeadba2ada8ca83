-- The state every order line should be in after intake, review and the decisions on file:
-- rejected (any intake finding) > cancelled (a cancel decision, final) > approved (release / substitute
-- decision) > on_hold (any open review flag) > approved. Lines already past approval are left out: later
-- stages own them. One row per order line.

with

lines as (
    select l.channel, l.order_id, l.line_no, l.sku,
        case when l.quantity > 0 and l.quantity = trunc(l.quantity) then l.quantity::integer end
            as quantity_units
    from order_lines as l
),

rejections as (
    select channel, order_id, line_no, reason_code, rule from order_rejections
),

reviews as (
    select channel, order_id, line_no, reason_code, rule from order_reviews
),

-- a stopped order stops all its lines: every line carries all the order's codes (order_rejections and
-- order_reviews name the line each finding is about)
order_rejected as (
    select channel, order_id,
        list_sort(list_distinct(list(reason_code))) as rejection_codes,
        list_sort(list_distinct(list(rule))) as rejection_rules
    from rejections
    group by all
),

order_flagged as (
    select channel, order_id,
        list_sort(list_distinct(list(reason_code))) as flag_codes,
        list_sort(list_distinct(list(rule))) as flag_rules
    from reviews
    group by all
),

decisions as (
    -- cancel is final; otherwise the latest applied decision counts
    select channel, order_id,
        case when bool_or(decision = 'cancel') then 'cancel'
            else arg_max(decision, (decided_at, source_path)) end as decision,
        arg_max(substitute_sku, (decided_at, source_path)) filter (where decision = 'substitute')
            as substitute_sku,
        case when bool_or(decision = 'cancel')
            then arg_max(decided_by, (decided_at, source_path)) filter (where decision = 'cancel')
            else arg_max(decided_by, (decided_at, source_path)) end as decided_by
    from order_decisions
    where status = 'applied'
    group by all
),

-- a substitute replaces the stocked-out lines of its own category
substituted as (
    select w.channel, w.order_id, w.line_no, d.substitute_sku
    from order_reviews as w
    join decisions as d using (channel, order_id)
    join order_lines as l using (channel, order_id, line_no)
    join skus as os on os.sku = l.sku
    join skus as ns on ns.sku = d.substitute_sku
    where w.reason_code = 'STOCK_OUT' and d.decision = 'substitute' and ns.category = os.category
),

targets as (
    select l.channel, l.order_id, l.line_no, l.quantity_units,
        coalesce(x.substitute_sku, l.sku) as fulfil_sku,
        case
            when j.order_id is not null and d.decision = 'cancel' then 'cancelled'
            when j.order_id is not null then 'rejected'
            when d.decision = 'cancel' then 'cancelled'
            when d.decision in ('release', 'substitute') then 'approved'
            when f.order_id is not null then 'on_hold'
            else 'approved'
        end as state,
        case
            when j.order_id is not null then j.rejection_codes
            else coalesce(f.flag_codes, [])
        end as reason_codes,
        case
            when d.decision is not null then format('decision:{}:{}', d.decision, d.decided_by)
            when j.order_id is not null then 'intake:' || array_to_string(j.rejection_rules, ',')
            when f.order_id is not null then 'review:' || array_to_string(f.flag_rules, ',')
            else 'review:approved'
        end as updated_by
    from lines as l
    left join order_rejected as j using (channel, order_id)
    left join order_flagged as f using (channel, order_id)
    left join decisions as d using (channel, order_id)
    left join substituted as x using (channel, order_id, line_no)
)

select t.*
from targets as t
left join order_line_states as s using (channel, order_id, line_no)
-- cancelled is final, and lines past approval belong to allocation and execution
where s.state is null or s.state in ('rejected', 'on_hold', 'approved')
