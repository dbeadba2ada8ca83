-- Inventory (stage 3a): stock positions, transfers in transit, sellable-vs-physical reconciliation with its
-- evidence, the corrected sellable feed for the channels, and the daily reconciliation history.
-- Built by the SQL files in sql/inventory/ (one file per table); docs/reconciliation.md explains every column.
-- Unit columns default to 0 so that a test or a consumer may insert only the columns it needs.
-- The keys are documented, not declared: every table is rebuilt whole in one transaction, and an ART index
-- over millions of rows made each rebuild many times slower (delete + insert). Tests assert the keys.

-- The one sellable formula (docs/reconciliation.md): what the channels may sell, never negative.
-- unsellable = returns awaiting restock + damaged + quarantined + pending (unposted) incident units.
create or replace macro sellable_units(on_hand, reserved, unsellable, safety) as
    greatest(0, on_hand - reserved - unsellable - safety);

create table if not exists bin_stock_positions (   -- key: (warehouse_code, bin_code, sku)
    warehouse_code           varchar not null,
    bin_code                 varchar not null,   -- '(none)' for ledger rows and incidents without a bin
    sku                      varchar not null,
    bin_type                 varchar,            -- from bins; null when the bin is not in master data
    on_hand_units            bigint not null default 0,   -- ledger on-hand, unsellable buckets included
    returns_pending_units    bigint not null default 0,
    damaged_units            bigint not null default 0,
    quarantined_units        bigint not null default 0,
    resellable_units         bigint not null default 0,   -- ledger resellable units attributed to the bin
    pending_damage_units     bigint not null default 0,   -- incident reports not yet posted
    pending_shrinkage_units  bigint not null default 0,
    pending_incident_units   bigint not null default 0,
    last_count_id            varchar,
    last_counted_at          timestamp,
    counted_units            integer,
    physical_units           bigint not null default 0,   -- resellable units on the shelf (count rolled forward)
    count_variance_units     bigint not null default 0,   -- physical - (resellable - pending incidents)
    n_movements              bigint not null default 0,
    last_movement_at         timestamp
);
comment on table bin_stock_positions is 'Stock per (warehouse, bin, SKU): ledger buckets, pending incidents, latest cycle count and the count-corrected physical resellable units.';

create table if not exists stock_in_transit (   -- key: (transfer_id, sku)
    transfer_id              varchar not null,   -- reference_id of the transfer movements
    sku                      varchar not null,
    from_warehouse_code      varchar,
    to_warehouse_code        varchar,            -- null when no transfer_in names the destination yet
    sent_units               bigint not null default 0,
    received_units           bigint not null default 0,
    in_transit_units         bigint not null default 0,
    shipped_at               timestamp,
    last_received_at         timestamp,
    lead_time_days           integer,            -- of the lane from -> to; null when the lane is unknown
    expected_at              timestamp           -- shipped_at + lead time
);
comment on table stock_in_transit is 'Inter-warehouse transfers not fully received: units sent, received and in transit by lane, with the expected arrival.';

create table if not exists stock_positions (   -- key: (warehouse_code, sku)
    warehouse_code             varchar not null,
    sku                        varchar not null,
    ledger_on_hand_units       bigint not null default 0,
    count_variance_units       bigint not null default 0,   -- unposted count differences (negative = loss)
    on_hand_units              bigint not null default 0,   -- physical: ledger corrected by cycle counts
    reserved_units             bigint not null default 0,
    returns_pending_units      bigint not null default 0,
    damaged_units              bigint not null default 0,
    quarantined_units          bigint not null default 0,
    pending_damage_units       bigint not null default 0,
    pending_shrinkage_units    bigint not null default 0,
    pending_incident_units     bigint not null default 0,
    unsellable_units           bigint not null default 0,   -- returns pending + damaged + quarantined + pending incidents
    safety_stock_units         bigint not null default 0,
    safety_held_units          bigint not null default 0,   -- the part of safety stock actually on hand
    overcommitted_units        bigint not null default 0,   -- reserved + unsellable beyond on-hand
    sellable_units             bigint not null default 0,   -- sellable_units(on_hand, reserved, unsellable, safety)
    in_transit_in_units        bigint not null default 0,
    next_transfer_arrival_at   timestamp,
    in_transit_out_units       bigint not null default 0,
    incoming_units             bigint not null default 0,   -- open purchase-order units
    next_incoming_at           timestamp,
    n_bins                     integer not null default 0,
    n_bins_counted             integer not null default 0,
    last_counted_at            timestamp,
    last_movement_at           timestamp
);
comment on table stock_positions is 'Stock per (warehouse, SKU): physical on-hand, reserved, unsellable buckets, safety stock, in transit, incoming and sellable units.';

