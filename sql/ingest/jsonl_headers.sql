-- JSON Lines files have no header: their columns are the keys found on any object line of the file.
-- $1 = the contract's column names in order, $2 = the columns every file must have.
insert into stg_headers
with keys as (
    select
        l.file_id,
        -- json_type and json_keys raise on invalid JSON and AND does not short-circuit: nested cases
        list_distinct(flatten(list(
            case when coalesce(json_valid(l.line_text), false) then
                case when json_type(l.line_text) = 'OBJECT' then json_keys(l.line_text) end
            end
        ))) as names
    from stg_lines as l
    semi join stg_files as f on f.file_id = l.file_id and f.file_format = 'jsonl'
    group by l.file_id
)

select
    file_id,
    names,
    list_transform($1::varchar[], lambda c: list_position(names, c)) as positions,
    list_filter($2::varchar[], lambda c: not list_contains(names, c)) as missing_columns,
    list_filter(names, lambda n: not list_contains($1::varchar[], n)) as unknown_columns,
    null as header_problem
from keys;
