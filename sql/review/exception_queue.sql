-- The customer-service queue: every order on hold, and every rejected order whose fix needs the customer,
-- with one recommended resolution (the most pressing of its flags) and the facts behind every flag.
-- Parameter: $now.

create or replace temp table exception_queue_new as
with

order_states as (
    select channel, order_id, any_value(state) as state
    from order_line_states
    group by all
    having bool_and(state = 'on_hold') or bool_and(state = 'rejected')
),

-- the resolution that must come first: a suspected fraud is verified before anything is shipped or
-- substituted; a customer to contact before stock is chased
resolution_rank(resolution, rank_no) as (
    values ('verify_buyer', 1), ('contact_customer', 2), ('collect_difference', 3),
        ('refund_difference', 4), ('verify_payment', 5), ('check_listing', 6), ('cancel', 7),
        ('offer_substitute', 8), ('wait_for_restock', 9)
),

held_flags as (
    select w.channel, w.order_id, w.line_no, w.reason_code, w.resolution, w.evidence, w.substitute_sku,
        w.restock_eta, r.rank_no
    from order_reviews as w
    join order_states as s using (channel, order_id)
    join resolution_rank as r using (resolution)
    where s.state = 'on_hold'
),

-- rejections the customer can fix: a reachable phone and a deliverable address
customer_rejections as (
    select j.channel, j.order_id, j.line_no, j.reason_code, 'contact_customer' as resolution,
        j.message || ' -> ' || j.fix as evidence, null::varchar as substitute_sku,
        null::timestamp as restock_eta, 2 as rank_no
    from order_rejections as j
    join order_states as s using (channel, order_id)
    where s.state = 'rejected' and j.reason_code in ('PHONE_MISSING', 'PHONE_INVALID', 'ADDRESS_INCOMPLETE',
        'POSTAL_CODE_INVALID', 'ADDRESS_NOT_GEOCODED', 'COUNTRY_UNKNOWN')
),

items as (
    select * from held_flags
    union all
    select * from customer_rejections
),

queue as (
    select i.channel, i.order_id,
        list_sort(list_distinct(list(i.reason_code))) as reason_codes,
        arg_min(i.resolution, i.rank_no) as recommended_resolution,
        string_agg(format('{}{}: {} [{}]', i.reason_code,
            case when i.line_no is null then '' else format(' (line {})', i.line_no) end,
            i.evidence, i.resolution), ' | ' order by i.rank_no, i.line_no, i.reason_code)
            as resolution_detail,
        first(i.substitute_sku order by i.line_no) filter (where i.substitute_sku is not null)
            as substitute_sku,
        max(i.restock_eta) as restock_eta
    from items as i
    group by all
),

final as (
    select q.*, o.priority, o.ordered_at, o.paid_amount_cents,
        coalesce(e.queued_at, $now::timestamp) as queued_at
    from queue as q
    join orders as o using (channel, order_id)
    left join exception_queue as e using (channel, order_id)
)

select * from final;

delete from exception_queue;

insert into exception_queue by name select * from exception_queue_new;
