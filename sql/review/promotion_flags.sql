-- Promotion engine: recompute every validated order's discount from its promotion and coupon rules and
-- flag the orders whose discount differs, naming the broken condition.
-- Parameters: $coupon_separator, $percent_rounding, $promotion_tolerance_cents.

with

reviewed as (
    select * from validated_orders
),

coupon_uses as (
    -- each coupon code on an order is one use; uses are numbered per buyer in order time (all orders
    -- received count, so a rejected order still spent its use on the channel)
    select o.channel, o.order_id, o.customer_id, o.ordered_at, trim(c.code) as coupon_code
    from orders as o, unnest(string_split(o.coupon_code, $coupon_separator)) as c(code)
    where nullif(trim(o.coupon_code), '') is not null and trim(c.code) <> ''
),

coupon_use_numbers as (
    select *,
        row_number() over (
            partition by channel, customer_id, coupon_code order by ordered_at, order_id
        ) as use_no
    from coupon_uses
),

applied as (
    -- a channel that exports a coupon order names the coupon's own rule as its promotion: that rule then
    -- applies once, through the coupon
    select r.channel, r.order_id, 'promotion' as source, r.promotion_id as code, r.promotion_id,
        null::timestamp as valid_from, null::timestamp as valid_to, null::integer as per_customer_limit,
        null::bigint as use_no, false as is_coupon_unknown
    from reviewed as r
    where r.promotion_id is not null
        and not exists (
            select 1 from coupon_use_numbers as u
            join coupons as c using (coupon_code)
            where u.channel = r.channel and u.order_id = r.order_id and c.promotion_id = r.promotion_id)
    union all
    select u.channel, u.order_id, 'coupon', u.coupon_code, c.promotion_id, c.valid_from, c.valid_to,
        c.per_customer_limit, u.use_no, c.coupon_code is null
    from coupon_use_numbers as u
    semi join reviewed as r using (channel, order_id)
    left join coupons as c using (coupon_code)
),

line_eligibility as (
    select a.channel, a.order_id, a.source, a.code,
        sum(l.quantity * l.unit_price_cents)::bigint as order_lines_cents,
        -- a line is eligible when the rule lists neither categories nor SKUs, or lists its category, or
        -- lists its SKU
        coalesce(sum(l.quantity * l.unit_price_cents) filter (
            where (coalesce(len(p.eligible_skus), 0) = 0 and coalesce(len(p.eligible_categories), 0) = 0)
            or list_contains(coalesce(p.eligible_categories, []), s.category)
            or list_contains(coalesce(p.eligible_skus, []), l.sku)
        ), 0)::bigint as eligible_cents
    from applied as a
    join promotions as p on p.promotion_id = a.promotion_id
    join order_lines as l on l.channel = a.channel and l.order_id = a.order_id
    left join skus as s on s.sku = l.sku
    group by all
),

judged as (
    select a.*, r.ordered_at, r.shipping_fee_cents, p.kind, p.percent_off, p.amount_off_cents,
        p.min_spend_cents, e.eligible_cents,
        case
            when a.source = 'coupon' and (a.is_coupon_unknown or p.promotion_id is null) then 'COUPON_UNKNOWN'
            when a.source = 'promotion' and p.promotion_id is null then 'PROMOTION_UNKNOWN'
            when a.source = 'coupon' and r.ordered_at not between a.valid_from and a.valid_to
                then 'COUPON_EXPIRED'
            when a.source = 'promotion' and (r.ordered_at not between p.starts_at and p.ends_at
                or (p.channel is not null and p.channel <> a.channel)) then 'PROMOTION_NOT_ACTIVE'
            when a.source = 'coupon' and p.channel is not null and p.channel <> a.channel
                then 'COUPON_INELIGIBLE'
            when e.eligible_cents = 0
                then case when a.source = 'coupon' then 'COUPON_INELIGIBLE' else 'PROMOTION_INELIGIBLE' end
            when e.eligible_cents < p.min_spend_cents
                then case when a.source = 'coupon' then 'COUPON_MIN_SPEND_NOT_MET'
                    else 'PROMOTION_MIN_SPEND_NOT_MET' end
            when a.source = 'coupon' and a.use_no > a.per_customer_limit then 'COUPON_LIMIT_EXCEEDED'
        end as failed_code
    from applied as a
    join reviewed as r on r.channel = a.channel and r.order_id = a.order_id
    left join promotions as p on p.promotion_id = a.promotion_id
    left join line_eligibility as e
        on e.channel = a.channel and e.order_id = a.order_id and e.source = a.source and e.code = a.code
),

rule_discounts as (
    select *,
        case
            when failed_code is not null then 0
            when kind = 'percentage' and $percent_rounding = 'floor' then eligible_cents * percent_off // 100
            when kind = 'percentage' then (eligible_cents * percent_off + 50) // 100
            when kind = 'fixed_amount' then least(amount_off_cents, eligible_cents)
            when kind = 'threshold' then amount_off_cents
            -- free shipping gives no discount: it sets the shipping fee to 0
            else 0
        end::bigint as discount_cents
    from judged
),

expected as (
    select r.channel, r.order_id, r.order_discount_cents,
        least(coalesce(sum(d.discount_cents), 0), r.lines_total_cents + r.shipping_fee_cents)::bigint
            as expected_discount_cents,
        list(d.failed_code order by d.source, d.code) filter (where d.failed_code is not null) as failed_codes,
        coalesce(string_agg(
            format('{} {} ({}): {}', d.source, d.code, coalesce(d.kind, '?'),
                coalesce(d.failed_code, format('{:.2f}', d.discount_cents / 100.0))),
            '; ' order by d.source, d.code), 'no promotion or coupon') as rules_text
    from reviewed as r
    left join rule_discounts as d using (channel, order_id)
    group by r.channel, r.order_id, r.order_discount_cents, r.lines_total_cents, r.shipping_fee_cents
),

mismatches as (
    select *,
        case
            when order_discount_cents > expected_discount_cents and len(coalesce(failed_codes, [])) > 0
                then failed_codes
            when order_discount_cents > expected_discount_cents then ['PROMOTION_OVERDISCOUNT']
            else ['DISCOUNT_MISMATCH']
        end as reason_codes
    from expected
    where abs(order_discount_cents - expected_discount_cents) > $promotion_tolerance_cents
)

select distinct m.channel, m.order_id, null::integer as line_no, 'promotion_recompute' as rule,
    code.reason_code, 1.0 as score,
    format('discount given {:.2f}, rules give {:.2f}: {}', m.order_discount_cents / 100.0,
        m.expected_discount_cents / 100.0, m.rules_text) as evidence,
    case when m.order_discount_cents > m.expected_discount_cents then 'collect_difference'
        else 'refund_difference' end as resolution,
    null::varchar as substitute_sku, null::timestamp as restock_eta
from mismatches as m, unnest(m.reason_codes) as code(reason_code)
