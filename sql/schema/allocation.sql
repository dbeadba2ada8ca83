-- Allocation (stage 3b): one row per solver run, its inputs as solved, the plan and what follows from it.
-- Orders are named by (channel, order_id) everywhere; the solver's own key is channel || '|' || order_id.

create table if not exists allocation_runs (
    run_id                   varchar primary key,
    solved_at                timestamp not null,
    status                   varchar not null,   -- optimal, feasible, baseline, empty
    method                   varchar not null,   -- exact, large, none
    n_orders                 integer not null,
    n_lines                  integer not null,
    n_units                  bigint not null,
    objective_cents          bigint not null,
    baseline_cents           bigint not null,
    lp_bound_cents           bigint,             -- LP bound rounded up (costs are integer cents)
    gap                      double,
    solve_time_s             double not null,
    is_valid                 boolean not null,
    weights_json             varchar not null,
    kpis_json                varchar not null,   -- ours and the ranked-rules baseline, side by side
    notes                    varchar
);
comment on table allocation_runs is 'One row per allocation run: solver status, objective, baseline, LP bound, gap, weights and KPIs.';

create table if not exists allocation_run_lines (
    run_id            varchar not null,
    channel           varchar not null,
    order_id          varchar not null,
    line_no           integer not null,
    sku               varchar not null,
    quantity_units    integer not null,
    priority          integer not null,
    service_level     varchar not null,
    promised_days     integer not null,
    primary key (run_id, channel, order_id, line_no)
);
comment on table allocation_run_lines is 'The batch of each allocation run: the order lines and units it had to place.';

create table if not exists allocation_run_stock (
    run_id            varchar not null,
    warehouse_code    varchar not null,
    sku               varchar not null,
    sellable_units    integer not null,
    primary key (run_id, warehouse_code, sku)
);
comment on table allocation_run_stock is 'Sellable stock per (warehouse, SKU) as each allocation run saw it.';

create table if not exists allocation_run_capacity (
    run_id                 varchar not null,
    warehouse_code         varchar not null,
    pick_capacity_units    integer not null,   -- -1: unlimited
    primary key (run_id, warehouse_code)
);
comment on table allocation_run_capacity is 'Pick capacity left per warehouse as each allocation run saw it.';

create table if not exists allocation_plan (
    run_id                 varchar not null,
    channel                varchar not null,
    order_id               varchar not null,
    line_no                integer not null,
    sku                    varchar not null,
    warehouse_code         varchar not null,   -- the warehouse that picks and ships
    source                 varchar not null check (source in ('stock', 'transfer', 'purchase')),
    source_warehouse_code  varchar,            -- for transfers: where the units come from
    supplier_code          varchar,            -- for purchases
    units                  integer not null check (units > 0),
    unit_cost_cents        bigint not null,    -- marginal cost per unit (shipping weight, handling, option)
    primary key (run_id, channel, order_id, line_no, warehouse_code, source)
);
comment on table allocation_plan is 'Units of each order line assigned to a shipping warehouse, by source (own stock, transfer, purchase), per run.';

create table if not exists backorders (
    channel                varchar not null,
    order_id               varchar not null,
    line_no                integer not null,
    sku                    varchar not null,
    units                  integer not null check (units > 0),
    penalty_cents_per_unit bigint not null,
    run_id                 varchar not null,
    created_at             timestamp not null,
    primary key (channel, order_id, line_no)
);
comment on table backorders is 'Order-line units accepted but waiting for stock, as of the latest allocation run that saw them.';

create table if not exists transfer_requests (
    run_id                 varchar not null,
    from_warehouse_code    varchar not null,
    to_warehouse_code      varchar not null,
    sku                    varchar not null,
    units                  integer not null check (units > 0),
    requested_at           timestamp not null,
    primary key (run_id, from_warehouse_code, to_warehouse_code, sku)
);
comment on table transfer_requests is 'Inter-warehouse transfers the allocation asks for, to serve orders from a warehouse short of stock.';

create table if not exists purchase_requests (
    run_id                 varchar not null,
    supplier_code          varchar not null,
    warehouse_code         varchar not null,
    sku                    varchar not null,
    units                  integer not null check (units > 0),
    requested_at           timestamp not null,
    primary key (run_id, supplier_code, warehouse_code, sku)
);
comment on table purchase_requests is 'Emergency purchase orders the allocation asks for, delivered to the shipping warehouse.';

create table if not exists allocation_explanations (
    run_id                 varchar not null,
    channel                varchar not null,
    order_id               varchar not null,
    warehouses             varchar,            -- chosen shipping warehouses, comma-separated
    n_parcels              integer not null,
    cost_cents             bigint not null,
    best_alternative       varchar,
    extra_cost_cents       bigint,
    reason                 varchar not null,
    primary key (run_id, channel, order_id)
);
comment on table allocation_explanations is 'Per order and run: chosen warehouses, cost, the best alternative and what it would cost more, in words.';

create table if not exists allocation_scenarios (
    scenario               varchar not null,
    kpi                    varchar not null,
    value                  double,
    evaluated_at           timestamp not null,
    primary key (scenario, kpi)
);
comment on table allocation_scenarios is 'What-if KPIs of the current batch under named planner weight sets; the live plan is not touched.';
