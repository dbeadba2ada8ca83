-- The files of this run (temporary): new contents to load, and every (path, content) pair seen.
create or replace temp table stg_files (
    file_id      varchar primary key,
    path         varchar not null,
    file_kind    varchar not null,
    file_format  varchar not null,
    size_bytes   bigint not null
);

create or replace temp table stg_deliveries (
    path     varchar not null,
    file_id  varchar not null,
    outcome  varchar not null
);

create or replace temp table stg_excerpts (file_id varchar, line_number bigint, raw_excerpt varchar);
