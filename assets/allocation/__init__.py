"""Stage 3b, allocation: the live plan with reservations, backorders, requests and explanations, and
what-if scenarios. The model itself is `optimization.allocation`."""

from assets.allocation.assets import allocation, allocation_scenarios
from assets.allocation.checks import ALLOCATION_CHECKS
from assets.allocation.config import AllocationConfig

ALLOCATION_ASSETS = [allocation, allocation_scenarios]

__all__ = ["ALLOCATION_ASSETS", "ALLOCATION_CHECKS", "AllocationConfig"]
