-- Physical lines of the text files being loaded in this run (temporary: lives in the loading connection).
create or replace temp table stg_lines (
    file_id          varchar not null,
    line_number      bigint not null,    -- physical line, 1 = first line of the file
    record_number    bigint not null,    -- CSV record the line belongs to (a quoted field may span lines)
    is_record_start  boolean not null,
    line_text        varchar,            -- without the line break; null when the line is not valid UTF-8
    escaped_text     varchar             -- a line that is not valid UTF-8, with its bad bytes escaped (\xFF)
);
