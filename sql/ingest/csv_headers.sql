-- The header (line 1) of each CSV file of the run, matched to the contract by name: $1 = the contract's
-- column names in order, $2 = the columns every file must have. Names are compared after trimming spaces.
insert into stg_headers
with header_lines as (
    select l.file_id, ingest_csv_split(l.line_text) as fields, l.line_text is null as is_invalid_utf8
    from stg_lines as l
    semi join stg_files as f on f.file_id = l.file_id and f.file_format = 'csv'
    where l.line_number = 1
),

headers as (
    select
        file_id,
        case when not is_invalid_utf8 and ingest_csv_is_valid(fields)
            then list_transform(fields, lambda n: trim(n)) else [] end as names,
        case
            when is_invalid_utf8 then 'the header line is not valid UTF-8'
            when not ingest_csv_is_valid(fields) then 'the header line has a stray or unterminated quote'
        end as header_problem
    from header_lines
)

select
    file_id,
    names,
    list_transform($1::varchar[], lambda c: list_position(names, c)) as positions,
    list_filter($2::varchar[], lambda c: not list_contains(names, c)) as missing_columns,
    list_filter(names, lambda n: not list_contains($1::varchar[], n)) as unknown_columns,
    header_problem
from headers;
