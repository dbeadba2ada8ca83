"""Stock files of the contract: daily ledger files (CSV, every seventh day Parquet), daily cycle counts,
and the channel snapshot, reservations and incident reports as of the snapshot time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data.config import LOCAL_OFFSET_S
from pipelines.sample_data.formats import local_time
from pipelines.sample_data.stock_tables import StockTables
from pipelines.sample_data.writers import needs_quotes, write_csv, write_parquet

DAY = 86_400
MOVEMENT_COLUMNS = [
    "movement_id",
    "occurred_at",
    "warehouse_code",
    "bin_code",
    "sku",
    "movement_type",
    "quantity",
    "reference_type",
    "reference_id",
]
PARQUET_EVERY = 7


def _local_day(seconds: np.ndarray) -> np.ndarray:
    return (np.asarray(seconds) + LOCAL_OFFSET_S) // DAY


def _date_text(day: int) -> str:
    return str(np.datetime64(int(day), "D"))


def _table(frame: pd.DataFrame, time_columns: dict[str, str], columns: list[str]) -> pa.Table:
    data = {}
    for column in columns:
        source = next((s for s, t in time_columns.items() if t == column), None)
        if source is not None:
            present = frame[source].notna().to_numpy()
            text = local_time(frame[source].fillna(0).to_numpy(dtype=np.int64))
            data[column] = (
                text
                if present.all()
                else pa.array(np.where(present, text.to_numpy(zero_copy_only=False), None), pa.string())
            )
        else:
            data[column] = pa.array(frame[column].to_numpy(), from_pandas=True)
    return pa.table(data)


def write_stock_files(folder: Path, tables: StockTables, snapshot_s: int) -> dict[str, int]:
    files: dict[str, int] = {}
    moves = tables.movements
    occurred = moves["occurred_s"].to_numpy()
    day = _local_day(occurred)
    text = pa.table(
        {
            "movement_id": moves["movement_id"],
            "occurred_at": local_time(occurred),
            **{c: moves[c] for c in MOVEMENT_COLUMNS[2:6]},
            "quantity": pc.cast(moves["quantity"], pa.string()),
            "reference_type": moves["reference_type"],
            "reference_id": moves["reference_id"],
        }
    )
    quoted = needs_quotes(text)
    bounds = np.flatnonzero(np.diff(day)) + 1
    for k, chunk in enumerate(np.split(np.arange(len(day)), bounds)):  # one file per local day
        first, count = int(chunk[0]), len(chunk)
        date = _date_text(day[first])
        if k % PARQUET_EVERY == PARQUET_EVERY - 1:
            name = f"movements_{date}.parquet"
            part = moves.slice(first, count)
            typed = {
                "movement_id": part["movement_id"],
                "occurred_at": pc.cast(part["occurred_s"], pa.timestamp("s", tz="+08:00")),
                **{c: part[c] for c in MOVEMENT_COLUMNS[2:6]},
                "quantity": pc.cast(part["quantity"], pa.int32()),
                "reference_type": part["reference_type"],
                "reference_id": part["reference_id"],
            }
            write_parquet(folder / name, pa.table(typed))
        else:
            name = f"movements_{date}.csv"
            write_csv(folder / name, text.slice(first, count), quoted=quoted)
        files[f"stock/{name}"] = count

    counts = tables.cycle_counts
    cday = _local_day(counts["counted_s"].to_numpy())
    for d in np.unique(cday):  # one file per local day with counts
        part = counts.loc[cday == d]
        name = f"cycle_counts_{_date_text(d)}.csv"
        write_csv(
            folder / name,
            _table(
                part,
                {"counted_s": "counted_at"},
                [
                    "count_id",
                    "counted_at",
                    "warehouse_code",
                    "bin_code",
                    "sku",
                    "counted_units",
                    "counter_id",
                ],
            ),
        )
        files[f"stock/{name}"] = len(part)

    stamp = _date_text(_local_day(np.array([snapshot_s]))[0])
    singles = {
        f"channel_stock_{stamp}.csv": (
            tables.channel_stock,
            {"snapshot_s": "snapshot_at"},
            ["snapshot_at", "channel", "warehouse_code", "sku", "sellable_units"],
        ),
        f"reservations_{stamp}.csv": (
            tables.reservations,
            {"reserved_s": "reserved_at"},
            [
                "reservation_id",
                "channel",
                "order_id",
                "line_no",
                "warehouse_code",
                "sku",
                "reserved_units",
                "reserved_at",
                "status",
            ],
        ),
        f"incident_reports_{stamp}.csv": (
            tables.incidents,
            {"reported_s": "reported_at"},
            [
                "incident_id",
                "reported_at",
                "warehouse_code",
                "bin_code",
                "sku",
                "incident_type",
                "units",
                "status",
                "posted_movement_id",
            ],
        ),
    }
    for name, (frame, times, columns) in singles.items():
        write_csv(folder / name, _table(frame, times, columns))
        files[f"stock/{name}"] = len(frame)
    return files
