"""The stock side end to end: placement, plan, injected causes, ledger, suppliers and purchase orders."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.sample_data import network, suppliers
from pipelines.sample_data.anomalies import OrderSide
from pipelines.sample_data.bins import Layout, build_layout
from pipelines.sample_data.config import CHANNELS, LOCAL_OFFSET_S, GeneratorConfig, rng_for
from pipelines.sample_data.formats import isin_text
from pipelines.sample_data.ledger import build_ledger
from pipelines.sample_data.orders import order_ids
from pipelines.sample_data.stock_causes import cause_records
from pipelines.sample_data.stock_plan import StockPlan, place_stock, plan_stock
from pipelines.sample_data.stock_tables import StockTables, build_stock_tables

DAY = 86_400


@dataclass(frozen=True)
class StockSide:
    tables: StockTables
    plan: StockPlan
    layout: Layout
    lanes: pd.DataFrame
    suppliers: pd.DataFrame
    supplier_skus: pd.DataFrame
    purchase_orders: pd.DataFrame
    stock_outs: pd.DataFrame  # per stock-out SKU and warehouse: what is left and the safety stock


def valid_demand(lines: pd.DataFrame, n_skus: int) -> np.ndarray:
    """Units per SKU over the lines that name a known SKU with a positive whole quantity."""
    qty = lines["qty"].to_numpy()
    valid = (lines["sku_index"].to_numpy() >= 0) & (qty > 0) & (qty == np.round(qty))
    return np.bincount(lines["sku_index"].to_numpy()[valid], weights=qty[valid], minlength=n_skus)


def build_stock(
    config: GeneratorConfig,
    catalog: pd.DataFrame,
    warehouses: pd.DataFrame,
    side: OrderSide,
    stock_out_skus: np.ndarray,
) -> StockSide:
    seed, days = config.seed, config.days
    demand = valid_demand(side.lines, len(catalog))
    pairs = place_stock(catalog, warehouses, rng_for(seed, "placement"))
    plan = plan_stock(
        catalog, pairs, demand, days, stock_out_skus, config.stock_rates, rng_for(seed, "stock-plan")
    )
    lanes = network.build_transfer_lanes(warehouses)
    codes = warehouses["warehouse_code"].to_numpy()
    index = {c: i for i, c in enumerate(codes)}
    lead = np.zeros((len(codes), len(codes)), dtype=np.int64)
    lead[lanes["from_warehouse_code"].map(index), lanes["to_warehouse_code"].map(index)] = lanes[
        "lead_time_days"
    ]
    # Ledger days are local calendar days; the last one ends before T (06:00 local at the default as-of).
    base = (config.snapshot_s + LOCAL_OFFSET_S) // DAY * DAY - LOCAL_OFFSET_S - days * DAY
    t_offset = config.snapshot_s - (base + days * DAY)
    records = cause_records(plan, lead, codes, days, t_offset, rng_for(seed, "stock-causes"))
    ledger = build_ledger(plan, lead, codes, days, records.before_t, rng_for(seed, "ledger"))
    layout = build_layout(warehouses, plan.pairs, catalog)
    sup = suppliers.build_suppliers(len(catalog), rng_for(seed, "suppliers"))
    sup_skus = suppliers.build_supplier_skus(catalog, sup, rng_for(seed, "supplier-skus"))
    supplier_of_sku = suppliers.primary_supplier(sup_skus, catalog["sku"])
    reservation_ids = _reservation_order_ids(
        side.orders, len(records.instances), rng_for(seed, "reservation-ids")
    )
    tables = build_stock_tables(
        plan,
        ledger,
        records,
        warehouses,
        catalog,
        layout.pick_bin,
        layout.returns_bin,
        layout.quarantine_bin,
        supplier_of_sku,
        base,
        config.snapshot_s,
        reservation_ids,
        rng_for(seed, "stock-tables"),
    )
    open_lines = _open_po_lines(plan, catalog, demand, codes, supplier_of_sku, rng_for(seed, "open-pos"))
    pos = suppliers.purchase_orders(tables.receipts, open_lines, sup, config.as_of_s, rng_for(seed, "pos"))
    return StockSide(tables, plan, layout, lanes, sup, sup_skus, pos, _stock_out_table(plan, catalog, codes))


def _reservation_order_ids(orders: pd.DataFrame, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Order numbers of orders taken before the export window (not in the exports) for reservations."""
    out = {}
    for ch in CHANNELS:  # four channels
        known = orders.loc[orders["channel"] == ch, "order_id"].to_numpy()
        fresh = order_ids(ch, 3 * n + 16, rng).to_numpy(zero_copy_only=False)
        out[ch] = fresh[~isin_text(fresh, known)]
    return out


def _open_po_lines(
    plan: StockPlan,
    catalog: pd.DataFrame,
    demand: np.ndarray,
    codes: np.ndarray,
    supplier_of_sku: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Incoming stock: every stock-out SKU and half of the short SKUs at their main warehouse, plus 2% of
    all pairs (routine replenishment)."""
    pairs = plan.pairs
    sku = pairs["sku"].to_numpy()
    main = pairs.sort_values(["sku", "share"], ascending=[True, False], kind="mergesort").drop_duplicates(
        "sku"
    )
    urgent = np.concatenate([plan.stock_out_skus, plan.short_skus[rng.random(len(plan.short_skus)) < 0.5]])
    chosen = main.index[np.isin(main["sku"].to_numpy(), urgent)].to_numpy()
    routine = np.flatnonzero(rng.random(len(pairs)) < 0.02)
    rows = np.unique(np.concatenate([chosen, routine]))
    units = np.maximum(np.ceil(demand[sku[rows]] * rng.uniform(0.5, 1.5, len(rows))), 5).astype(np.int64)
    return pd.DataFrame(
        {
            "supplier_code": supplier_of_sku[sku[rows]],
            "warehouse_code": codes[pairs["warehouse"].to_numpy()[rows]],
            "sku": catalog["sku"].to_numpy()[sku[rows]],
            "units": units,
        }
    )


def _stock_out_table(plan: StockPlan, catalog: pd.DataFrame, codes: np.ndarray) -> pd.DataFrame:
    pairs = plan.pairs
    mine = np.isin(pairs["sku"].to_numpy(), plan.stock_out_skus)
    frame = pd.DataFrame(
        {
            "sku": catalog["sku"].to_numpy()[pairs["sku"].to_numpy()[mine]],
            "warehouse_code": codes[pairs["warehouse"].to_numpy()[mine]],
            "resellable_units": pairs["resellable_at_t"].to_numpy()[mine],
            "safety_stock_units": pairs["safety"].to_numpy()[mine],
        }
    )
    return frame.sort_values(["sku", "warehouse_code"], kind="mergesort")
