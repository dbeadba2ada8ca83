-- Intake validation and order review (stages 1 and 2): what was rejected and why, what is held and why,
-- the state of every order line with its history, the customer-service queue and its decisions.
-- Reason codes are catalogued in reason_codes (mirrored in docs/reason_codes.md).

create table if not exists reason_codes (
    reason_code      varchar primary key,
    stage            varchar not null check (stage in ('intake', 'review')),
    outcome          varchar not null check (outcome in ('rejected', 'on_hold')),
    level            varchar not null check (level in ('order', 'line')),
    description      varchar not null,
    fix              varchar not null
);
comment on table reason_codes is 'Catalogue of reason codes: stage, outcome (rejected or on hold), order or line level, meaning and the fix.';

insert or ignore into reason_codes values
    ('SKU_MISSING', 'intake', 'rejected', 'line', 'the line carries no SKU', 'ask the channel to re-export the order with the SKU of every line'),
    ('SKU_UNKNOWN', 'intake', 'rejected', 'line', 'the SKU is not in the catalogue', 'correct the SKU in the channel listing or add it to master/skus.csv'),
    ('SKU_INACTIVE', 'intake', 'rejected', 'line', 'the SKU is delisted (is_active = false)', 'take the listing down on the channel, or reactivate the SKU in master/skus.csv'),
    ('QTY_MISSING', 'intake', 'rejected', 'line', 'the line carries no quantity', 'ask the channel to re-export the order with a quantity on every line'),
    ('QTY_ZERO', 'intake', 'rejected', 'line', 'the quantity is zero', 'remove the line or correct the quantity on the channel and re-export'),
    ('QTY_NEGATIVE', 'intake', 'rejected', 'line', 'the quantity is negative (returns are not orders)', 'book the return as a return; correct the order on the channel'),
    ('QTY_FRACTIONAL', 'intake', 'rejected', 'line', 'the quantity is not a whole number of units', 'correct the quantity to whole units on the channel and re-export'),
    ('PRICE_MISSING', 'intake', 'rejected', 'line', 'the line has no unit price or a negative one', 'ask the channel to re-export the order with the unit price of every line'),
    ('LINES_MISSING', 'intake', 'rejected', 'order', 'the order has fewer lines than its header says, or none', 'ask the channel to re-export the complete order'),
    ('ORDER_FIELD_INVALID', 'intake', 'rejected', 'order', 'a required order field is missing or out of range (customer, order time, service level, priority)', 'correct the named field on the channel and re-export'),
    ('COUNTRY_UNKNOWN', 'intake', 'rejected', 'order', 'the country code is missing or not an ISO 3166-1 alpha-2 code', 'correct the ship-to country with the customer'),
    ('ADDRESS_INCOMPLETE', 'intake', 'rejected', 'order', 'a required address part is missing (recipient, province, city, district, street, house number, postal code)', 'contact the customer for the missing address part'),
    ('POSTAL_CODE_INVALID', 'intake', 'rejected', 'order', 'the postal code does not have the format of the country', 'contact the customer for the correct postal code'),
    ('ADDRESS_NOT_GEOCODED', 'intake', 'rejected', 'order', 'province and city are not a known city of the country (cannot price shipping)', 'correct province or city with the customer, or add the city to the city table'),
    ('PHONE_MISSING', 'intake', 'rejected', 'order', 'the order has no ship-to phone', 'contact the customer through the channel for a phone number'),
    ('PHONE_INVALID', 'intake', 'rejected', 'order', 'the phone is not a valid number for the ship-to country', 'contact the customer through the channel for a valid phone number'),
    ('PAYMENT_INCOMPLETE', 'intake', 'rejected', 'order', 'payment method unknown, or a prepaid order without payment time, account or transaction id', 'check the payment with the channel; re-export the order with complete payment data'),
    ('AMOUNT_MISSING', 'intake', 'rejected', 'order', 'paid amount, shipping fee or discount is missing or negative', 'ask the channel to re-export the order with its amounts'),
    ('PAID_AMOUNT_MISMATCH', 'intake', 'rejected', 'order', 'paid amount differs from line totals - discount + shipping fee', 'reconcile the payment with the channel; refund or collect the difference'),
    ('STOCK_OUT', 'review', 'on_hold', 'line', 'the preliminary stock check found fewer sellable units in the whole network than ordered', 'follow the recommended resolution: wait for restock, offer the substitute, or cancel'),
    ('VARIANT_PRICE_MISMATCH', 'review', 'on_hold', 'line', 'the unit price differs from the catalogue price of the variant (wrong variant or spec sold?)', 'check the listing''s variant and price on the channel; release if the price was intended'),
    ('ADDRESS_NOT_DETAILED', 'review', 'on_hold', 'order', 'the street is too short to find the door (a number alone, a bare road name)', 'contact the customer for the full street, house number and building'),
    ('LARGE_AMOUNT', 'review', 'on_hold', 'order', 'the paid amount is above the large-order threshold', 'verify payment and buyer, then release'),
    ('COUPON_UNKNOWN', 'review', 'on_hold', 'order', 'the coupon code is not in the coupon master', 'check the coupon with the channel; collect the difference or release'),
    ('COUPON_EXPIRED', 'review', 'on_hold', 'order', 'the coupon was used outside its validity window', 'collect the coupon discount or release as goodwill'),
    ('COUPON_MIN_SPEND_NOT_MET', 'review', 'on_hold', 'order', 'the coupon was applied to an order below its minimum spend', 'collect the coupon discount or release as goodwill'),
    ('COUPON_INELIGIBLE', 'review', 'on_hold', 'order', 'the coupon was applied but no line is eligible (SKU, category or channel)', 'collect the coupon discount or release as goodwill'),
    ('COUPON_LIMIT_EXCEEDED', 'review', 'on_hold', 'order', 'the customer used the coupon more often than its per-customer limit', 'collect the coupon discount or cancel the order'),
    ('PROMOTION_UNKNOWN', 'review', 'on_hold', 'order', 'the promotion id is not in the promotion master', 'check the promotion with the channel; collect the difference or release'),
    ('PROMOTION_NOT_ACTIVE', 'review', 'on_hold', 'order', 'the promotion was applied outside its window or on another channel', 'collect the promotion discount or release as goodwill'),
    ('PROMOTION_MIN_SPEND_NOT_MET', 'review', 'on_hold', 'order', 'the promotion was applied to an order below its minimum spend', 'collect the promotion discount or release as goodwill'),
    ('PROMOTION_INELIGIBLE', 'review', 'on_hold', 'order', 'the promotion was applied but no line is eligible', 'collect the promotion discount or release as goodwill'),
    ('PROMOTION_OVERDISCOUNT', 'review', 'on_hold', 'order', 'the discount is larger than the promotion and coupon rules give', 'collect the excess discount or release as goodwill'),
    ('DISCOUNT_MISMATCH', 'review', 'on_hold', 'order', 'the discount is smaller than the promotion and coupon rules give', 'refund the missing discount to the customer, then release'),
    ('BRUSHING_SUSPECTED', 'review', 'on_hold', 'order', 'the fraud / order-brushing score reached the threshold (see evidence)', 'verify the buyer; cancel the ring''s orders if confirmed, release otherwise');

