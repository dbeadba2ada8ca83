-- Master snapshots replace their table, so no earlier row can conflict with them.
create or replace temp table stg_existing (record_key varchar, row_md5 varchar, source_file_id varchar);
