-- Files and rows per kind of landing file.
select
    file_kind,
    count(*) as n_files,
    sum(n_rows_read)::bigint as rows_read,
    sum(n_rows_loaded)::bigint as rows_loaded,
    sum(n_rows_duplicate)::bigint as duplicates,
    sum(n_rows_quarantined)::bigint as quarantined
from file_registry
group by file_kind
order by file_kind