create table if not exists geo_cities (
    country_code     varchar not null,
    province         varchar not null,
    province_en      varchar,
    city             varchar not null,
    city_en          varchar,
    latitude         double not null check (latitude between -90 and 90),
    longitude        double not null check (longitude between -180 and 180),
    population       bigint,
    postal_prefix    varchar,
    region           varchar,
    timezone         varchar,
    province_key     varchar not null,   -- normalised for matching (assets/intake/addresses.py)
    city_key         varchar not null,
    primary key (country_code, province_key, city_key)
);
comment on table geo_cities is 'Bundled city table with coordinates and normalised match keys, used to geocode ship-to addresses.';

create table if not exists order_rejections (
    channel          varchar not null,
    order_id         varchar not null,
    line_no          integer,            -- null for order-level rules
    reason_code      varchar not null,
    message          varchar not null,   -- what is wrong, with the offending value
    fix              varchar not null,   -- what to do about it
    rule             varchar not null,
    detected_at      timestamp not null
);
comment on table order_rejections is 'One row per failed intake rule: order, line (null for order level), reason code, message and the fix.';

create table if not exists validated_orders (
    channel                varchar not null,
    order_id               varchar not null,
    customer_id            varchar not null,
    ordered_at             timestamp not null,
    paid_at                timestamp,
    recipient_name         varchar not null,
    phone_e164             varchar not null,
    country_code           varchar not null,
    province               varchar not null,   -- canonical name from geo_cities
    city                   varchar not null,   -- canonical name from geo_cities
    district               varchar,            -- null only when the district is not required (config)
    street                 varchar not null,
    address_detail         varchar,
    postal_code            varchar,            -- null only when the postal code is not required (config)
    latitude               double not null,
    longitude              double not null,
    region                 varchar,
    payment_method         varchar not null,
    payment_account        varchar,
    coupon_code            varchar,
    promotion_id           varchar,
    service_level          varchar not null,
    priority               integer not null,
    n_lines                integer not null,
    n_units                bigint not null,
    lines_total_cents      bigint not null,
    order_discount_cents   bigint not null,
    shipping_fee_cents     bigint not null,
    paid_amount_cents      bigint not null,
    validated_at           timestamp not null,
    primary key (channel, order_id)
);
comment on table validated_orders is 'Orders that passed intake validation: normalised address, coordinates, E.164 phone, totals in cents.';

