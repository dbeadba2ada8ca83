-- Orders as received from the sales channels. The order key is (channel, order_id); an order's lines are
-- keyed by (channel, order_id, line_no). These tables hold what the channel said, typed but not judged:
-- intake validation and review decide what is valid. quantity is kept exactly as exported (a decimal) so that
-- validation can reject 0, -1 or 1.5 with a reason instead of the loader losing the line.

create table if not exists orders (
    channel                varchar not null,
    order_id               varchar not null,
    customer_id            varchar,
    ordered_at             timestamp,
    paid_at                timestamp,
    recipient_name         varchar,
    phone                  varchar,
    country_code           varchar,
    province               varchar,
    city                   varchar,
    district               varchar,
    street                 varchar,            -- street and house number
    address_detail         varchar,            -- building, unit, floor (optional)
    postal_code            varchar,
    payment_method         varchar,
    payment_account        varchar,
    payment_ref            varchar,
    paid_amount_cents      bigint,
    shipping_fee_cents     bigint,
    order_discount_cents   bigint,
    coupon_code            varchar,
    promotion_id           varchar,
    service_level          varchar,
    priority               integer,
    exported_at            timestamp,
    n_lines                integer not null,
    payload_sha256         varchar not null,   -- canonical hash of header and lines, for duplicate detection
    source_file_id         varchar not null,   -- sha256 of the file that first delivered the order
    loaded_at              timestamp not null,
    primary key (channel, order_id)
);
comment on table orders is 'One row per channel order (first delivery wins): buyer, ship-to address, payment, amounts, coupon, service level, priority.';

create table if not exists order_lines (
    channel                varchar not null,
    order_id               varchar not null,
    line_no                integer not null,
    sku                    varchar,
    quantity               decimal(18, 4),     -- as exported; validation requires a positive integer
    unit_price_cents       bigint,
    source_file_id         varchar not null,
    source_line_number     bigint not null,
    primary key (channel, order_id, line_no)
);
comment on table order_lines is 'Order lines as exported: SKU, quantity exactly as given, unit price in cents; linked to the file and line they came from.';
