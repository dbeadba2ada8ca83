-- Judge the decision rows of this run (temp table decision_rows) and replace order_decisions: a decision is
-- applied unless it cannot be (unknown order, unknown decision, bad substitute, already allocated, ...).
-- Parameter: $now.

create or replace temp table order_decisions_new as
with

rows_in as (
    select
        coalesce(trim(channel), '') as channel,
        coalesce(trim(order_id), '') as order_id,
        lower(coalesce(trim(decision), '')) as decision,
        nullif(trim(substitute_sku), '') as substitute_sku,
        note,
        coalesce(nullif(trim(decided_by), ''), 'unknown') as decided_by,
        coalesce(decided_at::timestamp, $now::timestamp) as decided_at,
        decided_at is null as is_time_missing,
        nullif(trim(decided_by), '') is null as is_author_missing,
        source_path
    from decision_rows
),

line_facts as (
    select s.channel, s.order_id,
        bool_or(s.state in ('allocated', 'backordered', 'picked', 'packed', 'shipped')) as is_in_execution
    from order_line_states as s
    group by all
),

judged as (
    select r.*,
        case
            when r.channel = '' or r.order_id = '' then 'channel and order_id are required'
            when r.is_time_missing then 'decided_at is missing or not an ISO 8601 timestamp'
            when r.is_author_missing then 'decided_by is required'
            when r.decision not in ('release', 'cancel', 'substitute')
                then format('decision "{}" unknown: use release, cancel or substitute', r.decision)
            when o.order_id is null then 'no such order'
            when coalesce(f.is_in_execution, false) then 'the order is already allocated; change it in execution'
            when r.decision <> 'cancel' and v.order_id is null
                then 'the order was rejected at intake: fix it on the channel and re-export, or cancel it'
            when r.decision = 'substitute' and r.substitute_sku is null then 'substitute needs substitute_sku'
            when r.decision = 'substitute' and (k.sku is null or not k.is_active)
                then format('substitute SKU {} is unknown or inactive', r.substitute_sku)
            when r.decision = 'substitute' and not exists (
                select 1 from order_reviews as w
                join order_lines as l
                    on l.channel = w.channel and l.order_id = w.order_id and l.line_no = w.line_no
                join skus as ok on ok.sku = l.sku
                where w.channel = r.channel and w.order_id = r.order_id and w.reason_code = 'STOCK_OUT'
                    and ok.category = k.category)
                then format('no stocked-out line of the category of {} to substitute', r.substitute_sku)
        end as ignore_reason
    from rows_in as r
    left join orders as o on o.channel = r.channel and o.order_id = r.order_id
    left join validated_orders as v on v.channel = r.channel and v.order_id = r.order_id
    left join line_facts as f on f.channel = r.channel and f.order_id = r.order_id
    left join skus as k on k.sku = r.substitute_sku
)

select channel, order_id, decision, substitute_sku, note, decided_by, decided_at, source_path,
    case when ignore_reason is null then 'applied' else 'ignored' end as status,
    coalesce(ignore_reason, 'applied') as status_message
from judged
qualify row_number() over (
    partition by channel, order_id, decided_at, source_path order by decision, substitute_sku
) = 1;

delete from order_decisions;

insert into order_decisions by name select * from order_decisions_new;
