-- Orders without any intake finding, with the canonical address from the city table, coordinates, the E.164
-- phone and totals in cents. Reads the temp table intake_findings of the same run. Parameter: $now.

with

rejected as (
    select distinct channel, order_id from intake_findings
),

line_totals as (
    select channel, order_id, count(*) as n_lines, sum(quantity)::bigint as n_units,
        round(sum(quantity * unit_price_cents))::bigint as lines_total_cents
    from order_lines
    group by all
),

candidates as (
    select o.*
    from orders as o
    anti join rejected as r using (channel, order_id)
),

geocoded as (
    select
        c.*,
        k.country_iso,
        g.province as geo_province,
        g.city as geo_city,
        g.latitude,
        g.longitude,
        g.region,
        p.phone_e164
    from candidates as c
    join intake_place_keys as k
        on k.country_code is not distinct from c.country_code
        and k.province is not distinct from c.province
        and k.city is not distinct from c.city
    join geo_cities as g
        on g.country_code = k.country_iso and g.province_key = k.province_key and g.city_key = k.city_key
    join intake_phone_checks as p
        on p.country_code is not distinct from c.country_code and p.phone is not distinct from c.phone
),

final as (
    select
        g.channel,
        g.order_id,
        trim(g.customer_id) as customer_id,
        g.ordered_at,
        g.paid_at,
        trim(g.recipient_name) as recipient_name,
        g.phone_e164,
        g.country_iso as country_code,
        g.geo_province as province,
        g.geo_city as city,
        trim(g.district) as district,
        trim(g.street) as street,
        nullif(trim(g.address_detail), '') as address_detail,
        upper(replace(g.postal_code, ' ', '')) as postal_code,
        g.latitude,
        g.longitude,
        g.region,
        g.payment_method,
        nullif(trim(g.payment_account), '') as payment_account,
        nullif(trim(g.coupon_code), '') as coupon_code,
        nullif(trim(g.promotion_id), '') as promotion_id,
        g.service_level,
        g.priority,
        t.n_lines::integer as n_lines,
        t.n_units,
        t.lines_total_cents,
        coalesce(g.order_discount_cents, 0) as order_discount_cents,
        coalesce(g.shipping_fee_cents, 0) as shipping_fee_cents,
        g.paid_amount_cents,
        coalesce(v.validated_at, $now::timestamp) as validated_at
    from geocoded as g
    join line_totals as t using (channel, order_id)
    left join validated_orders as v using (channel, order_id)
)

select * from final
