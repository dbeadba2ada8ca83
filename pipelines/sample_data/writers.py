"""Deterministic file writers: CSV (pyarrow), JSON Lines (DuckDB, one thread) and Parquet (fixed options)."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipelines.sample_data.formats import arrow, money

UTF8_BOM = b"\xef\xbb\xbf"


def needs_quotes(table: pa.Table) -> bool:
    """Does any string value contain a comma, quote or line break?

    Scans the raw UTF-8 bytes of every string column (ASCII separators never occur inside multi-byte
    characters); bytes outside a sliced array can only cause a false alarm, which merely adds quotes."""
    for column in table.columns:
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            continue
        for chunk in column.chunks:
            data = chunk.buffers()[2]
            if data is None:
                continue
            raw = np.frombuffer(data, dtype=np.uint8)
            if ((raw == 44) | (raw == 34) | (raw == 10) | (raw == 13)).any():
                return True
    return False


def write_csv(path: Path, table: pa.Table, bom: bool = False, quoted: bool | None = None) -> None:
    """Header plus rows, comma-separated, nulls as empty fields, quotes only when a value needs them.

    `quoted`: whether some value needs quotes, when the caller already knows (None: check here)."""
    prefix = UTF8_BOM if bom else b""
    if needs_quotes(table) if quoted is None else quoted:
        # Arrow would quote every string; pandas quotes only the values that need it (small tables only:
        # the large exports never contain separators).
        plain = pa.table(
            {
                name: pc.if_else(column, "true", "false") if pa.types.is_boolean(column.type) else column
                for name, column in zip(table.column_names, table.columns, strict=True)
            }
        )
        text = plain.to_pandas(types_mapper=pd.ArrowDtype).to_csv(index=False, lineterminator="\n")
        path.write_bytes(prefix + text.encode("utf-8"))
        return
    buffer = io.BytesIO()
    if table.num_rows:
        pacsv.write_csv(table, buffer, pacsv.WriteOptions(quoting_style="none", include_header=False))
    # Arrow quotes header names; the contract's column names never need quotes, so write them plainly.
    header = (",".join(table.column_names) + "\n").encode("utf-8")
    path.write_bytes(prefix + header + buffer.getvalue())


def write_jsonl(parts: list[tuple[Path, int, int]], table: pa.Table, numeric: tuple[str, ...] = ()) -> None:
    """One JSON object per line; `numeric` string columns (e.g. "1.5") are written as JSON numbers.

    `parts` are (path, first row, row count): the table is rendered once by DuckDB (one thread, so rows
    keep their order) and cut at line ends into the files, which saves DuckDB's per-file start-up cost."""
    if not parts:
        return
    scratch = parts[0][0].with_name(".render.jsonl")
    connection = duckdb.connect(config={"threads": 1})
    try:
        connection.execute("set enable_progress_bar = false")  # keep stdout for our own progress lines
        connection.register("export_rows", table)
        fields = ", ".join(
            f'cast("{c}" as json) as "{c}"' if c in numeric else f'"{c}"' for c in table.column_names
        )  # identifiers come from the fixed column list of the contract, never from data
        connection.execute(f"copy (select {fields} from export_rows) to '{scratch.as_posix()}' (format json)")
    finally:
        connection.close()
    data = scratch.read_bytes()
    scratch.unlink()
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n")) + 1  # JSON escapes raw newlines
    starts = np.concatenate([[0], ends[:-1]])
    for path, first, count in parts:
        path.write_bytes(data[starts[first] : ends[first + count - 1]])


def write_parquet(path: Path, table: pa.Table) -> None:
    """Parquet with fixed writer options (zstd, no pandas metadata), so equal tables give equal bytes."""
    pq.write_table(
        table.replace_schema_metadata(None),
        path,
        compression="zstd",
        compression_level=3,
        use_dictionary=True,
        write_statistics=True,
        version="2.6",
        data_page_version="1.0",
    )


def master_table(frame: pd.DataFrame) -> pa.Table:
    """A reference table as the contract wants it: `*_cents` -> major units without the suffix,
    lists joined with ';', booleans true/false, other values as they are."""
    data: dict[str, pa.Array] = {}
    for column in frame.columns:
        values = frame[column]
        if column.endswith("_cents"):
            present = values.notna().to_numpy()
            text = money(values.fillna(0).to_numpy(dtype="int64"))
            data[column.removesuffix("_cents")] = pc.if_else(
                pa.array(present), text, pa.scalar(None, pa.string())
            )
        elif values.dtype == object and values.map(lambda v: isinstance(v, list)).any():
            data[column] = pa.array(
                [";".join(v) if isinstance(v, list) else None for v in values], pa.string()
            )
        else:
            data[column] = arrow(values) if values.dtype == "str" else pa.array(values, from_pandas=True)
    return pa.table(data)


def write_master(folder: Path, name: str, frame: pd.DataFrame) -> int:
    table = master_table(frame)
    write_csv(folder / f"{name}.csv", table)
    return table.num_rows
