-- Files of kind $1 whose rows do not add up. $2: whether the table records each row's source file, so that
-- "loaded" can be compared with the rows actually in the table (the loaded_by_file CTE is built by the
-- caller from the table name, a code constant).
with quarantined as (
    select file_id, count(*) as n from quarantine_rows group by file_id
),

loaded as (
    /*loaded_by_file*/
)

select
    r.first_path,
    r.n_rows_read,
    r.n_rows_loaded,
    r.n_rows_duplicate,
    r.n_rows_quarantined,
    coalesce(q.n, 0) as n_in_quarantine,
    case when $2 then coalesce(l.n, 0) end as n_in_table
from file_registry as r
left join quarantined as q using (file_id)
left join loaded as l using (file_id)
where r.file_kind = $1
    and (
        r.n_rows_read <> r.n_rows_loaded + r.n_rows_duplicate + r.n_rows_quarantined
        or r.n_rows_quarantined <> coalesce(q.n, 0)
        or ($2 and r.n_rows_loaded <> coalesce(l.n, 0))
    )
order by r.first_path
