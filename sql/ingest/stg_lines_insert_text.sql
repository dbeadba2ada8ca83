-- A chunk whose bytes are valid UTF-8 (the common case): no per-line decoding needed.
insert into stg_lines
select
    $1 as file_id,
    line_number,
    record_number,
    is_record_start,
    rtrim(raw, chr(13) || chr(10)) as line_text,
    null as escaped_text
from stg_line_chunk;
