-- CSV records of the run's CSV files (a view: it is read once, by the typing step). A record is the line
-- where it starts plus the lines its quoted fields span (assets/ingestion/lines.py); its line_number is the
-- physical line where it starts. A multi-line record is only believed if it parses: otherwise the quote that
-- opened it was a stray one, and its lines are read one by one, so that a bad quote cannot swallow the rows
-- after it.
create or replace temp view stg_csv_records as
with csv_lines as (
    select
        l.file_id,
        l.record_number,
        l.line_number,
        l.is_record_start,
        coalesce(l.line_text, l.escaped_text) as line_text,
        l.line_text is null as is_invalid_utf8
    from stg_lines as l
    semi join stg_files as f on f.file_id = l.file_id and f.file_format = 'csv'
),

multi_line_records as (
    select distinct file_id, record_number from csv_lines where not is_record_start
),

glued as (
    select
        l.file_id,
        l.record_number,
        min(l.line_number) as line_number,
        string_agg(l.line_text, chr(10) order by l.line_number) as record_text,
        bool_or(l.is_invalid_utf8) as is_invalid_utf8
    from csv_lines as l
    semi join multi_line_records as m using (file_id, record_number)
    group by l.file_id, l.record_number
),

glued_valid as (
    select * from glued where ingest_csv_is_valid(ingest_csv_split(record_text))
),

records as (
    select l.file_id, l.line_number, l.line_text as record_text, l.is_invalid_utf8
    from csv_lines as l
    anti join glued_valid as g using (file_id, record_number)
    union all
    select file_id, line_number, record_text, is_invalid_utf8 from glued_valid
),

split as (
    select *, ingest_csv_split(record_text) as raw_fields
    from records
    where trim(record_text) <> '' and line_number > 1  -- blank lines are no rows; line 1 is the header
)

select
    file_id,
    line_number,
    case when ingest_csv_is_valid(raw_fields) then raw_fields end as fields,
    case
        when is_invalid_utf8 then 'INVALID_UTF8'
        when ingest_csv_is_valid(raw_fields) then null
        when (length(record_text) - length(replace(record_text, '"', ''))) % 2 = 1 then 'UNTERMINATED_QUOTE'
        else 'MALFORMED_QUOTING'
    end as read_code,
    case
        when is_invalid_utf8 then 'the line is not valid UTF-8; re-export the file as UTF-8'
        when ingest_csv_is_valid(raw_fields) then null
        when (length(record_text) - length(replace(record_text, '"', ''))) % 2 = 1
            then 'a quoted field is never closed; a quote inside a quoted field must be doubled ("")'
        else 'stray quote: a field must be either fully quoted ("...") or contain no quote character'
    end as read_message
from split;
