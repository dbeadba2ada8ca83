"""Inventory (stage 3a): stock positions and the sellable-vs-physical reconciliation. Wire INVENTORY_ASSETS
and INVENTORY_CHECKS into the Definitions; `history_partitions` is the daily partitioning of the history."""

from assets.inventory.assets import INVENTORY_ASSETS, history_partitions
from assets.inventory.checks import INVENTORY_CHECKS

__all__ = ["INVENTORY_ASSETS", "INVENTORY_CHECKS", "history_partitions"]
