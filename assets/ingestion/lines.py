"""The physical lines of a text file, found with numpy, and staged into the temp table `stg_lines`.

Why: DuckDB's CSV reader does not return the line number of the rows it reads, and an unterminated quote
swallows the rest of the file into one rejected record. Indexing the bytes ourselves (vectorised over a
memory map) gives every physical line its number by construction, so every row of a file is accounted for.

Numbering: line 1 is the first line of the file (the header, for CSV); a leading UTF-8 BOM is skipped; the
line break (LF or CRLF) is not part of the line. For CSV, a quoted field may span lines: a line starts a new
record when the number of `"` characters before it in the file is even (RFC 4180 quoting, `""` escapes).
A multi-line record that does not parse (a stray or unterminated quote) is read again line by line
(sql/ingest/csv_records.sql), so one bad quote cannot swallow the rows after it. A blank line (nothing but
spaces or tabs) is no row.
"""

from __future__ import annotations

import mmap
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from assets.sql_files import load_sql

_WINDOW = 64 * 1024 * 1024  # bytes compared at once: bounds the temporary boolean arrays
_BOM = b"\xef\xbb\xbf"


class FileChangedError(RuntimeError):
    """A landing file was modified after it was hashed; it is loaded on the next run instead."""


@dataclass
class LineIndex:
    """Where each line of a file is, and what the CSV reader needs to know about it."""

    path: Path
    buffer: pa.Buffer  # the file's bytes (memory-mapped)
    starts: np.ndarray  # byte offset of each line
    next_starts: np.ndarray  # byte offset of the following line (line i = buffer[starts[i]:next_starts[i]])
    n_bytes: np.ndarray  # length without the line break
    n_quotes: np.ndarray
    is_blank: np.ndarray
    is_record_start: np.ndarray
    record_number: np.ndarray

    @property
    def n_lines(self) -> int:
        return len(self.starts)

    @property
    def has_multiline_records(self) -> bool:
        return not bool(self.is_record_start.all())


def _positions(arr: np.ndarray, *values: int) -> np.ndarray:
    """Offsets of every byte equal to one of `values`, computed window by window."""
    found = []
    for offset in range(0, len(arr), _WINDOW):
        window = arr[offset : offset + _WINDOW]
        mask = window == values[0]
        for value in values[1:]:
            mask |= window == value
        found.append(np.flatnonzero(mask) + offset)
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _per_line(starts: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """How many of `positions` fall into each line."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.bincount(np.searchsorted(starts, positions, side="right") - 1, minlength=len(starts))


def _blank_lines(arr: np.ndarray, starts: np.ndarray, n_bytes: np.ndarray) -> np.ndarray:
    """Which lines hold nothing but spaces and tabs (or nothing). A non-empty such line starts with a space or
    a tab, so the spaces and tabs of the file are only counted when some non-empty line starts with one."""
    is_empty = n_bytes == 0
    if not np.isin(arr[starts[~is_empty]], (32, 9)).any():
        return is_empty
    return n_bytes <= _per_line(starts, _positions(arr, 32, 9))


def _map(path: Path, size_bytes: int, mtime_ns: int) -> mmap.mmap | bytes:
    try:
        with path.open("rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size_bytes else b""
        stat = path.stat()
    except (OSError, ValueError) as exc:
        raise FileChangedError(
            f"{path} could not be read again ({exc}); it will be loaded on the next run"
        ) from exc
    if (stat.st_size, stat.st_mtime_ns) != (size_bytes, mtime_ns):
        raise FileChangedError(
            f"{path} changed while the run was reading it; it will be loaded on the next run"
        )
    return mapped


def index_lines(path: Path, size_bytes: int, mtime_ns: int, csv_quoting: bool) -> LineIndex:
    """Index the lines of `path`, which must still have the size and mtime it had when it was hashed."""
    mapped = _map(path, size_bytes, mtime_ns)
    buffer = pa.py_buffer(mapped)
    arr = np.frombuffer(buffer, dtype=np.uint8)
    first = len(_BOM) if bytes(arr[: len(_BOM)]) == _BOM else 0
    newlines = _positions(arr, 10)
    starts = np.concatenate(([first], newlines + 1)).astype(np.int64)
    if starts[-1] >= len(arr):
        starts = starts[:-1]  # the file ends with a line break (or is empty): no empty last line
    n = len(starts)
    next_starts = np.append(starts[1:], len(arr)).astype(np.int64)
    ends = next_starts.copy()
    if n:
        ends[: len(newlines)] = newlines[:n]  # line i ends at the i-th line break, the last one maybe at EOF
        has_cr = (ends > starts) & (arr[np.maximum(ends - 1, 0)] == 13)
        ends = ends - has_cr
    n_bytes = ends - starts
    n_quotes = _per_line(starts, _positions(arr, 34))
    is_blank = _blank_lines(arr, starts, n_bytes)
    # a line starts a record when the quotes before it are balanced (JSON Lines: every line is a record)
    is_record_start = (np.cumsum(n_quotes) - n_quotes) % 2 == 0 if csv_quoting else np.ones(n, dtype=bool)
    if isinstance(mapped, mmap.mmap):
        # The pages were only needed for the scan: let them go (they fault back in if a line is staged later),
        # so that a large file does not sit in the process's resident memory.
        mapped.madvise(mmap.MADV_DONTNEED)
    return LineIndex(
        path=path,
        buffer=buffer,
        starts=starts,
        next_starts=next_starts,
        n_bytes=n_bytes,
        n_quotes=n_quotes,
        is_blank=is_blank,
        is_record_start=is_record_start,
        record_number=np.cumsum(is_record_start),
    )


def create_stg_lines(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(load_sql("ingest/stg_lines"))


def _line_values(index: LineIndex, rows: np.ndarray | None) -> tuple[pa.Array, bool]:
    """The lines (with their line break; SQL strips it) as text when all are valid UTF-8, else as bytes."""
    offsets = pa.py_buffer(np.append(index.starts, index.next_starts[-1]).astype(np.int64))
    as_text = pa.LargeStringArray.from_buffers(index.n_lines, offsets, index.buffer)
    as_bytes = pa.Array.from_buffers(pa.large_binary(), index.n_lines, [None, offsets, index.buffer])
    if rows is not None:
        return as_bytes.take(pa.array(rows)), False  # a few lines: decoded one by one in SQL
    try:
        as_text.validate(full=True)
        return as_text, True
    except pa.ArrowInvalid:
        return as_bytes, False


def stage_lines(
    conn: duckdb.DuckDBPyConnection, file_id: str, index: LineIndex, line_numbers: np.ndarray | None = None
) -> None:
    """Append lines of the file to `stg_lines`: all of them, or only `line_numbers` (1-based)."""
    if index.n_lines == 0 or (line_numbers is not None and len(line_numbers) == 0):
        return
    rows = None if line_numbers is None else np.asarray(line_numbers, dtype=np.int64) - 1
    values, is_utf8 = _line_values(index, rows)
    picked = np.arange(index.n_lines) if rows is None else rows
    chunk = pa.table(
        {
            "line_number": picked + 1,
            "record_number": index.record_number[picked],
            "is_record_start": index.is_record_start[picked],
            "raw": values,
        }
    )
    conn.register("stg_line_chunk", chunk)
    try:
        sql = "ingest/stg_lines_insert_text" if is_utf8 else "ingest/stg_lines_insert_bytes"
        conn.execute(load_sql(sql), [file_id])
    finally:
        conn.unregister("stg_line_chunk")
