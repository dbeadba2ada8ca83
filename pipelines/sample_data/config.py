"""What the generator is asked for: sizes, seed, as-of time and the rates of every injected anomaly."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

DEFAULT_AS_OF = "2026-11-20T00:00:00Z"
CHANNELS = ("tmall", "jd", "douyin", "webshop")
# Export format per channel: the contract accepts all three, the sample exercises all three.
CHANNEL_FORMATS = {"tmall": "csv", "jd": "jsonl", "douyin": "parquet", "webshop": "csv"}
CHANNEL_SHARES = (0.36, 0.30, 0.20, 0.14)
LOCAL_OFFSET_S = 8 * 3600  # exports and warehouse operations use China Standard Time (+08:00)
SNAPSHOT_LEAD_S = 2 * 3600  # channel snapshot T = as_of - 2 h (06:00 local), after the last shift ended
MAX_WAREHOUSES = 30

# The buyer's address, phone and payment account: repeated on every line of an order; coupon abuse rings
# share them across orders.
BUYER_FIELDS = (
    "recipient_name",
    "phone",
    "country_code",
    "province",
    "city",
    "district",
    "street",
    "address_detail",
    "postal_code",
    "payment_method",
    "payment_account",
)


def _rate(default: float, help_text: str) -> float:
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class OrderAnomalyRates:
    """Share of all orders (0-1) that carry each order-side anomaly; every anomaly gets its own orders.

    Counts are exact: round(rate x orders) orders per kind (brushing: orders inside rings), so detection can
    be measured per anomaly. `redelivered_files` is the share of order export files delivered twice.
    """

    unknown_sku: float = _rate(0.004, "a line with a SKU code that is not in the catalogue")
    inactive_sku: float = _rate(0.003, "a line with a known but inactive SKU")
    qty_zero: float = _rate(0.002, "a line with quantity 0")
    qty_negative: float = _rate(0.002, "a line with a negative quantity")
    qty_fractional: float = _rate(0.002, "a line with a fractional quantity such as 1.5")
    incomplete_address: float = _rate(0.006, "no district, no street, a street without number, or city only")
    invalid_phone: float = _rate(0.006, "wrong length, bad mobile prefix or letters in the phone")
    paid_amount_mismatch: float = _rate(0.005, "paid amount off by some cents or yuan")
    coupon_expired: float = _rate(0.003, "coupon used after its validity (some by one second)")
    coupon_min_spend_not_met: float = _rate(0.002, "coupon discount granted below the minimum spend")
    coupon_ineligible: float = _rate(0.002, "coupon discount on lines outside its eligible categories")
    coupon_limit_exceeded: float = _rate(0.002, "a customer uses a coupon more often than its limit")
    promotion_overdiscount: float = _rate(0.002, "discount larger than the promotion rule allows")
    brushing: float = _rate(0.01, "orders inside order-brushing rings")
    duplicate_in_other_file: float = _rate(0.003, "the same order again, identical, in another file")
    duplicate_changed_payload: float = _rate(0.002, "the same order key again in a later file, changed")
    stock_out: float = _rate(0.004, "a line for an active SKU with no sellable stock anywhere")
    redelivered_files: float = _rate(0.02, "share of order files delivered a second time under another name")


@dataclass(frozen=True)
class StockAnomalyRates:
    """Share of stocked (warehouse, SKU) pairs (0-1) carrying each stock-side cause; shares of SKUs for
    stock-outs and short SKUs."""

    returns_awaiting_restock: float = _rate(0.04, "pairs with returns received but not yet restocked")
    unposted_damage: float = _rate(0.01, "pairs with a pending damage incident report")
    unposted_shrinkage: float = _rate(0.01, "pairs with a pending shrinkage incident report")
    transfer_in_transit: float = _rate(0.01, "pairs receiving a transfer still (partly) in transit")
    reservation: float = _rate(0.05, "pairs with open reservations for unshipped orders")
    count_adjustment_after_snapshot: float = _rate(0.01, "pairs whose count adjustment was posted after T")
    unexplained_shrinkage: float = _rate(0.01, "pairs with units missing on the shelf and no record")
    stock_out_skus: float = _rate(0.02, "share of active SKUs with no sellable stock anywhere")
    short_skus: float = _rate(0.06, "share of active SKUs stocked below the demand in the exports")


def rate_fields(cls: type) -> list[tuple[str, float, str]]:
    """(name, default, help) of every rate of a rates dataclass, in declaration order (drives the CLI)."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(cls)]


