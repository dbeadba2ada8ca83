-- Quarantine every row classified `quarantined`, with the file, physical line, reason and an excerpt of the
-- row as delivered (the text line, or for Parquet the delivered values).
insert into quarantine_rows
select
    o.file_id,
    o.line_number,
    f.file_kind,
    o.reason_code,
    o.reason,
    nullif(o.record_key, '') as record_key,
    left(coalesce(l.line_text, l.escaped_text, e.raw_excerpt), 500) as raw_excerpt
from stg_outcomes as o
join stg_files as f using (file_id)
left join stg_lines as l on l.file_id = o.file_id and l.line_number = o.line_number
left join stg_excerpts as e on e.file_id = o.file_id and e.line_number = o.line_number
where o.outcome = 'quarantined';
