"""SQL whose column lists depend on a file contract (the set logic itself lives in sql/ingest/*.sql).

Identifiers come only from code: the constants in contracts.py and the DuckDB catalog of our own schema, and
are quoted. Values are never spliced into SQL: they are bound parameters, or (reason messages) built by SQL
from the row at run time.
"""

from __future__ import annotations

from assets.ingestion.contracts import ColumnSpec, TableContract

MAX_FIELD_BYTES = 10_000  # no contract value is anywhere near this; a longer field is a broken export

_BAD_VALUE = {
    "integer": ("BAD_INTEGER", "is not an integer"),
    "int32": ("BAD_INTEGER", "is not an integer in the 32-bit range"),
    "decimal4": (
        "BAD_NUMBER",
        "is not a plain decimal number (at most 4 decimals; no NaN, Infinity or exponent)",
    ),
    "money": ("BAD_MONEY", "is not an amount with at most two decimals"),
    "double": ("BAD_NUMBER", "is not a finite number"),
    "boolean": ("BAD_BOOLEAN", "is not true/false/1/0"),
    "timestamp": ("BAD_TIMESTAMP", "is not an ISO 8601 timestamp such as 2026-11-20T10:15:00+08:00"),
}


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    """A SQL string literal for text that comes from code (column names, fixed messages), never from data."""
    return "'" + text.replace("'", "''") + "'"


def stg_fields_parquet_ddl(contract: TableContract) -> str:
    columns = ",\n    ".join(f"{ident(c.source)} varchar" for c in contract.columns)
    return (
        "create or replace temp table stg_fields_parquet (\n    file_id varchar not null,\n"
        "    line_number bigint not null,\n    read_code varchar,\n    read_message varchar,\n"
        f"    {columns}\n);"
    )


HEADER_CODE_SQL = (
    "case when h.header_problem is not null or len(h.missing_columns) > 0 then 'MISSING_COLUMN' end"
)
HEADER_MESSAGE_SQL = (
    "case when h.header_problem is not null then h.header_problem"
    " when len(h.missing_columns) > 0"
    " then 'the file has no column ' || array_to_string(h.missing_columns, ', ')"
    " || '; every file needs the columns of the contract in docs/landing_files.md' end"
)


def _csv_part(contract: TableContract) -> str:
    fields = ",\n        ".join(
        f"r.fields[h.positions[{i}]] as {ident(c.source)}" for i, c in enumerate(contract.columns, start=1)
    )
    return f"""
    select
        r.file_id,
        r.line_number,
        coalesce({HEADER_CODE_SQL}, r.read_code,
            case when len(r.fields) <> len(h.names) then 'RAGGED_ROW' end) as read_code,
        coalesce({HEADER_MESSAGE_SQL}, r.read_message,
            case when len(r.fields) <> len(h.names) then 'expected ' || len(h.names)
                || ' fields as in the header, found ' || len(r.fields) end) as read_message,
        {fields}
    from stg_csv_records as r
    join stg_headers as h using (file_id)"""


def _jsonl_part(contract: TableContract) -> str:
    paths = ", ".join(_literal('$."' + c.source.replace('"', '\\"') + '"') for c in contract.columns)
    fields = ",\n        ".join(
        f"v.vals[{i}] as {ident(c.source)}" for i, c in enumerate(contract.columns, start=1)
    )
    return f"""
    select
        v.file_id,
        v.line_number,
        coalesce({HEADER_CODE_SQL}, v.line_code) as read_code,
        coalesce({HEADER_MESSAGE_SQL}, case v.line_code
            when 'INVALID_UTF8' then 'the line is not valid UTF-8; re-export the file as UTF-8'
            when 'MALFORMED_JSON' then 'the line is not valid JSON'
            when 'NOT_AN_OBJECT' then 'the line is JSON but not an object with the contract fields' end
        ) as read_message,
        {fields}
    from (
        select
            *,
            case when line_code is null then json_extract_string(text, [{paths}]) end as vals
        from (
            select
                file_id,
                line_number,
                text,
                -- json_type raises on invalid JSON and AND does not short-circuit: nested cases
                case
                    when is_invalid_utf8 then 'INVALID_UTF8'
                    when not json_valid(text) then 'MALFORMED_JSON'
                    when json_type(text) <> 'OBJECT' then 'NOT_AN_OBJECT'
                end as line_code
            from (
                select
                    l.file_id,
                    l.line_number,
                    l.line_text is null as is_invalid_utf8,
                    -- an undecodable line is still read (bad bytes escaped as \\xFF) so its order is known
                    coalesce(l.line_text, replace(l.escaped_text, '\\x', '\\\\x')) as text
                from stg_lines as l
                semi join stg_files as f on f.file_id = l.file_id and f.file_format = 'jsonl'
                where trim(coalesce(l.line_text, l.escaped_text)) <> ''
            )
        )
    ) as v
    left join stg_headers as h using (file_id)"""


