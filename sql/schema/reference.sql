-- Reference (master) data: catalogue, network, carriers, suppliers, packing, promotions, customers.
-- Money is integer cents, quantities are integers, lengths mm, weights g, distances km, timestamps UTC.
-- Loaded from full snapshots in landing/master/: a newer snapshot of a table replaces the old one in one
-- transaction.

create table if not exists skus (
    sku                    varchar primary key,
    name                   varchar not null,
    category               varchar not null,
    product_id             varchar not null,   -- the product (SPU) this variant belongs to
    color                  varchar,
    size                   varchar,
    weight_g               integer not null check (weight_g > 0),
    length_mm              integer not null check (length_mm > 0),
    width_mm               integer not null check (width_mm > 0),
    height_mm              integer not null check (height_mm > 0),
    is_fragile             boolean not null,
    is_liquid              boolean not null,
    is_valuable            boolean not null,
    unit_price_cents       bigint not null check (unit_price_cents >= 0),
    unit_cost_cents        bigint not null check (unit_cost_cents >= 0),
    abc_class              varchar not null check (abc_class in ('A', 'B', 'C')),
    is_active              boolean not null
);
comment on table skus is 'Sellable variants (SKUs): category, product, variant attributes, size, traits, price, velocity class, active flag.';

create table if not exists warehouses (
    warehouse_code               varchar primary key,
    name                         varchar not null,
    country_code                 varchar not null,
    province                     varchar not null,
    city                         varchar not null,
    latitude                     double not null check (latitude between -90 and 90),
    longitude                    double not null check (longitude between -180 and 180),
    region                       varchar not null,
    daily_pick_capacity_units    integer not null check (daily_pick_capacity_units >= 0),
    handling_cost_per_unit_cents bigint not null check (handling_cost_per_unit_cents >= 0),
    handling_cost_per_order_cents bigint not null check (handling_cost_per_order_cents >= 0),
    timezone                     varchar not null
);
comment on table warehouses is 'Fulfilment centres with real coordinates, region, daily pick capacity and handling costs.';

create table if not exists bins (
    warehouse_code  varchar not null,
    bin_code        varchar not null,
    zone            varchar not null,
    aisle           integer not null,
    bay             integer not null,
    level           integer not null,
    x_m             double not null,
    y_m             double not null,
    bin_type        varchar not null check (bin_type in ('pick', 'reserve', 'returns', 'quarantine')),
    primary key (warehouse_code, bin_code)
);
comment on table bins is 'Storage locations inside a warehouse: zone, aisle, bay, level and floor coordinates in metres.';

create table if not exists safety_stock (
    warehouse_code       varchar not null,
    sku                  varchar not null,
    safety_stock_units   integer not null check (safety_stock_units >= 0),
    primary key (warehouse_code, sku)
);
comment on table safety_stock is 'Units per (warehouse, SKU) held back from the channels as a buffer.';

create table if not exists carriers (
    carrier_code    varchar primary key,
    name            varchar not null,
    label_prefix    varchar not null
);
comment on table carriers is 'Parcel carriers under contract.';

create table if not exists carrier_services (
    carrier_code        varchar not null,
    service_code        varchar not null,
    service_level       varchar not null check (service_level in ('standard', 'express', 'economy')),
    daily_cutoff_local  varchar not null,   -- HH:MM, warehouse local time
    max_weight_g        integer not null check (max_weight_g > 0),
    primary key (carrier_code, service_code)
);
comment on table carrier_services is 'Service levels offered by each carrier, with the daily pickup cutoff and weight limit.';

create table if not exists rate_cards (
    carrier_code                  varchar not null,
    service_code                  varchar not null,
    distance_band_max_km          integer not null check (distance_band_max_km > 0),
    weight_tier_max_g             integer not null check (weight_tier_max_g > 0),
    rate_cents                    bigint not null check (rate_cents >= 0),
    additional_kg_rate_cents      bigint not null check (additional_kg_rate_cents >= 0),
    sla_days                      integer not null check (sla_days >= 0),
    primary key (carrier_code, service_code, distance_band_max_km, weight_tier_max_g)
);
comment on table rate_cards is 'Contract rates per carrier service, distance band and weight tier; weight above the top tier pays per extra kg.';

