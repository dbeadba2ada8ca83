-- Yes/no review rules on validated orders: variant price consistency, address detail, large amounts.
-- Parameters: $check_variant_price, $variant_price_tolerance_cents, $min_street_chars,
-- $large_amount_threshold_cents.

with

reviewed as (
    select * from validated_orders
),

variant_price as (
    select l.channel, l.order_id, l.line_no, 'variant_price_consistent' as rule,
        'VARIANT_PRICE_MISMATCH' as reason_code, 1.0 as score,
        format('SKU {} ({} {} {}) sold at {:.2f}, catalogue price {:.2f}', l.sku, s.product_id,
            coalesce(s.color, '-'), coalesce(s.size, '-'), l.unit_price_cents / 100.0,
            s.unit_price_cents / 100.0) as evidence,
        'check_listing' as resolution
    from order_lines as l
    semi join reviewed as r using (channel, order_id)
    join skus as s on s.sku = l.sku
    where $check_variant_price
        and abs(l.unit_price_cents - s.unit_price_cents) > $variant_price_tolerance_cents
),

address_detail as (
    select channel, order_id, null::integer as line_no, 'address_deliverable' as rule,
        'ADDRESS_NOT_DETAILED' as reason_code, 1.0 as score,
        format('street "{}" is shorter than {} characters', street, $min_street_chars) as evidence,
        'contact_customer' as resolution
    from reviewed
    where length(street) < $min_street_chars
),

large_amount as (
    select channel, order_id, null::integer as line_no, 'large_amount' as rule,
        'LARGE_AMOUNT' as reason_code, 1.0 as score,
        format('paid {:.2f}, above the threshold {:.2f}', paid_amount_cents / 100.0,
            $large_amount_threshold_cents / 100.0) as evidence,
        'verify_payment' as resolution
    from reviewed
    where paid_amount_cents > $large_amount_threshold_cents
)

select *, null::varchar as substitute_sku, null::timestamp as restock_eta from variant_price
union all select *, null, null from address_detail
union all select *, null, null from large_amount
