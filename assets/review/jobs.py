"""The intake + review job, with run config taken from config/review.yaml (the planner's defaults)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg

from assets.intake.config import load_intake_config
from assets.review.config import load_review_config


def review_run_config(path: Path | str | None = None) -> dict[str, Any]:
    """Run config for the intake and review ops from the YAML file (defaults where it is silent)."""
    intake = load_intake_config(path).model_dump()
    review = load_review_config(path).model_dump(mode="json", exclude_none=True)
    return {"ops": {"intake_validation": {"config": intake}, "order_reviews": {"config": review}}}


def intake_review_job(path: Path | str | None = None) -> dg.UnresolvedAssetJobDefinition:
    """Materialise stages 1 and 2 (groups intake and review) with the YAML settings as default config."""
    return dg.define_asset_job(
        "intake_review_job",
        selection=dg.AssetSelection.groups("intake", "review"),
        config=review_run_config(path),
        description="Validate new orders, review them, apply customer-service decisions, update states.",
    )