def stg_fields_view_sql(contract: TableContract) -> str:
    """stg_fields: the data rows of the reference reader's files, one VARCHAR column per contract column."""
    parts = [_csv_part(contract), _jsonl_part(contract), "\n    select * from stg_fields_parquet"]
    return "create or replace temp view stg_fields as" + "\n    union all".join(parts)


def parquet_projection_sql(contract: TableContract, available: set[str]) -> str:
    """Insert a Parquet file into stg_fields_parquet ($1 file id, $2 path, $3/$4 file-level code/message)."""
    fields = ",\n    ".join(
        f"cast({ident(c.source)} as varchar) as {ident(c.source)}"
        if c.source in available
        else f"null::varchar as {ident(c.source)}"
        for c in contract.columns
    )
    return f"""
insert into stg_fields_parquet
select
    $1 as file_id,
    file_row_number + 1 as line_number,
    $3::varchar as read_code,
    $4::varchar as read_message,
    {fields}
from read_parquet($2, file_row_number = true)
"""


def _error_branches(c: ColumnSpec) -> list[str]:
    src, tgt, name = ident(f"src__{c.source}"), ident(c.target), c.source
    branches = [
        f"when strlen({src}) > {MAX_FIELD_BYTES} then {{'code': 'FIELD_TOO_LONG', 'message': "
        f"{_literal(name + ': a value of ')} || strlen({src}) || "
        f"{_literal(f' bytes exceeds the {MAX_FIELD_BYTES}-byte limit')}}}"
    ]
    if c.is_value_required:
        branches.append(
            f"when {tgt} is null and ingest_text({src}) is null then {{'code': 'MISSING_VALUE', "
            f"'message': {_literal(name + ' is empty; every row needs a value')}}}"
        )
    if c.parser in _BAD_VALUE:
        code, what = _BAD_VALUE[c.parser]
        prefix, suffix = _literal(f'{name}: "'), _literal(f'" {what}')
        branches.append(
            f"when {tgt} is null and ingest_text({src}) is not null then {{'code': {_literal(code)}, "
            f"'message': {prefix} || left({src}, 60) || {suffix}}}"
        )
    return branches


