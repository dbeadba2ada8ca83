-- Orders of this batch: an order is the set of its lines in one file, keyed by (file, channel, order_id).
-- Per order: how many lines, how many could not be typed, whether a line number repeats, whether the
-- order-level fields agree across its lines (a 64-bit hash of them per line: min = max), its first line
-- (which carries the order-level values), and the canonical payload hash used to recognise a re-delivery: sha256 over
-- the order-level values and the lines sorted by line_no. exported_at is left out of the hash: it changes
-- between re-exports of the same order.
create or replace temp table stg_order_groups as
with typed as (
    select
        *,
        hash(
            ordered_at, paid_at, customer_id, recipient_name, phone, country_code, province, city, district,
            street, address_detail, postal_code, order_discount_cents, shipping_fee_cents, paid_amount_cents,
            payment_method, payment_account, payment_ref, coupon_code, promotion_id, service_level, priority
        ) as header_hash
    from stg_typed
    where channel is not null and order_id is not null
),

orders_in_files as (
    select
        file_id,
        channel,
        order_id,
        count(*) as n_rows,
        count(error_code) as n_error_rows,
        min(header_hash) <> max(header_hash) as is_header_mismatch,
        min(exported_at) as exported_at,
        min(line_number) as first_line_number,
        string_agg(
            concat_ws(chr(31), line_no, coalesce(sku, chr(0)), coalesce(cast(quantity as varchar), chr(0)),
                coalesce(cast(unit_price_cents as varchar), chr(0))),
            chr(30) order by line_no
        ) as lines_text
    from typed
    group by file_id, channel, order_id
)

select
    g.* exclude (lines_text),
    sha256(concat_ws(chr(30), g.channel, g.order_id,
        concat_ws(chr(31),
            coalesce(strftime(t.ordered_at, '%Y-%m-%dT%H:%M:%S.%f'), chr(0)),
            coalesce(strftime(t.paid_at, '%Y-%m-%dT%H:%M:%S.%f'), chr(0)),
            coalesce(t.customer_id, chr(0)), coalesce(t.recipient_name, chr(0)), coalesce(t.phone, chr(0)),
            coalesce(t.country_code, chr(0)), coalesce(t.province, chr(0)), coalesce(t.city, chr(0)),
            coalesce(t.district, chr(0)), coalesce(t.street, chr(0)), coalesce(t.address_detail, chr(0)),
            coalesce(t.postal_code, chr(0)), coalesce(cast(t.order_discount_cents as varchar), chr(0)),
            coalesce(cast(t.shipping_fee_cents as varchar), chr(0)),
            coalesce(cast(t.paid_amount_cents as varchar), chr(0)), coalesce(t.payment_method, chr(0)),
            coalesce(t.payment_account, chr(0)), coalesce(t.payment_ref, chr(0)), coalesce(t.coupon_code, chr(0)),
            coalesce(t.promotion_id, chr(0)), coalesce(t.service_level, chr(0)),
            coalesce(cast(t.priority as varchar), chr(0))
        ),
        g.lines_text
    )) as payload_sha256
from orders_in_files as g
join stg_typed as t on t.file_id = g.file_id and t.line_number = g.first_line_number;
