"""Ground truth beside the landing folder: what was injected where, and a manifest of the run."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from pipelines.sample_data.config import GeneratorConfig
from pipelines.sample_data.injection import TRUTH_COLUMNS
from pipelines.sample_data.writers import write_csv

ORDER_ANOMALIES = (
    "unknown_sku",
    "inactive_sku",
    "qty_zero",
    "qty_negative",
    "qty_fractional",
    "incomplete_address",
    "invalid_phone",
    "paid_amount_mismatch",
    "coupon_expired",
    "coupon_min_spend_not_met",
    "coupon_ineligible",
    "coupon_limit_exceeded",
    "promotion_overdiscount",
    "brushing",
    "duplicate_redelivered_file",
    "duplicate_in_other_file",
    "duplicate_changed_payload",
    "stock_out",
)
STOCK_CAUSES = (
    "returns_awaiting_restock",
    "unposted_damage",
    "unposted_shrinkage",
    "transfer_in_transit",
    "reservation",
    "count_adjustment_after_snapshot",
    "unexplained_shrinkage",
)
GENERATOR_VERSION = "1"


def write_order_truth(folder: Path, truth: pd.DataFrame) -> int:
    frame = truth[TRUTH_COLUMNS].sort_values(["anomaly", "channel", "order_id", "line_no"], kind="mergesort")
    table = pa.table(
        {
            "channel": pa.array(frame["channel"].to_numpy(dtype=object), pa.string()),
            "order_id": pa.array(frame["order_id"].to_numpy(dtype=object), pa.string()),
            "line_no": pa.array(frame["line_no"], pa.int32(), from_pandas=True),
            "anomaly": pa.array(frame["anomaly"].to_numpy(dtype=object), pa.string()),
            "detail": pa.array(frame["detail"].to_numpy(dtype=object), pa.string()),
        }
    )
    write_csv(folder / "order_anomalies.csv", table)
    return len(frame)


def write_stock_truth(folder: Path, truth: pd.DataFrame, stock_outs: pd.DataFrame) -> int:
    frame = truth.sort_values(["warehouse_code", "sku", "cause", "reference_id"], kind="mergesort")
    columns = ["warehouse_code", "sku", "cause", "units", "reference_id"]
    write_csv(folder / "stock_variances.csv", pa.Table.from_pandas(frame[columns], preserve_index=False))
    write_csv(folder / "stock_outs.csv", pa.Table.from_pandas(stock_outs, preserve_index=False))
    return len(frame)


def write_manifest(
    folder: Path,
    config: GeneratorConfig,
    files: dict[str, int],
    order_truth: pd.DataFrame,
    stock_truth: pd.DataFrame,
    facts: dict[str, object],
) -> dict[str, object]:
    """The run's arguments (without the output path, so the bytes do not depend on it), counts per file
    and per anomaly, and a few headline facts."""
    per_anomaly = order_truth["anomaly"].value_counts()
    per_cause = stock_truth.groupby("cause")["units"].agg(["count", "sum"])
    manifest = {
        "generator": "pipelines.sample_data",
        "generator_version": GENERATOR_VERSION,
        "arguments": {k: v for k, v in asdict(config).items() if k not in ("order_rates", "stock_rates")},
        "order_anomaly_rates": asdict(config.order_rates),
        "stock_anomaly_rates": asdict(config.stock_rates),
        "files": dict(sorted(files.items())),
        "order_anomalies": {a: int(per_anomaly.get(a, 0)) for a in ORDER_ANOMALIES},
        "orders_with_anomalies": int(order_truth.drop_duplicates(["channel", "order_id"]).shape[0]),
        "stock_causes": {
            c: {"instances": int(per_cause["count"].get(c, 0)), "units": int(per_cause["sum"].get(c, 0))}
            for c in STOCK_CAUSES
        },
        **facts,
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False, default=_plain)
    (folder / "manifest.json").write_text(text + "\n", encoding="utf-8")
    return manifest


def _plain(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    raise TypeError(f"not JSON serialisable: {type(value)}")
