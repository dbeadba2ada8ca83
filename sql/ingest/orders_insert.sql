-- Write the orders classified `loaded`; their order-level fields agree across their lines, so they are taken
-- from the first line. $1 = load time (UTC).
insert into orders (
    channel, order_id, customer_id, ordered_at, paid_at, recipient_name, phone, country_code, province, city,
    district, street, address_detail, postal_code, payment_method, payment_account, payment_ref,
    paid_amount_cents, shipping_fee_cents, order_discount_cents, coupon_code, promotion_id, service_level,
    priority, exported_at, n_lines, payload_sha256, source_file_id, loaded_at
)
select
    g.channel,
    g.order_id,
    t.customer_id,
    t.ordered_at,
    t.paid_at,
    t.recipient_name,
    t.phone,
    t.country_code,
    t.province,
    t.city,
    t.district,
    t.street,
    t.address_detail,
    t.postal_code,
    t.payment_method,
    t.payment_account,
    t.payment_ref,
    t.paid_amount_cents,
    t.shipping_fee_cents,
    t.order_discount_cents,
    t.coupon_code,
    t.promotion_id,
    t.service_level,
    t.priority,
    g.exported_at,
    g.n_rows as n_lines,
    g.payload_sha256,
    g.file_id as source_file_id,
    $1::timestamp as loaded_at
from stg_order_groups as g
join stg_typed as t on t.file_id = g.file_id and t.line_number = g.first_line_number
semi join stg_order_classes as c
    on c.file_id = g.file_id and c.channel = g.channel and c.order_id = g.order_id and c.order_outcome = 'loaded';
