-- Stock: the movement ledger, cycle counts, channel (sellable) snapshots, open reservations.
-- Ledger quantities are positive; movement_types says how each type moves units between the buckets that
-- make up physical on-hand stock (on_hand includes the unsellable buckets: returns awaiting restock,
-- damaged, quarantined).

create table if not exists movement_types (
    movement_type          varchar primary key,
    on_hand_sign           integer not null check (on_hand_sign in (-1, 0, 1)),
    returns_pending_sign   integer not null check (returns_pending_sign in (-1, 0, 1)),
    damaged_sign           integer not null check (damaged_sign in (-1, 0, 1)),
    quarantined_sign       integer not null check (quarantined_sign in (-1, 0, 1)),
    description            varchar not null
);
comment on table movement_types is 'How each ledger movement type changes on-hand stock and its unsellable buckets.';

insert or ignore into movement_types values
    ('receipt',            1,  0,  0,  0, 'supplier delivery put away, sellable'),
    ('shipment',          -1,  0,  0,  0, 'units shipped to a customer'),
    ('return_received',    1,  1,  0,  0, 'customer return received, awaiting inspection and restock'),
    ('return_restocked',   0, -1,  0,  0, 'inspected return put back into sellable stock'),
    ('return_scrapped',   -1, -1,  0,  0, 'inspected return not resellable, written off'),
    ('damage',             0,  0,  1,  0, 'units found damaged, held as unsellable'),
    ('damage_written_off', -1, 0, -1,  0, 'damaged units disposed of'),
    ('quarantine_in',      0,  0,  0,  1, 'units put on quality hold'),
    ('quarantine_out',     0,  0,  0, -1, 'units released from quality hold'),
    ('shrinkage',         -1,  0,  0,  0, 'units lost (theft, miscount) and written off'),
    ('count_gain',         1,  0,  0,  0, 'cycle count found more units than the ledger'),
    ('count_loss',        -1,  0,  0,  0, 'cycle count found fewer units than the ledger'),
    ('transfer_out',      -1,  0,  0,  0, 'units dispatched to another warehouse, in transit'),
    ('transfer_in',        1,  0,  0,  0, 'units received from another warehouse');

create table if not exists stock_movements (
    movement_id       varchar primary key,
    occurred_at       timestamp not null,
    warehouse_code    varchar not null,
    bin_code          varchar,
    sku               varchar not null,
    movement_type     varchar not null,
    quantity          integer not null check (quantity > 0),
    reference_type    varchar,   -- purchase_order, order, return, transfer, count, incident
    reference_id      varchar,
    source_file_id    varchar not null
);
comment on table stock_movements is 'Append-only stock movement ledger (receipts, shipments, returns, damage, shrinkage, counts, transfers) with references.';

-- The destination of a transfer that has not arrived: a transfer_out row only names its source, so the
-- destination is read from the transfer id `TR-<from>-<to>-<sequence>` (the sample generator's convention;
-- docs/reconciliation.md asks for it in the landing contract). Null when the id does not follow it.
create or replace macro transfer_destination(reference_id, from_warehouse_code) as
    case when starts_with(reference_id, 'TR-' || from_warehouse_code || '-')
        then nullif(regexp_extract(substr(reference_id, length(from_warehouse_code) + 5), '^(.*)-[^-]*$', 1), '')
    end;

-- Transfer movements with after_at < occurred_at < before_at, each with its transfer's destination: the
-- warehouse of the window's transfer_in rows, or else the one the transfer id names (transfer_destination()
-- above). The reconciliation rolls what was in transit at the cutoff back to each snapshot with it.
-- DuckDB binds a table macro when it is created, so it follows the table it reads.
create or replace macro transfer_movements_between(after_at, before_at) as table
    with moves as (
        select reference_id as transfer_id, sku, warehouse_code, movement_type, quantity, occurred_at
        from stock_movements
        where movement_type in ('transfer_out', 'transfer_in')
            and reference_id is not null
            and occurred_at > after_at
            and occurred_at < before_at
    ),
    destinations as (
        select
            transfer_id,
            sku,
            coalesce(
                min(warehouse_code) filter (where movement_type = 'transfer_in'),
                transfer_destination(transfer_id, min(warehouse_code) filter (where movement_type = 'transfer_out'))
            ) as to_warehouse_code
        from moves
        group by transfer_id, sku
    )
    select m.*, d.to_warehouse_code
    from moves as m
    join destinations as d using (transfer_id, sku);

create table if not exists cycle_counts (
    count_id          varchar primary key,
    counted_at        timestamp not null,
    warehouse_code    varchar not null,
    bin_code          varchar not null,
    sku               varchar not null,
    counted_units     integer not null check (counted_units >= 0),
    counter_id        varchar,
    source_file_id    varchar not null
);
comment on table cycle_counts is 'Physical counts of one SKU in one bin at a moment, as recorded by the counter.';

create table if not exists channel_stock_snapshots (
    snapshot_at       timestamp not null,
    channel           varchar not null,
    warehouse_code    varchar not null,
    sku               varchar not null,
    sellable_units    integer not null,
    source_file_id    varchar not null,
    primary key (snapshot_at, channel, warehouse_code, sku)
);
comment on table channel_stock_snapshots is 'What each sales channel showed as sellable per (warehouse, SKU) at the snapshot time.';

create table if not exists reservations (
    reservation_id    varchar primary key,
    channel           varchar not null,
    order_id          varchar not null,
    line_no           integer not null,
    warehouse_code    varchar not null,
    sku               varchar not null,
    reserved_units    integer not null check (reserved_units > 0),
    reserved_at       timestamp not null,
    status            varchar not null check (status in ('open', 'shipped', 'released')),
    source            varchar not null,  -- 'oms_export' (landing file) or 'allocation' (this pipeline)
    source_file_id    varchar            -- the landing file, for oms_export rows
);
comment on table reservations is 'Units promised to unshipped orders at a warehouse; open reservations are not sellable.';

create table if not exists incident_reports (
    incident_id          varchar primary key,
    reported_at          timestamp not null,
    warehouse_code       varchar not null,
    bin_code             varchar,
    sku                  varchar not null,
    incident_type        varchar not null check (incident_type in ('damage', 'shrinkage')),
    units                integer not null check (units > 0),
    status               varchar not null check (status in ('pending', 'posted', 'rejected')),
    posted_movement_id   varchar,            -- the ledger movement that posted it, once posted
    source_file_id       varchar not null
);
comment on table incident_reports is 'Damage and loss reports from the floor; pending ones are not yet posted to the ledger.';