@dataclass(frozen=True)
class GeneratorConfig:
    """Everything that determines the output; the same config gives byte-identical files."""

    orders: int = 20_000
    warehouses: int = 8
    skus: int = 2_000
    days: int = 30
    seed: int = 42
    as_of: str = DEFAULT_AS_OF
    order_rates: OrderAnomalyRates = field(default_factory=OrderAnomalyRates)
    stock_rates: StockAnomalyRates = field(default_factory=StockAnomalyRates)

    def __post_init__(self) -> None:
        problems = config_problems(self)
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def as_of_s(self) -> int:
        """The as-of time in epoch seconds (UTC)."""
        return parse_utc_seconds(self.as_of)

    @property
    def snapshot_s(self) -> int:
        """T, the channel snapshot time, in epoch seconds (UTC)."""
        return self.as_of_s - SNAPSHOT_LEAD_S

    @property
    def start_s(self) -> int:
        """Start of the order window: as_of minus `days` days."""
        return self.as_of_s - self.days * 86_400


def parse_utc_seconds(text: str) -> int:
    """Epoch seconds of an ISO-8601 time; a time without offset is taken as UTC (as in the contract)."""
    stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return int(stamp.timestamp())


def config_problems(config: GeneratorConfig) -> list[str]:
    """Every reason the config cannot be generated, phrased for the command line."""
    problems = []
    if config.orders < 1:
        problems.append(f"--orders must be at least 1 (got {config.orders})")
    if not 1 <= config.warehouses <= MAX_WAREHOUSES:
        problems.append(f"--warehouses must be between 1 and {MAX_WAREHOUSES} (got {config.warehouses})")
    if config.skus < 50:
        problems.append(
            f"--skus must be at least 50 so that every anomaly has SKUs to use (got {config.skus})"
        )
    if not 3 <= config.days <= 366:
        problems.append(f"--days must be between 3 and 366 (got {config.days})")
    if config.seed < 0:
        problems.append(f"--seed must be a non-negative integer (got {config.seed})")
    try:
        parse_utc_seconds(config.as_of)
    except ValueError:
        problems.append(f"--as-of must be an ISO-8601 time such as {DEFAULT_AS_OF} (got {config.as_of!r})")
    for rates in (config.order_rates, config.stock_rates):
        for name, _, _ in rate_fields(type(rates)):
            value = getattr(rates, name)
            if not 0.0 <= value <= 1.0:
                problems.append(f"rate {name} must be between 0 and 1 (got {value})")
    order_total = sum(getattr(config.order_rates, n) for n, _, _ in rate_fields(OrderAnomalyRates))
    if order_total - config.order_rates.redelivered_files > 0.5:
        problems.append(
            "order anomaly rates add up to more than 0.5: at least half the orders must stay clean"
        )
    return problems


@dataclass(frozen=True)
class Paths:
    """The output layout under --out."""

    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def truth(self) -> Path:
        return self.root / "_truth"

    def make(self) -> None:
        for sub in (self.landing / "orders", self.landing / "master", self.landing / "stock", self.truth):
            sub.mkdir(parents=True, exist_ok=True)


def rng_for(seed: int, component: str) -> np.random.Generator:
    """An independent random stream per component, so changing one part never shifts another's draws."""
    return np.random.default_rng([seed, zlib.crc32(component.encode("utf-8"))])
