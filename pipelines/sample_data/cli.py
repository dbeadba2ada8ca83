"""Command line: `python -m pipelines.sample_data --orders N --warehouses W --skus S --days D --seed K
--out DIR` (and `--rate-<anomaly>` options)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

from pipelines.sample_data.config import (
    DEFAULT_AS_OF,
    GeneratorConfig,
    OrderAnomalyRates,
    StockAnomalyRates,
    rate_fields,
)
from pipelines.sample_data.generate import Summary, generate


def _flag(name: str) -> str:
    return "--rate-" + name.replace("_", "-")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m pipelines.sample_data",
        description="Generate deterministic landing files (orders, master, stock) and their ground truth.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    defaults = GeneratorConfig()
    p.add_argument("--orders", type=int, default=defaults.orders, help="number of channel orders")
    p.add_argument("--warehouses", type=int, default=defaults.warehouses, help="number of warehouses (1-30)")
    p.add_argument("--skus", type=int, default=defaults.skus, help="number of SKUs in the catalogue")
    p.add_argument("--days", type=int, default=defaults.days, help="days of orders and ledger before --as-of")
    p.add_argument("--seed", type=int, default=defaults.seed, help="random seed")
    p.add_argument(
        "--as-of", default=DEFAULT_AS_OF, help="end of the period (ISO 8601; never the wall clock)"
    )
    p.add_argument("--out", type=Path, default=Path("data"), help="writes OUT/landing/ and OUT/_truth/")
    orders = p.add_argument_group("order anomaly rates (share of orders)")
    for name, default, text in rate_fields(OrderAnomalyRates):
        orders.add_argument(
            _flag(name), type=float, default=default, dest=f"order_{name}", help=text, metavar="RATE"
        )
    stock = p.add_argument_group("stock anomaly rates (share of stocked warehouse-SKU pairs, or of SKUs)")
    for name, default, text in rate_fields(StockAnomalyRates):
        stock.add_argument(
            _flag(name), type=float, default=default, dest=f"stock_{name}", help=text, metavar="RATE"
        )
    return p


def config_from(args: argparse.Namespace) -> GeneratorConfig:
    order_rates = OrderAnomalyRates(
        **{f.name: getattr(args, f"order_{f.name}") for f in fields(OrderAnomalyRates)}
    )
    stock_rates = StockAnomalyRates(
        **{f.name: getattr(args, f"stock_{f.name}") for f in fields(StockAnomalyRates)}
    )
    return GeneratorConfig(
        orders=args.orders,
        warehouses=args.warehouses,
        skus=args.skus,
        days=args.days,
        seed=args.seed,
        as_of=args.as_of,
        order_rates=order_rates,
        stock_rates=stock_rates,
    )


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    try:
        config = config_from(args)  # GeneratorConfig checks everything and lists every problem at once
    except ValueError as error:
        p.error(str(error))
    print(
        f"Generating sample data into {args.out}/ ({config.orders} orders, {config.warehouses} warehouses, "
        f"{config.skus} SKUs, {config.days} days, seed {config.seed}, as of {config.as_of})"
    )
    try:
        summary = generate(config, args.out)
    except FileExistsError as error:
        p.error(str(error))
    _print_summary(summary)
    return 0


def _print_summary(summary: Summary) -> None:
    manifest = summary.manifest
    files = summary.files
    by_kind: dict[str, tuple[int, int]] = {}
    for name, rows in files.items():
        kind = name.split("/")[0]
        n, r = by_kind.get(kind, (0, 0))
        by_kind[kind] = (n + 1, r + rows)
    print(
        f"Done in {summary.seconds:.1f}s: {manifest['orders']} orders, {manifest['order_lines']} order lines."
    )
    for kind, (n, rows) in sorted(by_kind.items()):
        print(f"  landing/{kind}/: {n} files, {rows} rows")
    print("Order anomalies (orders):")
    for name, count in manifest["order_anomalies"].items():
        print(f"  {name:28s} {count}")
    print("Stock causes (instances / units):")
    for name, value in manifest["stock_causes"].items():
        print(f"  {name:32s} {value['instances']:6d} / {value['units']}")
    print(f"Stock-out SKUs: {manifest['stock_out_skus']}, short SKUs: {manifest['short_skus']}")


if __name__ == "__main__":
    sys.exit(main())
