"""Read a generated sample back from its files only (as the pipeline would), for the generator's tests.

Everything here is an independent reading of the contract (docs/landing_files.md) and the rules in
docs/sample_data.md: the tests never reuse the generator's own arithmetic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from assets.sql_files import ensure_schema

SMALL = {"orders": 3000, "warehouses": 6, "skus": 400, "days": 21, "seed": 7}


def cents(text: pd.Series) -> pd.Series:
    """'129.90' -> 12990 exactly (via Decimal, not float)."""
    return text.map(lambda v: int(Decimal(str(v)) * 100) if v not in ("", None) and v == v else 0).astype(
        "int64"
    )


def epoch(text: pd.Series) -> pd.Series:
    """ISO-8601 with offset -> epoch seconds (UTC)."""
    stamps = pd.to_datetime(text, utc=True, format="ISO8601")
    return (stamps - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)


def _read_order_file(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    elif path.suffix == ".jsonl":
        frame = pd.read_json(path, lines=True, dtype=False)
        frame["quantity"] = frame["quantity"].map(lambda q: format(Decimal(str(q)).normalize(), "f"))
        frame = frame.astype(object).where(frame.notna(), "").astype(str)
    else:
        table = pq.read_table(path)
        frame = table.to_pandas()
        for column in ("ordered_at", "paid_at", "exported_at"):
            stamp = pd.to_datetime(frame[column])
            frame[column] = stamp.map(lambda t: t.isoformat() if t == t else "")
        frame["quantity"] = frame["quantity"].map(lambda q: format(q.normalize(), "f"))
        frame = frame.astype(object).where(frame.notna(), "").astype(str)
    frame["file"] = path.name
    return frame


@dataclass
class Sample:
    """A generated sample folder (landing/ and _truth/)."""

    root: Path

    @cached_property
    def manifest(self) -> dict:
        return json.loads((self.root / "_truth" / "manifest.json").read_text(encoding="utf-8"))

    @cached_property
    def order_rows(self) -> pd.DataFrame:
        files = sorted((self.root / "landing" / "orders").iterdir())
        rows = pd.concat([_read_order_file(p) for p in files], ignore_index=True)
        rows["qty"] = rows["quantity"].astype(float)
        for column in ("unit_price", "order_discount", "shipping_fee", "paid_amount"):
            rows[f"{column}_cents"] = cents(rows[column])
        rows["ordered_s"] = epoch(rows["ordered_at"])
        rows["line_no"] = rows["line_no"].astype(int)
        return rows

    def master(self, table: str) -> pd.DataFrame:
        return pd.read_csv(
            self.root / "landing" / "master" / f"{table}.csv", dtype=str, keep_default_na=False
        )

    def stock(self, pattern: str) -> pd.DataFrame:
        parts = []
        for path in sorted((self.root / "landing" / "stock").glob(pattern)):
            if path.suffix == ".parquet":
                frame = pq.read_table(path).to_pandas()
                for column in frame.columns:
                    if isinstance(frame[column].dtype, pd.DatetimeTZDtype):
                        frame[column] = frame[column].map(lambda t: t.isoformat())
                frame = frame.astype(str)
            else:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            parts.append(frame)
        return pd.concat(parts, ignore_index=True)

    @cached_property
    def order_truth(self) -> pd.DataFrame:
        return pd.read_csv(self.root / "_truth" / "order_anomalies.csv", dtype=str, keep_default_na=False)

    @cached_property
    def stock_truth(self) -> pd.DataFrame:
        frame = pd.read_csv(self.root / "_truth" / "stock_variances.csv", dtype=str, keep_default_na=False)
        frame["units"] = frame["units"].astype(int)
        return frame


def movement_signs() -> pd.DataFrame:
    """movement_types as the schema defines them (the contract's source of truth)."""
    conn = duckdb.connect()
    ensure_schema(conn)
    frame = conn.execute("select * from movement_types").df()
    conn.close()
    return frame.set_index("movement_type")


def schema_columns(table: str) -> list[str]:
    conn = duckdb.connect()
    ensure_schema(conn)
    rows = conn.execute(
        "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    conn.close()
    return [r[0] for r in rows]


def as_int(series: pd.Series) -> np.ndarray:
    return series.astype(int).to_numpy()
