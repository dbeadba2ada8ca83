-- Columns of each file in this run, matched to the contract by name (temporary).
create or replace temp table stg_headers (
    file_id          varchar not null,
    names            varchar[],       -- the file's column names as delivered
    positions        integer[],       -- per contract column (in contract order): its position in names
    missing_columns  varchar[],       -- required contract columns the file lacks
    unknown_columns  varchar[],       -- file columns the contract does not know (ignored, reported)
    header_problem   varchar
);
