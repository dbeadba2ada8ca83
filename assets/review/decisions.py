"""Customer-service decisions fed back as files: landing/decisions/*.csv -> order_decisions.

Columns: channel, order_id, decision (release, cancel, substitute), substitute_sku, note, decided_by,
decided_at (ISO 8601; with an offset it is converted to UTC). The folder is read in full every run, so a
decision keeps applying until its file is removed; the latest decision per order wins.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from assets.intake.sqlrun import run_sql

DECISION_COLUMNS = ["channel", "order_id", "decision", "substitute_sku", "note", "decided_by", "decided_at"]
REQUIRED_COLUMNS = ["channel", "order_id", "decision", "decided_by", "decided_at"]


class DecisionFileError(ValueError):
    """A decisions file that cannot be read as the documented contract."""


def read_decision_files(folder: Path) -> pd.DataFrame:
    """All rows of folder/*.csv with their path; an empty frame when there are none."""
    frames = []
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frame.columns = [str(column).strip() for column in frame.columns]
        missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
        if missing:
            raise DecisionFileError(
                f"{path}: missing column(s) {missing}; a decisions file needs the header "
                f"{','.join(DECISION_COLUMNS)} (see docs/review.md)"
            )
        frame = frame.reindex(columns=DECISION_COLUMNS, fill_value="")
        frame["source_path"] = path.name
        frames.append(frame)
    if not frames:
        return pd.DataFrame(
            {column: pd.Series(dtype=object) for column in [*DECISION_COLUMNS, "source_path"]}
        )
    rows = pd.concat(frames, ignore_index=True)
    stamps = pd.to_datetime(rows["decided_at"], utc=True, errors="coerce", format="ISO8601")
    rows["decided_at"] = stamps.dt.tz_localize(None)
    rows = rows.astype({column: object for column in DECISION_COLUMNS if column != "decided_at"})
    return rows.replace({"": None})


def write_decisions(conn: duckdb.DuckDBPyConnection, rows: pd.DataFrame, now: datetime) -> int:
    """Judge every decision row (applied or ignored, with the reason) and replace order_decisions."""
    conn.execute("begin")
    try:
        conn.register("decision_rows_df", rows)
        conn.execute("create or replace temp table decision_rows as select * from decision_rows_df")
        conn.unregister("decision_rows_df")
        run_sql(conn, "review/order_decisions", {"now": now})
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    row = conn.execute("select count(*) from order_decisions").fetchone()
    return int(row[0]) if row else 0
