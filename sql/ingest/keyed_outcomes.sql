-- Outcome of every row of a keyed (stock or master) batch. Same key and same values as a row already loaded
-- or as an earlier copy in this batch: duplicate. Same key with different values than the loaded row, or
-- several different versions inside this batch: KEY_CONFLICT, and no version of the key is loaded (nothing in
-- a batch depends on file names or processing order). Among identical copies the lowest (file_id, line)
-- is the one loaded.
create or replace temp table stg_outcomes as
with versions as (
    select record_key, count(distinct row_md5) as n_versions
    from stg_keyed
    group by record_key
),

ranked as (
    select
        k.file_id,
        k.line_number,
        k.record_key,
        k.row_md5,
        v.n_versions,
        e.row_md5 as existing_md5,
        e.source_file_id as existing_file_id,
        row_number() over (partition by k.record_key order by k.file_id, k.line_number) as copy_rank
    from stg_keyed as k
    join versions as v using (record_key)
    left join stg_existing as e using (record_key)
),

classified as (
    select
        r.file_id,
        r.line_number,
        r.record_key,
        case
            when r.existing_md5 = r.row_md5 then 'duplicate'
            when r.existing_md5 is not null or r.n_versions > 1 then 'quarantined'
            when r.copy_rank = 1 then 'loaded'
            else 'duplicate'
        end as outcome,
        case when r.existing_md5 <> r.row_md5 or (r.existing_md5 is null and r.n_versions > 1)
            then 'KEY_CONFLICT' end as reason_code,
        case
            when r.existing_md5 <> r.row_md5 then 'key ' || r.record_key || ' was already loaded from file '
                || coalesce(reg.first_path, r.existing_file_id, 'an earlier file')
                || ' with different values; this row was not loaded. Correct the source system and send an '
                || 'explicit correction (for the ledger: a new movement), never the same key with new values'
            when r.existing_md5 is null and r.n_versions > 1 then 'key ' || r.record_key || ' arrives with '
                || r.n_versions || ' different versions in this delivery; none was loaded. Deliver one version'
        end as reason
    from ranked as r
    left join file_registry as reg on reg.file_id = r.existing_file_id
)

select file_id, line_number, record_key, outcome, reason_code, reason from classified
union all
select file_id, line_number, record_key, 'quarantined', error_code, error_message
from stg_typed
where error_code is not null;
