"""The movement ledger as an Arrow table with final identifiers, sorted by time (numeric sort keys only)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data.config import LOCAL_OFFSET_S
from pipelines.sample_data.formats import coded

DAY = 86_400


def _local_date(seconds: np.ndarray) -> pa.Array:
    """Local dates as YYYYMMDD, formatted per distinct day (a few dozen) and spread back."""
    days = (seconds + LOCAL_OFFSET_S) // DAY
    unique, inverse = np.unique(days, return_inverse=True)
    text = np.char.replace(np.datetime_as_string(unique.astype("datetime64[D]"), unit="D"), "-", "")
    return pa.array(text).take(pa.array(inverse.ravel()))


def movement_table(
    events: pd.DataFrame,
    mapping: dict[str, str],
    pair_warehouse: np.ndarray,
    pair_sku: np.ndarray,
    codes: np.ndarray,
    skus: np.ndarray,
    pick_bin: np.ndarray,
    returns_bin: np.ndarray,
    quarantine_bin: np.ndarray,
    supplier_of_sku: np.ndarray,
) -> pa.Table:
    """events: pair, occurred_s, movement_type, quantity, reference_type, reference_id, bin (kind).

    Waves are named WV-<warehouse>-<local date>-W<n>, purchase orders PO-<warehouse>-<date>-<supplier>;
    other references are renamed through `mapping` (returns, incidents, counts, transfers)."""
    pair = events["pair"].to_numpy()
    warehouse = pair_warehouse[pair]
    occurred = events["occurred_s"].to_numpy()
    type_code, types = pd.factorize(events["movement_type"], sort=True)
    kind_code, kinds = pd.factorize(events["reference_type"], sort=True)
    site = pa.array(codes).take(pa.array(warehouse))
    raw = pa.array(events["reference_id"].map(mapping).fillna(events["reference_id"]), pa.string())
    kind = pa.array(kinds.to_numpy()).take(pa.array(kind_code))
    date = _local_date(occurred)
    wave_ref = pc.binary_join_element_wise("WV", site, date, raw, "-")
    supplier = pa.array(supplier_of_sku).take(pa.array(pair_sku[pair]))
    po_ref = pc.binary_join_element_wise("PO", site, date, supplier, "-")
    ref = pc.if_else(
        pc.equal(kind, "wave"), wave_ref, pc.if_else(pc.equal(kind, "purchase_order"), po_ref, raw)
    )
    bins = pa.array(pick_bin).take(pa.array(pair))
    bin_kind = events["bin"].to_numpy()
    bins = pc.if_else(pa.array(bin_kind == "returns"), pa.array(returns_bin).take(pa.array(warehouse)), bins)
    bins = pc.if_else(
        pa.array(bin_kind == "quarantine"), pa.array(quarantine_bin).take(pa.array(warehouse)), bins
    )
    # Time, then warehouse, SKU and type; the event order (deterministic) breaks the rare remaining ties.
    ordering = np.lexsort((np.arange(len(pair)), type_code, pair_sku[pair], warehouse, occurred))
    at = pa.array(ordering)
    return pa.table(
        {
            "movement_id": coded("MV", np.arange(1, len(pair) + 1), 9),
            "occurred_s": pa.array(occurred[ordering]),
            "warehouse_code": site.take(at),
            "bin_code": bins.take(at),
            "sku": pa.array(skus).take(pa.array(pair_sku[pair][ordering])),
            "movement_type": pa.array(types.to_numpy()).take(pa.array(type_code[ordering])),
            "quantity": pa.array(events["quantity"].to_numpy()[ordering].astype(np.int64)),
            "reference_type": kind.take(at),
            "reference_id": ref.take(at),
        }
    )


def receipts_of(movements: pa.Table) -> pd.DataFrame:
    """One row per supplier receipt: po_id, supplier_code, warehouse_code, sku, units, received_s."""
    rows = movements.filter(pc.equal(movements["reference_type"], "purchase_order"))
    po = pd.Series(rows["reference_id"], dtype="str")
    return pd.DataFrame(
        {
            "po_id": po,
            "supplier_code": po.str.rsplit("-", n=1).str[-1],
            "warehouse_code": pd.Series(rows["warehouse_code"], dtype="str"),
            "sku": pd.Series(rows["sku"], dtype="str"),
            "units": rows["quantity"].to_numpy(),
            "received_s": rows["occurred_s"].to_numpy(),
        }
    )


def posting_movements(movements: pa.Table) -> pd.Series:
    """movement_id of each posted damage or shrinkage, by incident id."""
    posted = pc.and_(
        pc.equal(movements["reference_type"], "incident"),
        pc.is_in(movements["movement_type"], pa.array(["damage", "shrinkage"])),
    )
    rows = movements.filter(posted)
    return pd.Series(
        pd.Series(rows["movement_id"], dtype="str").to_numpy(),
        index=pd.Series(rows["reference_id"], dtype="str").to_numpy(),
    )
