-- A chunk with invalid UTF-8 somewhere: decode line by line. A line that cannot be decoded keeps its text with
-- the bad bytes escaped, so that its fields (and the order it belongs to) can still be recognised.
insert into stg_lines
with decoded as (
    select line_number, record_number, is_record_start, raw, try(decode(raw)) as text_or_null
    from stg_line_chunk
)

select
    $1 as file_id,
    line_number,
    record_number,
    is_record_start,
    rtrim(text_or_null, chr(13) || chr(10)) as line_text,
    case when text_or_null is null then rtrim(cast(raw as varchar), chr(13) || chr(10)) end as escaped_text
from decoded;