def typed_sql(contract: TableContract, source: str = "select * from stg_fields", create: bool = True) -> str:
    """stg_typed: every row of `source` (stg_fields layout) with typed target columns and its first problem.

    `create` makes the table; otherwise the rows are appended (one natively read file at a time, so that
    its untyped copy can be dropped right after).
    """
    parsed = ",\n        ".join(
        f"{ident(c.source)} as {ident('src__' + c.source)}, "
        f"ingest_{c.parser}({ident(c.source)}) as {ident(c.target)}"
        for c in contract.columns
    )
    branches = [b for c in contract.columns for b in _error_branches(c)]
    branches += [
        f"when not coalesce(({check.condition}), true) then {{'code': {_literal(check.reason_code)}, "
        f"'message': {_literal(check.message)}}}"
        for check in contract.checks
    ]
    targets = ", ".join(ident(c.target) for c in contract.columns)
    key_parts = [f"cast({ident(k)} as varchar)" for k in contract.key]
    key = (
        f"case when coalesce({', '.join(key_parts)}) is not null then "
        + " || '/' || ".join(f"coalesce({p}, '')" for p in key_parts)
        + " end"
    )
    target = "create or replace temp table stg_typed as" if create else "insert into stg_typed"
    return f"""
{target}
with parsed as (
    select
        file_id,
        line_number,
        read_code,
        read_message,
        {parsed}
    from ({source})
),

judged as (
    select
        *,
        case
            when read_code is not null then {{'code': read_code, 'message': read_message}}
            {chr(10).join("            " + b for b in branches).lstrip()}
        end as problem
    from parsed
)

select
    file_id,
    line_number,
    {targets},
    problem.code as error_code,
    problem.message as error_message,
    -- only a quarantined row needs its key as text here (keyed tables compute it for valid rows)
    case when problem is not null then {key} end as record_key
from judged
"""


def row_hash_sql(contract: TableContract, alias: str) -> str:
    """md5 over the typed values of a row: equal hashes mean the same delivered values."""
    parts = ", ".join(
        f"coalesce(cast({alias}.{ident(c.target)} as varchar), chr(0))" for c in contract.columns
    )
    return f"md5(concat_ws(chr(31), {parts}))"


def _key_sql(contract: TableContract, alias: str) -> str:
    """The record key as text, e.g. `SH01/SKU-1`: key columns joined by '/'."""
    return " || '/' || ".join(f"coalesce(cast({alias}.{ident(k)} as varchar), '')" for k in contract.key)


def keyed_rows_sql(contract: TableContract) -> str:
    """stg_keyed: the valid typed rows with the hash of their values."""
    return f"""
create or replace temp table stg_keyed as
select file_id, line_number, {_key_sql(contract, "s")} as record_key, {row_hash_sql(contract, "s")} as row_md5
from stg_typed as s
where error_code is null
"""


def existing_rows_sql(contract: TableContract) -> str:
    """stg_existing: the rows already in the target table under a key that this batch delivers again."""
    on = " and ".join(f"t.{ident(k)} = s.{ident(k)}" for k in contract.key)
    key = _key_sql(contract, "t")
    return f"""
create or replace temp table stg_existing as
select distinct {key} as record_key, {row_hash_sql(contract, "t")} as row_md5, t.source_file_id
from {ident(contract.table)} as t
semi join stg_typed as s on {on}
"""


def insert_loaded_sql(contract: TableContract, with_source_file: bool) -> str:
    """Insert the rows classified `loaded` (stg_outcomes) into the target table; fixed values are $1..$n."""
    columns = [ident(c.target) for c in contract.columns]
    values = [f"s.{ident(c.target)}" for c in contract.columns]
    if with_source_file:
        columns.append("source_file_id")
        values.append("s.file_id")
    for i, name in enumerate(contract.fixed_values, start=1):
        columns.append(ident(name))
        values.append(f"${i}")
    return f"""
insert into {ident(contract.table)} ({", ".join(columns)})
select {", ".join(values)}
from stg_typed as s
semi join stg_outcomes as o
    on o.file_id = s.file_id and o.line_number = s.line_number and o.outcome = 'loaded'
"""


def excerpt_sql(contract: TableContract) -> str:
    """stg_excerpts: the delivered values of quarantined Parquet rows (they have no text line)."""
    values = ", ".join(f"coalesce(f.{ident(c.source)}, '')" for c in contract.columns)
    return f"""
create or replace temp table stg_excerpts as
select
    f.file_id,
    f.line_number,
    case when coalesce({", ".join(f"f.{ident(c.source)}" for c in contract.columns)}) is not null
        then left(concat_ws(',', {values}), 500) end as raw_excerpt
from stg_fields_parquet as f
semi join stg_outcomes as o
    on o.file_id = f.file_id and o.line_number = f.line_number and o.outcome = 'quarantined'
"""
