"""Review settings (stage 2): thresholds, windows, weights; a `dg.Config` loadable from config/review.yaml."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import dagster as dg
from pydantic import Field, field_validator

from assets.intake.config import load_config, load_intake_config


class ReviewConfig(dg.Config):
    """Rules of stage 2 (review / audit). Every flag has a reason code; see docs/reason_codes.md."""

    as_of: str | None = Field(
        default=None,
        description="The review clock, ISO 8601 (UTC if no offset), for restock windows; default: the latest "
        "ordered_at in orders, so that a replayed sample gives the same answers whenever it runs.",
    )
    # stock ------------------------------------------------------------------------------------------
    stock_check_mode: Literal["line", "cumulative"] = Field(
        default="line",
        description="'line': a line is short when its quantity exceeds the network's sellable units of "
        "the SKU; 'cumulative': lines consume the stock by priority and order time, later ones go short.",
    )
    restock_wait_days: int = Field(
        default=7,
        ge=0,
        description="Recommend waiting for restock when supply arrives within this many days.",
    )
    count_supplier_lead_time: bool = Field(
        default=True,
        description="Count a new purchase order (supplier lead time) as restock, besides open purchase "
        "orders and transfers in transit.",
    )
    substitute_match_color: bool = Field(default=True, description="A substitute must have the same colour.")
    substitute_match_size: bool = Field(default=True, description="A substitute must have the same size.")
    substitute_max_price_diff_pct: int = Field(
        default=20, ge=0, description="A substitute's price may differ by at most this percentage."
    )
    # simple audits ----------------------------------------------------------------------------------
    variant_price_tolerance_cents: int = Field(
        default=0,
        ge=0,
        description="Hold a line whose unit price differs from the catalogue price by more than this "
        "(VARIANT_PRICE_MISMATCH).",
    )
    check_variant_price: bool = Field(default=True, description="Run the variant price check at all.")
    min_street_chars: int = Field(
        default=4, ge=0, description="A street shorter than this (house number included) is too vague."
    )
    large_amount_threshold_cents: int = Field(
        default=2_000_000,
        ge=0,
        description="Hold orders whose paid amount is strictly above this (LARGE_AMOUNT); default 20,000.00.",
    )
    # promotions -------------------------------------------------------------------------------------
    promotion_tolerance_cents: int = Field(
        default=0, ge=0, description="Accepted difference between the discount given and the recomputed one."
    )
    percent_rounding: Literal["floor", "half_up"] = Field(
        default="floor", description="How a percentage discount is rounded to the cent (channels floor)."
    )
    coupon_separator: str = Field(default=";", description="Separator between several coupons on one order.")
    # fraud / brushing -------------------------------------------------------------------------------
    fraud_window_hours: int = Field(
        default=72, ge=1, description="Orders within this many hours of each other count as one burst."
    )
    fraud_low_value_max_cents: int = Field(
        default=10_000, ge=0, description="Orders paying at most this (100.00) count as low value."
    )
    fraud_min_accounts: int = Field(
        default=3,
        ge=2,
        description="A burst is suspicious when this many different accounts send low-value orders to one "
        "address or one phone.",
    )
    fraud_new_account_days: int = Field(
        default=7, ge=0, description="Accounts younger than this at order time are new."
    )
    fraud_payment_min_accounts: int = Field(
        default=3, ge=2, description="A payment account used by this many buyer accounts is shared."
    )
    weight_shared_address: float = Field(default=0.35, ge=0, description="Score for a shared-address burst.")
    weight_shared_phone: float = Field(default=0.35, ge=0, description="Score for a shared-phone burst.")
    weight_new_account: float = Field(default=0.15, ge=0, description="Score for a new account.")
    weight_shared_payment: float = Field(
        default=0.25, ge=0, description="Score for a shared payment account."
    )
    weight_templated_names: float = Field(
        default=0.2, ge=0, description="Score for sequential / templated names within the burst."
    )
    weight_low_value: float = Field(default=0.05, ge=0, description="Score for a low-value order.")
    fraud_score_threshold: float = Field(
        default=0.6, ge=0, description="Hold an order as BRUSHING_SUSPECTED at or above this score."
    )
    disabled_reason_codes: list[str] = Field(
        default_factory=list, description="Review reason codes to switch off (their rules raise nothing)."
    )

    @field_validator("as_of")
    @classmethod
    def _as_of_is_iso(cls, value: str | None) -> str | None:
        if value is not None:
            as_of_utc(value)
        return value


def as_of_utc(value: str) -> datetime:
    """The naive UTC datetime of an ISO 8601 text (a value without offset is taken as UTC)."""
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError as error:
        raise ValueError(
            f"as_of {value!r} is not an ISO 8601 timestamp such as 2026-11-20T10:00:00"
        ) from error
    return stamp.astimezone(UTC).replace(tzinfo=None) if stamp.tzinfo else stamp


def load_review_config(path: Path | str | None = None) -> ReviewConfig:
    """ReviewConfig from the `review:` section of config/review.yaml (or the given file)."""
    return load_config(ReviewConfig, "review", path)


def review_run_config(path: Path | str | None = None) -> dict[str, Any]:
    """Run config for the intake and review ops from the YAML file (defaults where it is silent)."""
    intake = load_intake_config(path).model_dump()
    review = load_review_config(path).model_dump(mode="json", exclude_none=True)
    return {"ops": {"intake_validation": {"config": intake}, "order_reviews": {"config": review}}}
