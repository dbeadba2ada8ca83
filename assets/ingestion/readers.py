"""Read the new files of one kind into `stg_fields`: a VARCHAR column per contract column, a row per data row.

Nothing is type-sniffed: CSV and JSON Lines go through the exact line reader (lines.py) and are split in SQL;
Parquet columns are cast to VARCHAR. Typing happens afterwards, in one place (sqlgen.typed_sql). Every data
row of every file lands in stg_fields, with a read code when it could not be read, so nothing goes missing.

Line numbers: CSV and JSON Lines, the physical line in the file (line 1 = the CSV header); Parquet, the row's
position in the file starting at 1 (Parquet has no header line); 0 for a file that cannot be opened at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np

from assets.ingestion.contracts import TableContract
from assets.ingestion.csv_fast import native_part_sql, read_native, type_in_one_pass
from assets.ingestion.lines import LineIndex, create_stg_lines, index_lines, stage_lines
from assets.ingestion.sqlgen import (
    ident,
    parquet_projection_sql,
    stg_fields_parquet_ddl,
    stg_fields_view_sql,
    typed_sql,
)
from assets.sql_files import load_sql


@dataclass(frozen=True)
class FileToRead:
    file_id: str
    abs_path: Path
    file_format: str
    size_bytes: int
    mtime_ns: int


def _contract_lists(contract: TableContract) -> tuple[list[str], list[str]]:
    names = [c.source for c in contract.columns]
    required = [c.source for c in contract.columns if c.is_required_column]
    return names, required


@dataclass
class ReadResult:
    indexes: dict[str, LineIndex]  # line index of each text file (the quarantine takes excerpts from it)
    # per slot: SELECT of a CSV file read by DuckDB's reader (stg_fields layout), and its number of lines
    native_parts: dict[int, tuple[str, int]]
    # CSV files read and typed by DuckDB's reader in one pass (already in stg_typed)
    one_pass_file_ids: list[str] = field(default_factory=list)


def read_files(
    conn: duckdb.DuckDBPyConnection,
    contract: TableContract,
    files: Sequence[FileToRead],
    native_csv: bool = True,
) -> ReadResult:
    """Stage every file (any mix of formats; stg_files must list them), create stg_typed and define the view
    stg_fields.

    Clean CSV files are typed straight into stg_typed (csv_fast.type_in_one_pass). The view covers the files
    of the reference reader; the other files read by DuckDB's CSV reader are returned as separate parts
    (typed a group at a time, see batch.py); the caller types both into stg_typed.

    CSV files go through DuckDB's reader when csv_fast can prove it agrees with the line index (and
    `native_csv` allows it), else through the reference reader; JSON Lines always through the reference
    reader (lines parsed with DuckDB's JSON functions).
    """
    conn.execute(load_sql("ingest/macros"))
    create_stg_lines(conn)
    conn.execute(load_sql("ingest/stg_headers"))
    conn.execute(stg_fields_parquet_ddl(contract))
    conn.execute(typed_sql(contract, source="select * from stg_fields_parquet limit 0"))  # empty stg_typed
    names, required = _contract_lists(contract)
    indexes: dict[str, LineIndex] = {}
    for f in files:
        if f.file_format == "parquet":
            _read_parquet(conn, contract, f)
            continue
        index = index_lines(f.abs_path, f.size_bytes, f.mtime_ns, csv_quoting=f.file_format == "csv")
        indexes[f.file_id] = index
        # JSON Lines: every line; CSV: the header line now, the rest below
        stage_lines(conn, f.file_id, index, None if f.file_format == "jsonl" else np.array([1]))
    conn.execute(load_sql("ingest/csv_headers"), [names, required])
    conn.execute(load_sql("ingest/jsonl_headers"), [names, required])
    headers = {
        file_id: (header_names, positions)
        for file_id, header_names, positions in conn.execute(
            "select file_id, names, positions from stg_headers"
        ).fetchall()
    }
    native_parts: dict[int, tuple[str, int]] = {}
    one_pass: list[str] = []
    # DuckDB's rows are numbered by their order in the file: only trusted while DuckDB keeps that order
    keeps_order = conn.execute("select current_setting('preserve_insertion_order')").fetchall()[0][0]
    native_csv = native_csv and bool(keeps_order)
    csv_files = [f for f in files if f.file_format == "csv" and f.file_id in headers]  # not the empty ones
    for slot, f in enumerate(csv_files):
        index = indexes[f.file_id]
        header_names, positions = headers[f.file_id]
        if native_csv and type_in_one_pass(
            conn, contract, slot, f.file_id, index, positions, len(header_names)
        ):
            one_pass.append(f.file_id)
            continue
        rejected = read_native(conn, slot, f.file_id, index, len(header_names)) if native_csv else None
        if rejected is None:
            stage_lines(conn, f.file_id, index, np.arange(2, index.n_lines + 1))
        else:
            stage_lines(conn, f.file_id, index, rejected)
            native_parts[slot] = (native_part_sql(slot, positions, names), index.n_lines)
    conn.execute(load_sql("ingest/csv_records"))
    conn.execute(stg_fields_view_sql(contract))
    return ReadResult(indexes, native_parts, one_pass)


def stage_quarantined_lines(conn: duckdb.DuckDBPyConnection, indexes: dict[str, LineIndex]) -> None:
    """Stage the text of the quarantined rows of text files (for their raw excerpt) from the line index."""
    missing = conn.execute(
        "select o.file_id, list(o.line_number order by o.line_number) from stg_outcomes as o"
        " where o.outcome = 'quarantined' and o.line_number > 0 and list_contains(?::varchar[], o.file_id)"
        " and not exists (select 1 from stg_lines as l where l.file_id = o.file_id"
        " and l.line_number = o.line_number) group by o.file_id",
        [list(indexes)],
    ).fetchall()
    for file_id, line_numbers in missing:
        stage_lines(conn, file_id, indexes[file_id], np.array(line_numbers, dtype=np.int64))


def _read_parquet(conn: duckdb.DuckDBPyConnection, contract: TableContract, f: FileToRead) -> None:
    names, required = _contract_lists(contract)
    try:
        described = conn.execute("describe select * from read_parquet(?)", [str(f.abs_path)]).fetchall()
    except duckdb.Error as exc:
        _unreadable(conn, contract, f, exc)
        return
    available = [row[0] for row in described]
    missing = [n for n in required if n not in available]
    unknown = [n for n in available if n not in names]
    positions = [available.index(n) + 1 if n in available else None for n in names]
    conn.execute(
        "insert into stg_headers values (?, ?, ?, ?, ?, null)",
        [f.file_id, available, positions, missing, unknown],
    )
    code = "MISSING_COLUMN" if missing else None
    message = (
        f"the file has no column {', '.join(missing)}; every file needs the columns of the contract"
        " in docs/landing_files.md"
        if missing
        else None
    )
    try:
        conn.execute(
            parquet_projection_sql(contract, set(available)), [f.file_id, str(f.abs_path), code, message]
        )
    except duckdb.Error as exc:
        _unreadable(conn, contract, f, exc)


def _unreadable(
    conn: duckdb.DuckDBPyConnection, contract: TableContract, f: FileToRead, exc: Exception
) -> None:
    """A file that cannot be opened counts as one unreadable row at line 0, so it is never silently lost."""
    conn.execute("delete from stg_fields_parquet where file_id = ?", [f.file_id])
    reason = str(exc).replace(str(f.abs_path), f.abs_path.name)  # the message must not depend on the folder
    first = ident(contract.columns[0].source)
    conn.execute(
        f"insert into stg_fields_parquet (file_id, line_number, read_code, read_message, {first})"
        " values (?, 0, ?, ?, null)",
        [f.file_id, "UNREADABLE_FILE", f"the file cannot be read as {f.file_format}: {reason[:300]}"],
    )
