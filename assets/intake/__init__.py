"""Stage 1, intake validation: geocoding reference, validated orders and rejections with reason codes."""

from assets.intake.assets import geo_cities, intake_validation
from assets.intake.checks import order_rejections_reason_codes_known, validated_orders_clean_and_geocoded
from assets.intake.config import IntakeConfig, load_intake_config

INTAKE_ASSETS = [geo_cities, intake_validation]
INTAKE_CHECKS = [order_rejections_reason_codes_known, validated_orders_clean_and_geocoded]

__all__ = ["INTAKE_ASSETS", "INTAKE_CHECKS", "IntakeConfig", "load_intake_config"]