create table if not exists order_reviews (
    channel          varchar not null,
    order_id         varchar not null,
    line_no          integer,            -- null for order-level flags
    rule             varchar not null,
    reason_code      varchar not null,
    score            double not null,    -- 1 for yes/no rules; the weighted score for fraud
    evidence         varchar not null,   -- the facts behind the flag, for the reviewer
    resolution       varchar not null,   -- recommended resolution (see docs/review.md)
    substitute_sku   varchar,            -- STOCK_OUT: an in-stock variant of the same category and attributes
    restock_eta      timestamp,          -- STOCK_OUT: earliest expected supply that covers the shortfall
    detected_at      timestamp not null
);
comment on table order_reviews is 'One row per review flag raised on a validated order: rule, reason code, score, evidence, recommended resolution.';

create table if not exists order_decisions (
    channel          varchar not null,
    order_id         varchar not null,
    decision         varchar not null,   -- release, cancel, substitute
    substitute_sku   varchar,
    note             varchar,
    decided_by       varchar not null,
    decided_at       timestamp not null,
    source_path      varchar not null,
    status           varchar not null check (status in ('applied', 'ignored')),
    status_message   varchar not null,
    primary key (channel, order_id, decided_at, source_path)
);
comment on table order_decisions is 'Customer-service decisions read from landing/decisions/*.csv, with whether and why each was applied.';

create table if not exists order_line_states (
    channel          varchar not null,
    order_id         varchar not null,
    line_no          integer not null,
    state            varchar not null check (state in ('rejected', 'on_hold', 'approved', 'cancelled',
                         'allocated', 'backordered', 'picked', 'packed', 'shipped')),
    reason_codes     varchar[] not null,
    fulfil_sku       varchar,            -- the SKU to allocate: the ordered one, or the agreed substitute
    quantity_units   integer,            -- null when the exported quantity is not a positive integer
    updated_by       varchar not null,   -- the stage, rule or person that set the state
    updated_at       timestamp not null,
    primary key (channel, order_id, line_no)
);
comment on table order_line_states is 'Current state of every order line (exactly one), its reason codes and the SKU to fulfil; later stages advance it.';

create table if not exists order_state_history (
    channel          varchar not null,
    order_id         varchar not null,
    line_no          integer not null,
    from_state       varchar,            -- null when the line first entered
    to_state         varchar not null,
    reason_codes     varchar[] not null,
    changed_by       varchar not null,
    changed_at       timestamp not null
);
comment on table order_state_history is 'Every state change of an order line: from, to, reason codes, who or which rule, when.';

create table if not exists exception_queue (
    channel                  varchar not null,
    order_id                 varchar not null,
    reason_codes             varchar[] not null,
    recommended_resolution   varchar not null,
    resolution_detail        varchar not null,   -- what to tell the customer or do, with the facts
    substitute_sku           varchar,
    restock_eta              timestamp,
    priority                 integer,
    ordered_at               timestamp,
    paid_amount_cents        bigint,
    queued_at                timestamp not null,
    primary key (channel, order_id)
);
comment on table exception_queue is 'Orders for customer service (on hold, or rejected for a cause the customer can fix) with the recommended resolution.';
