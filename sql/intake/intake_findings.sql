-- Every failed intake rule as one row: (channel, order_id, line_no, reason_code, rule, message).
-- Reads orders, order_lines, skus and the per-run helper tables intake_phone_checks, intake_place_keys,
-- intake_postal_patterns and geo_cities. Parameters: $payment_methods, $cod_methods, $service_levels,
-- $max_priority, $require_district, $require_postal_code, $street_number_pattern, $paid_tolerance_cents,
-- $disabled_codes.

with

orders_in as (
    select
        o.*,
        nullif(trim(o.recipient_name), '') is null as is_name_missing,
        nullif(trim(o.province), '') is null as is_province_missing,
        nullif(trim(o.city), '') is null as is_city_missing,
        nullif(trim(o.district), '') is null as is_district_missing,
        nullif(trim(o.street), '') is null as is_street_missing,
        nullif(trim(o.street), '') is not null
            and not regexp_matches(o.street, $street_number_pattern) as is_street_number_missing,
        upper(replace(coalesce(o.postal_code, ''), ' ', '')) as postal_norm
    from orders as o
),

lines_in as (
    select l.*, s.sku as catalogue_sku, s.is_active
    from order_lines as l
    left join skus as s on s.sku = l.sku
),

line_counts as (
    select channel, order_id, count(*) as n_lines_found
    from order_lines
    group by all
),

-- line rules -------------------------------------------------------------------------------------------
line_findings as (
    select channel, order_id, line_no, 'SKU_MISSING' as reason_code, 'sku_exists' as rule,
        'line has no SKU' as message
    from lines_in where nullif(trim(sku), '') is null
    union all
    select channel, order_id, line_no, 'SKU_UNKNOWN', 'sku_exists',
        format('SKU {} is not in the catalogue', sku)
    from lines_in where nullif(trim(sku), '') is not null and catalogue_sku is null
    union all
    select channel, order_id, line_no, 'SKU_INACTIVE', 'sku_active',
        format('SKU {} is delisted (inactive)', sku)
    from lines_in where catalogue_sku is not null and not is_active
    union all
    select channel, order_id, line_no, 'QTY_MISSING', 'quantity_positive_integer', 'line has no quantity'
    from lines_in where quantity is null
    union all
    select channel, order_id, line_no, 'QTY_ZERO', 'quantity_positive_integer', 'quantity is 0'
    from lines_in where quantity = 0
    union all
    select channel, order_id, line_no, 'QTY_NEGATIVE', 'quantity_positive_integer',
        format('quantity is {}', quantity::double)
    from lines_in where quantity < 0
    union all
    select channel, order_id, line_no, 'QTY_FRACTIONAL', 'quantity_positive_integer',
        format('quantity {} is not a whole number', quantity::double)
    from lines_in where quantity > 0 and quantity <> trunc(quantity)
    union all
    select channel, order_id, line_no, 'PRICE_MISSING', 'line_price_present',
        format('unit price is {}', coalesce((unit_price_cents / 100.0)::varchar, 'missing'))
    from lines_in where unit_price_cents is null or unit_price_cents < 0
),

-- order rules ------------------------------------------------------------------------------------------
order_field_findings as (
    select o.channel, o.order_id, null::integer as line_no, 'LINES_MISSING' as reason_code,
        'order_complete' as rule,
        format('header says {} line(s), {} found', o.n_lines, coalesce(c.n_lines_found, 0)) as message
    from orders_in as o
    left join line_counts as c using (channel, order_id)
    where coalesce(c.n_lines_found, 0) = 0 or c.n_lines_found < o.n_lines
    union all
    select channel, order_id, null, 'ORDER_FIELD_INVALID', 'order_fields_valid',
        concat_ws('; ',
            case when nullif(trim(customer_id), '') is null then 'customer_id missing' end,
            case when ordered_at is null then 'ordered_at missing' end,
            case when not list_contains($service_levels, coalesce(service_level, ''))
                then format('service level {} unknown', coalesce(service_level, 'missing')) end,
            case when priority is null or priority not between 0 and $max_priority
                then format('priority {} out of range', coalesce(priority::varchar, 'missing')) end)
    from orders_in
    where nullif(trim(customer_id), '') is null
        or ordered_at is null
        or service_level is null or not list_contains($service_levels, coalesce(service_level, ''))
        or priority is null or priority not between 0 and $max_priority
),