create table if not exists transfer_lanes (
    from_warehouse_code      varchar not null,
    to_warehouse_code        varchar not null,
    cost_per_unit_cents      bigint not null check (cost_per_unit_cents >= 0),
    fixed_cost_cents         bigint not null check (fixed_cost_cents >= 0),
    lead_time_days           integer not null check (lead_time_days >= 0),
    primary key (from_warehouse_code, to_warehouse_code)
);
comment on table transfer_lanes is 'Inter-warehouse transfer lanes with unit and fixed cost and lead time.';

create table if not exists suppliers (
    supplier_code              varchar primary key,
    name                       varchar not null,
    city                       varchar not null,
    lead_time_days             integer not null check (lead_time_days >= 0),
    emergency_lead_time_days   integer not null check (emergency_lead_time_days >= 0),
    emergency_premium_pct      integer not null check (emergency_premium_pct >= 0)
);
comment on table suppliers is 'Suppliers with normal and emergency lead times and the emergency price premium in percent.';

create table if not exists supplier_skus (
    supplier_code     varchar not null,
    sku               varchar not null,
    unit_cost_cents   bigint not null check (unit_cost_cents >= 0),
    min_order_units   integer not null check (min_order_units >= 1),
    primary key (supplier_code, sku)
);
comment on table supplier_skus is 'Which supplier sells which SKU, at what unit cost and minimum order quantity.';

create table if not exists purchase_orders (
    po_id             varchar not null,
    supplier_code     varchar not null,
    warehouse_code    varchar not null,
    sku               varchar not null,
    ordered_units     integer not null check (ordered_units > 0),
    received_units    integer not null check (received_units >= 0),
    ordered_at        timestamp not null,
    expected_at       timestamp not null,
    status            varchar not null check (status in ('open', 'partially_received', 'received', 'cancelled')),
    primary key (po_id, sku)
);
comment on table purchase_orders is 'Supplier purchase orders: open units are incoming supply with an expected arrival.';

create table if not exists carton_types (
    carton_code       varchar primary key,
    inner_length_mm   integer not null check (inner_length_mm > 0),
    inner_width_mm    integer not null check (inner_width_mm > 0),
    inner_height_mm   integer not null check (inner_height_mm > 0),
    max_weight_g      integer not null check (max_weight_g > 0),
    tare_weight_g     integer not null check (tare_weight_g >= 0),
    cost_cents        bigint not null check (cost_cents >= 0)
);
comment on table carton_types is 'Shipping cartons and bags: inner dimensions, weight limit, tare weight, cost.';

create table if not exists packing_materials (
    material_code     varchar primary key,
    name              varchar not null,
    required_for      varchar not null check (required_for in ('fragile', 'liquid', 'valuable', 'any', 'insert')),
    cost_cents        bigint not null check (cost_cents >= 0)
);
comment on table packing_materials is 'Protective materials and inserts (bubble wrap, leak-proof bag, tamper seal, invoice, return slip).';

create table if not exists promotions (
    promotion_id          varchar primary key,
    name                  varchar not null,
    kind                  varchar not null check (kind in ('percentage', 'fixed_amount', 'threshold', 'free_shipping')),
    percent_off           integer check (percent_off between 0 and 100),
    amount_off_cents      bigint check (amount_off_cents >= 0),
    min_spend_cents       bigint not null check (min_spend_cents >= 0),
    eligible_categories   varchar[],          -- empty or null: all categories
    eligible_skus         varchar[],          -- empty or null: all SKUs
    channel               varchar,            -- null: every channel
    starts_at             timestamp not null,
    ends_at               timestamp not null,
    check (ends_at > starts_at)
);
comment on table promotions is 'Promotion rules: percentage, fixed amount, spend-X-save-Y threshold or free shipping, with window and eligibility.';

create table if not exists coupons (
    coupon_code            varchar primary key,
    promotion_id           varchar not null,
    valid_from             timestamp not null,
    valid_to               timestamp not null,
    per_customer_limit     integer not null check (per_customer_limit >= 1),
    check (valid_to > valid_from)
);
comment on table coupons is 'Coupon codes, each applying one promotion rule within its own validity window and per-customer use limit.';

create table if not exists customers (
    customer_id            varchar not null,
    channel                varchar not null,
    display_name           varchar not null,
    phone                  varchar,
    account_created_at     timestamp not null,
    primary key (channel, customer_id)
);
comment on table customers is 'Buyer accounts per sales channel with their creation time (new accounts matter for fraud review).';