create table if not exists stock_reconciliation (   -- key: (warehouse_code, sku)
    warehouse_code                          varchar not null,
    sku                                     varchar not null,
    abc_class                               varchar,
    unit_cost_cents                         bigint not null default 0,
    snapshot_at                             timestamp not null,   -- T: the latest channel snapshot
    channel                                 varchar not null,     -- the channel whose figure is compared
    n_channels                              integer not null default 1,
    channel_spread_units                    bigint not null default 0,   -- max - min across channels at T
    channel_sellable_units                  bigint not null default 0,
    ledger_on_hand_units                    bigint not null default 0,   -- at T
    physical_on_hand_units                  bigint not null default 0,   -- at T, count-corrected
    ledger_sellable_units                   bigint not null default 0,   -- the formula on the ledger at T
    physical_sellable_units                 bigint not null default 0,   -- the formula on physical stock at T
    counted_units                           bigint,                      -- sum of the latest counts
    last_counted_at                         timestamp,
    variance_units                          bigint not null default 0,   -- channel - physical sellable
    returns_awaiting_restock_units          bigint not null default 0,
    unposted_damage_units                   bigint not null default 0,
    unposted_shrinkage_units                bigint not null default 0,
    transfer_in_transit_units               bigint not null default 0,
    reservation_units                       bigint not null default 0,
    count_adjustment_after_snapshot_units   bigint not null default 0,
    unexplained_units                       bigint not null default 0,
    sellable_floor_units                    bigint not null default 0,   -- lifted by the floor at zero
    unrecorded_loss_units                   bigint not null default 0,   -- part of unexplained: counts vs ledger
    channel_formula_gap_units               bigint not null default 0,   -- part of unexplained: channel vs its formula
    variance_value_cents                    bigint not null default 0,
    unexplained_value_cents                 bigint not null default 0,
    tolerance_units                         bigint not null default 0,
    is_within_tolerance                     boolean not null default true,
    dominant_cause                          varchar,
    status                                  varchar not null
        check (status in ('matched', 'explained', 'unexplained_within_tolerance', 'unexplained_above_tolerance'))
);
comment on table stock_reconciliation is 'Channel sellable snapshot vs computed and physical sellable per (warehouse, SKU), the variance decomposed by cause with an explicit unexplained remainder.';

create table if not exists stock_reconciliation_evidence (
    warehouse_code   varchar not null,
    sku              varchar not null,
    cause            varchar not null,   -- a cause column of stock_reconciliation without _units
    evidence_kind    varchar not null,   -- movement, return, incident, transfer, reservation, count, channel_snapshot
    evidence_id      varchar not null,   -- movement_id, incident_id, transfer/return reference, reservation_id, count_id
    reference_id     varchar,
    occurred_at      timestamp,
    units            bigint not null     -- contribution to the cause, same sign as the cause column
);
comment on table stock_reconciliation_evidence is 'The ledger entries, incidents, reservations, transfers and counts behind each reconciliation cause, with their units.';

create table if not exists sellable_stock_feed (   -- key: (warehouse_code, sku)
    warehouse_code            varchar not null,
    sku                       varchar not null,
    published_sellable_units  bigint not null default 0,   -- what to publish now, to every channel
    channel_sellable_units    bigint,                      -- what the channels last showed (null: never)
    channel_snapshot_at       timestamp,
    delta_units               bigint not null default 0,   -- published - channel
    is_changed                boolean not null default false,
    is_sku_active             boolean not null default false,
    in_transit_in_units       bigint not null default 0,   -- not published; arrives at next_transfer_arrival_at
    next_transfer_arrival_at  timestamp
);
comment on table sellable_stock_feed is 'Corrected sellable stock to publish to the channels per (warehouse, SKU), with the change against what the channels show.';

create table if not exists stock_reconciliation_history as
select null::date as partition_date, *
from stock_reconciliation
where false;
comment on table stock_reconciliation_history is 'Daily partitions of stock_reconciliation computed as of the end of each day (UTC), for trends.';
