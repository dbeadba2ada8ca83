-- Outcome of every order row of the batch.
-- 1. A row that cannot be read or typed is quarantined with its own reason; so are lines whose line_no repeats
--    inside the order (DUPLICATE_LINE_NO). The other lines of such an order follow (ORDER_INCOMPLETE): a
--    partial order must never reach allocation. Orders whose order-level fields disagree between lines are
--    quarantined whole (ORDER_HEADER_MISMATCH).
-- 2. A complete order whose key is already in `orders`: same payload -> its rows are duplicates; different
--    payload -> ORDER_CONFLICT (the order first delivered stays unchanged).
-- 3. A key that is new but arrives in several files of this batch: the winner is the earliest exported_at,
--    then the smallest payload hash, then the smallest file id (never a file name or processing order);
--    copies with the winner's payload are duplicates, other payloads ORDER_CONFLICT.
create or replace temp table stg_repeated_line_nos as
select file_id, channel, order_id, line_no
from stg_typed
where channel is not null and order_id is not null and line_no is not null
group by all
having count(*) > 1;

create or replace temp table stg_order_classes as
with candidates as (
    select g.*, o.payload_sha256 as existing_sha256, o.source_file_id as existing_file_id
    from stg_order_groups as g
    left join orders as o using (channel, order_id)
    anti join stg_repeated_line_nos as r using (file_id, channel, order_id)
    where g.n_error_rows = 0 and not g.is_header_mismatch
),

ranked as (
    select
        *,
        row_number() over by_preference as batch_rank,
        first_value(payload_sha256) over by_preference as winner_sha256,
        first_value(file_id) over by_preference as winner_file_id
    from candidates
    window by_preference as (
        partition by channel, order_id order by exported_at asc nulls last, payload_sha256, file_id
    )
)

select
    file_id,
    channel,
    order_id,
    case
        when existing_sha256 = payload_sha256 then 'duplicate'
        when existing_sha256 is not null then 'conflict'
        when batch_rank = 1 then 'loaded'
        when winner_sha256 = payload_sha256 then 'duplicate'
        else 'conflict'
    end as order_outcome,
    coalesce(existing_file_id, winner_file_id) as original_file_id
from ranked;

create or replace temp table stg_outcomes as
with orders_with_repeats as (
    select distinct file_id, channel, order_id from stg_repeated_line_nos
),

judged as (
    select
        t.file_id,
        t.line_number,
        t.channel,
        t.order_id,
        t.line_no,
        t.record_key,
        t.channel || '/' || t.order_id as order_key,
        case
            when t.error_code is not null then t.error_code
            when r.line_no is not null then 'DUPLICATE_LINE_NO'
            when g.n_error_rows > 0 or w.order_id is not null then 'ORDER_INCOMPLETE'
            when g.is_header_mismatch then 'ORDER_HEADER_MISMATCH'
        end as row_reason_code,
        t.error_message
    from stg_typed as t
    left join stg_order_groups as g using (file_id, channel, order_id)
    left join stg_repeated_line_nos as r using (file_id, channel, order_id, line_no)
    left join orders_with_repeats as w using (file_id, channel, order_id)
),

classified as (
    select
        j.*,
        c.order_outcome,
        c.original_file_id,
        case
            when j.row_reason_code is not null or c.order_outcome = 'conflict' then 'quarantined'
            else c.order_outcome
        end as outcome
    from judged as j
    left join stg_order_classes as c using (file_id, channel, order_id)
)

select
    k.file_id,
    k.line_number,
    case when k.outcome = 'quarantined'
        then coalesce(k.record_key, k.order_key || '/' || coalesce(cast(k.line_no as varchar), '')) end
        as record_key,
    k.outcome,
    coalesce(k.row_reason_code, case when k.order_outcome = 'conflict' then 'ORDER_CONFLICT' end) as reason_code,
    case k.row_reason_code
        when 'DUPLICATE_LINE_NO' then 'order ' || k.order_key || ' has this line_no more than once in the file;'
            || ' the whole order is set aside. Re-export the order with unique line numbers'
        when 'ORDER_INCOMPLETE' then 'another line of order ' || k.order_key || ' in this file was quarantined,'
            || ' so this line is held back too (a partial order must never reach allocation); fix the file'
            || ' and deliver the whole order again'
        when 'ORDER_HEADER_MISMATCH' then 'the order-level fields (buyer, address, payment, amounts, coupon,'
            || ' service level, priority) differ between the lines of order ' || k.order_key
            || '; all lines of an order must repeat the same values'
        else coalesce(k.error_message, case when k.order_outcome = 'conflict' then 'order ' || k.order_key
            || ' was first delivered by file ' || coalesce(reg.first_path, f.path, k.original_file_id)
            || ' with different content; this copy was not loaded and the first stays unchanged. To change'
            || ' an order, send an explicit cancellation or amendment' end)
    end as reason
from classified as k
left join file_registry as reg on reg.file_id = k.original_file_id
left join stg_files as f on f.file_id = k.original_file_id;
