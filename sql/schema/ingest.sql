-- Ingestion bookkeeping: which files were read, what became of every row, and what was set aside.
-- A file is identified by the sha256 of its bytes (file_id), so a renamed copy is recognised as the same file.

create table if not exists file_registry (
    file_id              varchar primary key,   -- sha256 of the file's bytes
    file_kind            varchar not null,      -- orders, movements, cycle_counts, channel_stock, master:<table>
    file_format          varchar not null,      -- csv, jsonl, parquet
    first_path           varchar not null,      -- path relative to the landing folder when first seen
    size_bytes           bigint not null,
    n_rows_read          bigint not null,
    n_rows_loaded        bigint not null,
    n_rows_duplicate     bigint not null,
    n_rows_quarantined   bigint not null,
    loaded_at            timestamp not null,
    check (n_rows_read = n_rows_loaded + n_rows_duplicate + n_rows_quarantined)
);
comment on table file_registry is 'One row per distinct landing file (by content hash): rows read = loaded + duplicates + quarantined.';

create table if not exists file_deliveries (
    path                 varchar not null,
    file_id              varchar not null,
    seen_at              timestamp not null,
    outcome              varchar not null check (outcome in ('loaded', 'already_loaded')),
    primary key (path, file_id)
);
comment on table file_deliveries is 'Every (path, content) pair seen in the landing folder, including re-deliveries of a file already loaded.';

create table if not exists quarantine_rows (
    file_id              varchar not null,
    line_number          bigint not null,       -- physical line in the file (1 = header line for CSV)
    file_kind            varchar not null,
    reason_code          varchar not null,
    reason               varchar not null,      -- human message: what is wrong and how to fix it
    record_key           varchar,               -- e.g. channel/order_id/line_no when it could be read
    raw_excerpt          varchar,               -- first 500 characters of the offending row, for the analyst
    primary key (file_id, line_number, reason_code)
);
comment on table quarantine_rows is 'Rows that could not be loaded, with the file, line, a reason code and a message saying how to fix them.';
