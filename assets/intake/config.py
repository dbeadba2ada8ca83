"""Intake validation settings: a `dg.Config` with documented defaults, loadable from config/review.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import dagster as dg
import yaml
from pydantic import Field

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parents[2] / "config" / "review.yaml"

# Postal code formats (full match, after removing spaces) for the countries the city table covers and the
# usual trading partners; a country not listed is only checked for being non-empty.
DEFAULT_POSTAL_PATTERNS: dict[str, str] = {
    "CN": r"[0-8][0-9]{5}",
    "US": r"[0-9]{5}(-?[0-9]{4})?",
    "DE": r"[0-9]{5}",
    "FR": r"[0-9]{5}",
    "JP": r"[0-9]{3}-?[0-9]{4}",
    "GB": r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}",
    "NL": r"[1-9][0-9]{3}[A-Z]{2}",
    "SG": r"[0-9]{6}",
    "HK": r".*",
}

C = TypeVar("C", bound=dg.Config)


class IntakeConfig(dg.Config):
    """Rules of stage 1 (intake validation). Every rule has a reason code; see docs/reason_codes.md."""

    postal_code_patterns: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_POSTAL_PATTERNS),
        description="Regular expression (full match, spaces removed, upper case) for the postal code per "
        "ISO country code; countries not listed only need a non-empty postal code.",
    )
    require_district: bool = Field(
        default=True, description="Reject addresses without a district / county (ADDRESS_INCOMPLETE)."
    )
    street_number_pattern: str = Field(
        default=r"[0-9０-９]",
        description="Regular expression (partial match) the street must contain: by default a house-number "
        "digit; a street without one is ADDRESS_INCOMPLETE (a courier cannot find the door).",
    )
    require_postal_code: bool = Field(
        default=True, description="Reject addresses without a postal code (ADDRESS_INCOMPLETE)."
    )
    paid_amount_tolerance_cents: int = Field(
        default=0,
        ge=0,
        description="Allowed absolute difference between paid amount and line totals - discount + shipping "
        "fee before PAID_AMOUNT_MISMATCH; 0 means to the cent.",
    )
    payment_methods: list[str] = Field(
        default_factory=lambda: ["alipay", "wechat_pay", "card", "cod"],
        description="Accepted payment methods; others give PAYMENT_INCOMPLETE.",
    )
    cash_on_delivery_methods: list[str] = Field(
        default_factory=lambda: ["cod"],
        description="Methods paid at the door: they need no payment time, account or transaction id.",
    )
    service_levels: list[str] = Field(
        default_factory=lambda: ["standard", "express", "economy"],
        description="Accepted service levels; others give ORDER_FIELD_INVALID.",
    )
    max_priority: int = Field(
        default=2, ge=0, description="Highest accepted priority (0 normal .. 2 urgent)."
    )
    disabled_reason_codes: list[str] = Field(
        default_factory=list, description="Intake reason codes to switch off (their rules raise nothing)."
    )


def load_yaml_section(section: str, path: Path | str | None = None) -> dict[str, Any]:
    """The `section:` mapping of the YAML config file (empty when the file or section is absent)."""
    file = Path(path) if path is not None else DEFAULT_CONFIG_PATH
    if not file.is_file():
        return {}
    data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{file}: expected a mapping with sections 'intake' and 'review' at the top")
    body = data.get(section) or {}
    if not isinstance(body, dict):
        raise ValueError(f"{file}: section {section!r} must be a mapping of setting: value")
    return body


def load_config(cls: type[C], section: str, path: Path | str | None = None) -> C:
    """An instance of the config class from the YAML section, defaults for whatever the file leaves out."""
    body = load_yaml_section(section, path)
    unknown = sorted(set(body) - set(cls.model_fields))
    if unknown:
        raise ValueError(f"unknown setting(s) {unknown} in section {section!r}; see docs/review.md")
    return cls(**body)


def load_intake_config(path: Path | str | None = None) -> IntakeConfig:
    """IntakeConfig from the `intake:` section of config/review.yaml (or the given file)."""
    return load_config(IntakeConfig, "intake", path)
