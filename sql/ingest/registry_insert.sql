-- One registry row per new file (by content), with its row accounting; $1 = load time (UTC).
insert into file_registry
select
    f.file_id,
    f.file_kind,
    f.file_format,
    f.path as first_path,
    f.size_bytes,
    count(o.line_number) as n_rows_read,
    count(*) filter (where o.outcome = 'loaded') as n_rows_loaded,
    count(*) filter (where o.outcome = 'duplicate') as n_rows_duplicate,
    count(*) filter (where o.outcome = 'quarantined') as n_rows_quarantined,
    $1::timestamp as loaded_at
from stg_files as f
left join stg_outcomes as o using (file_id)
group by all;
