"""The generator end to end: reference data, orders with anomalies, the stock ledger, files and truth."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.sample_data import carriers, masters, network
from pipelines.sample_data.anomalies import OrderSide, inject_order_anomalies
from pipelines.sample_data.catalog import build_catalog
from pipelines.sample_data.config import (
    CHANNEL_SHARES,
    CHANNELS,
    LOCAL_OFFSET_S,
    GeneratorConfig,
    Paths,
    rng_for,
)
from pipelines.sample_data.customers import build_customers
from pipelines.sample_data.exports import write_order_exports
from pipelines.sample_data.geography import build_districts, cities_with_demand
from pipelines.sample_data.orders import build_lines, build_orders
from pipelines.sample_data.pricing import Rules, assign_promotions
from pipelines.sample_data.promotions import build_coupons, build_promotions, local_midnight
from pipelines.sample_data.stock import StockSide, build_stock
from pipelines.sample_data.stock_exports import write_stock_files
from pipelines.sample_data.stock_plan import choose_stock_outs
from pipelines.sample_data.truth import write_manifest, write_order_truth, write_stock_truth


@dataclass(frozen=True)
class Summary:
    """What a run produced: rows per file, the manifest, and how long it took."""

    files: dict[str, int]
    manifest: dict[str, object]
    seconds: float


class Progress:
    """Elapsed-time progress lines on stdout (timings never go into the output files)."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        self.echo, self.start, self.last = echo, time.perf_counter(), time.perf_counter()

    def step(self, what: str) -> None:
        now = time.perf_counter()
        self.echo(f"  {now - self.start:6.1f}s  {what}  (+{now - self.last:.1f}s)")
        self.last = now


def prepare_output(out: Path) -> Paths:
    """Clear a previous generator output in `out`; refuse to touch a landing folder it did not write."""
    paths = Paths(out)
    landing_used = paths.landing.exists() and any(paths.landing.iterdir())
    if landing_used and not (paths.truth / "manifest.json").exists():
        raise FileExistsError(
            f"{paths.landing} exists and was not written by the generator; choose another --out or remove it"
        )
    for folder in (paths.landing, paths.truth):
        if folder.exists():
            shutil.rmtree(folder)
    paths.make()
    return paths


def generate(config: GeneratorConfig, out: Path, echo: Callable[[str], None] = print) -> Summary:
    """Write `out/landing/` and `out/_truth/` for the config; the same config gives the same bytes."""
    paths = prepare_output(Path(out))
    progress = Progress(echo)
    seed = config.seed
    cities = cities_with_demand()
    districts = build_districts(cities, rng_for(seed, "districts"))
    catalog = build_catalog(config.skus, rng_for(seed, "catalog"))
    stock_outs = choose_stock_outs(catalog, config.stock_rates.stock_out_skus, rng_for(seed, "stock-outs"))
    sellable = catalog["is_active"].to_numpy().copy()
    sellable[stock_outs] = False
    daily_units = config.orders * 1.8 * 1.2 / config.days  # lines per order x units per line
    warehouses = network.build_warehouses(config.warehouses, cities, daily_units, rng_for(seed, "warehouses"))
    expected = {ch: int(config.orders * share) for ch, share in zip(CHANNELS, CHANNEL_SHARES, strict=True)}
    customers = build_customers(expected, cities, districts, config.start_s, rng_for(seed, "customers"))
    progress.step(
        f"reference data: {len(catalog)} SKUs, {len(warehouses)} warehouses, {len(customers)} accounts"
    )

    orders = build_orders(
        config.orders, config.start_s, config.as_of_s, customers, cities, districts, rng_for(seed, "orders")
    )
    lines = build_lines(orders, catalog, sellable, rng_for(seed, "lines"))
    categories = sorted(catalog["category"].unique())
    day0 = local_midnight(config.start_s)
    promos = build_promotions(
        config.start_s, config.as_of_s, categories, catalog, rng_for(seed, "promotions")
    )
    coupons = build_coupons(promos, config.start_s, config.as_of_s, rng_for(seed, "coupon-codes"))
    rules = Rules.build(promos, coupons, categories, catalog["sku"])
    assign_promotions(orders, lines, rules, day0, rng_for(seed, "promotion-use"))
    side = inject_order_anomalies(
        config, orders, lines, customers, catalog, sellable, stock_outs, rules, cities, districts, day0
    )
    progress.step(f"orders: {len(side.orders)} orders, {len(side.lines)} lines, anomalies injected")

    stock = build_stock(config, catalog, warehouses, side, stock_outs)
    progress.step(
        f"stock: {stock.tables.movements.num_rows} movements, {len(stock.tables.cycle_counts)} counts"
    )

    exports = write_order_exports(
        paths.landing / "orders",
        side,
        promos,
        coupons,
        config.start_s,
        config.order_rates.redelivered_files,
        rng_for(seed, "redelivery"),
    )
    files = dict(exports.files)
    progress.step(f"order exports: {len(files)} files, {sum(files.values())} rows")
    tables = _master_tables(catalog, warehouses, side, promos, coupons, stock, seed)
    files |= masters.write_masters(paths.landing / "master", tables)
    files |= write_stock_files(paths.landing / "stock", stock.tables, config.snapshot_s)
    progress.step("master and stock files")

    order_truth = side.truth.frame(side.orders)
    write_order_truth(paths.truth, order_truth)
    write_stock_truth(paths.truth, stock.tables.truth, stock.stock_outs)
    facts = {
        "as_of": config.as_of,
        "snapshot_at": str(np.datetime64(config.snapshot_s + LOCAL_OFFSET_S, "s")) + "+08:00",
        "orders": len(side.orders),
        "order_lines": len(side.lines),
        "redelivered_files": [copy for copy, _ in exports.redelivered],
        "stocked_pairs": len(stock.plan.pairs),
        "stock_out_skus": len(stock.plan.stock_out_skus),
        "short_skus": len(stock.plan.short_skus),
    }
    manifest = write_manifest(paths.truth, config, files, order_truth, stock.tables.truth, facts)
    progress.step("truth and manifest")
    return Summary(files, manifest, time.perf_counter() - progress.start)


def _master_tables(
    catalog: pd.DataFrame,
    warehouses: pd.DataFrame,
    side: OrderSide,
    promos: pd.DataFrame,
    coupons: pd.DataFrame,
    stock: StockSide,
    seed: int,
) -> dict[str, pd.DataFrame]:
    return {
        "skus": catalog[masters.SKU_COLUMNS],
        "warehouses": warehouses[masters.WAREHOUSE_COLUMNS],
        "bins": stock.layout.bins,
        "safety_stock": stock.tables.safety_stock,
        "carriers": carriers.build_carriers(),
        "carrier_services": carriers.build_carrier_services(),
        "rate_cards": carriers.build_rate_cards(rng_for(seed, "rate-cards")),
        "transfer_lanes": stock.lanes,
        "suppliers": stock.suppliers,
        "supplier_skus": stock.supplier_skus,
        "purchase_orders": masters.purchase_orders_table(stock.purchase_orders),
        "carton_types": carriers.build_carton_types(),
        "packing_materials": carriers.build_packing_materials(),
        "promotions": masters.promotions_table(promos),
        "coupons": masters.coupons_table(coupons),
        "customers": masters.customers_table(side.customers),
    }