address_findings as (
    select o.channel, o.order_id, null::integer as line_no, 'COUNTRY_UNKNOWN' as reason_code,
        'address_complete' as rule,
        format('country code {} is not an ISO country', coalesce(o.country_code, 'missing')) as message
    from orders_in as o
    left join intake_place_keys as k
        on k.country_code is not distinct from o.country_code
        and k.province is not distinct from o.province
        and k.city is not distinct from o.city
    where k.country_iso is null
    union all
    select channel, order_id, null, 'ADDRESS_INCOMPLETE', 'address_complete',
        'missing: ' || concat_ws(', ',
            case when is_name_missing then 'recipient name' end,
            case when is_province_missing then 'province' end,
            case when is_city_missing then 'city' end,
            case when is_district_missing and $require_district then 'district' end,
            case when is_street_missing then 'street' end,
            case when is_street_number_missing then format('house number in street "{}"', street) end,
            case when postal_norm = '' and $require_postal_code then 'postal code' end)
    from orders_in
    where is_name_missing or is_province_missing or is_city_missing or is_street_missing
        or is_street_number_missing
        or (is_district_missing and $require_district)
        or (postal_norm = '' and $require_postal_code)
    union all
    select o.channel, o.order_id, null, 'POSTAL_CODE_INVALID', 'postal_code_format',
        format('postal code {} does not match the format of {}', o.postal_code, k.country_iso)
    from orders_in as o
    join intake_place_keys as k
        on k.country_code is not distinct from o.country_code
        and k.province is not distinct from o.province
        and k.city is not distinct from o.city
    join intake_postal_patterns as p on p.country_code = k.country_iso
    where o.postal_norm <> '' and not regexp_full_match(o.postal_norm, p.pattern)
    union all
    select o.channel, o.order_id, null, 'ADDRESS_NOT_GEOCODED', 'address_geocoded',
        format('{} / {} is not a city of {} in the city table', o.province, o.city, k.country_iso)
    from orders_in as o
    join intake_place_keys as k
        on k.country_code is not distinct from o.country_code
        and k.province is not distinct from o.province
        and k.city is not distinct from o.city
    left join geo_cities as g
        on g.country_code = k.country_iso and g.province_key = k.province_key and g.city_key = k.city_key
    where k.country_iso is not null and not o.is_province_missing and not o.is_city_missing
        and g.city is null
),

phone_findings as (
    select o.channel, o.order_id, null::integer as line_no,
        case when p.is_missing then 'PHONE_MISSING' else 'PHONE_INVALID' end as reason_code,
        'phone_valid' as rule,
        case when p.is_missing then 'no phone'
            else format('{} is not a valid phone number for {}', o.phone, coalesce(o.country_code, '?')) end
            as message
    from orders_in as o
    join intake_phone_checks as p
        on p.country_code is not distinct from o.country_code and p.phone is not distinct from o.phone
    where not p.is_valid
),

payment_findings as (
    select channel, order_id, null::integer as line_no, 'PAYMENT_INCOMPLETE' as reason_code,
        'payment_complete' as rule,
        concat_ws('; ',
            case when nullif(trim(payment_method), '') is null then 'payment method missing'
                when not list_contains($payment_methods, payment_method)
                then format('payment method {} not accepted', payment_method) end,
            case when not list_contains($cod_methods, coalesce(payment_method, '')) and paid_at is null
                then 'paid_at missing' end,
            case when not list_contains($cod_methods, coalesce(payment_method, '')) and nullif(trim(payment_ref), '') is null
                then 'payment_ref missing' end,
            case when not list_contains($cod_methods, coalesce(payment_method, ''))
                and nullif(trim(payment_account), '') is null then 'payment_account missing' end) as message
    from orders_in
    where payment_method is null or not list_contains($payment_methods, coalesce(payment_method, ''))
        or (not list_contains($cod_methods, coalesce(payment_method, ''))
            and (paid_at is null or nullif(trim(payment_ref), '') is null
                or nullif(trim(payment_account), '') is null))
    union all
    select channel, order_id, null, 'AMOUNT_MISSING', 'amounts_present',
        concat_ws('; ',
            case when paid_amount_cents is null or paid_amount_cents < 0 then 'paid amount' end,
            case when shipping_fee_cents < 0 then 'shipping fee' end,
            case when order_discount_cents < 0 then 'discount' end) || ' missing or negative'
    from orders_in
    where paid_amount_cents is null or paid_amount_cents < 0
        or shipping_fee_cents < 0 or order_discount_cents < 0
),

-- the sum is only meaningful when every line has a usable quantity and price: otherwise the line rules
-- already reject the order and a second, derived reason would only add noise
line_totals as (
    select channel, order_id,
        round(sum(quantity * unit_price_cents))::bigint as lines_total_cents,
        bool_and(quantity > 0 and quantity = trunc(quantity) and unit_price_cents >= 0) as is_summable
    from order_lines
    group by all
),

amount_findings as (
    select o.channel, o.order_id, null::integer as line_no, 'PAID_AMOUNT_MISMATCH' as reason_code,
        'paid_amount_adds_up' as rule,
        format('paid {:.2f} but lines {:.2f} - discount {:.2f} + shipping {:.2f} = {:.2f}',
            o.paid_amount_cents / 100.0, t.lines_total_cents / 100.0,
            coalesce(o.order_discount_cents, 0) / 100.0, coalesce(o.shipping_fee_cents, 0) / 100.0,
            (t.lines_total_cents - coalesce(o.order_discount_cents, 0)
                + coalesce(o.shipping_fee_cents, 0)) / 100.0) as message
    from orders_in as o
    join line_totals as t using (channel, order_id)
    where t.is_summable and o.paid_amount_cents >= 0
        and abs(o.paid_amount_cents - (t.lines_total_cents - coalesce(o.order_discount_cents, 0)
            + coalesce(o.shipping_fee_cents, 0))) > $paid_tolerance_cents
),

all_findings as (
    select * from line_findings
    union all select * from order_field_findings
    union all select * from address_findings
    union all select * from phone_findings
    union all select * from payment_findings
    union all select * from amount_findings
)

select channel, order_id, line_no, reason_code, rule, message
from all_findings
where not list_contains($disabled_codes, reason_code)
