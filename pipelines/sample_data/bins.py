"""Bin layout per warehouse: pick zones by velocity (A near the dock), reserve, returns and quarantine bins.

bin_code = ZONE-AISLE-BAY-LEVEL (e.g. A-03-12-2); x_m runs along the aisles' fronts, y_m into the aisles.
Every stocked (warehouse, SKU) pair gets one pick bin; the fastest movers sit at the aisle fronts on the
waist-high level 2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

BAYS = 30
LEVELS = 4
AISLE_PITCH_M = 3.2
BAY_PITCH_M = 1.3
ZONE_ORDER = ("A", "B", "C", "R", "RT", "Q")
ZONE_TYPE = {"A": "pick", "B": "pick", "C": "pick", "R": "reserve", "RT": "returns", "Q": "quarantine"}


@dataclass(frozen=True)
class Layout:
    bins: pd.DataFrame  # the `bins` table
    pick_bin: np.ndarray  # bin_code per stocked pair
    returns_bin: np.ndarray  # bin_code per warehouse
    quarantine_bin: np.ndarray  # bin_code per warehouse


def _zone_bins(zone: str, n: int, first_aisle: int) -> pd.DataFrame:
    """n bins of a zone filled front-to-back: bay first, then level (2, 1, 3, 4), then aisle."""
    slot = np.arange(n)
    per_aisle = BAYS * LEVELS
    aisle = first_aisle + slot // per_aisle
    bay = (slot % per_aisle) // LEVELS + 1
    level = np.array([2, 1, 3, 4])[slot % LEVELS]
    code = [f"{zone}-{a:02d}-{b:02d}-{lv}" for a, b, lv in zip(aisle, bay, level, strict=True)]
    return pd.DataFrame(
        {
            "bin_code": code,
            "zone": zone,
            "aisle": aisle,
            "bay": bay,
            "level": level,
            "x_m": np.round(aisle * AISLE_PITCH_M, 1),
            "y_m": np.round(bay * BAY_PITCH_M, 1),
            "bin_type": ZONE_TYPE[zone],
        }
    )


def build_layout(warehouses: pd.DataFrame, pairs: pd.DataFrame, catalog: pd.DataFrame) -> Layout:
    """Bins for every warehouse and the pick bin of every pair (pairs sorted by warehouse, then SKU)."""
    frames = []
    pick_bin = np.empty(len(pairs), dtype=object)
    returns_bin, quarantine_bin = [], []
    abc = catalog["abc_class"].to_numpy()[pairs["sku"].to_numpy()]
    popularity = catalog["popularity"].to_numpy()[pairs["sku"].to_numpy()]
    for w, code in enumerate(warehouses["warehouse_code"]):  # up to 30 warehouses
        mine = np.flatnonzero(pairs["warehouse"].to_numpy() == w)
        aisle = 1
        zones = []
        for zone in ZONE_ORDER:
            if zone in ("A", "B", "C"):
                members = mine[abc[mine] == zone]
                members = members[np.argsort(-popularity[members], kind="stable")]
                n = int(np.ceil(len(members) * 1.15)) + 4  # 15% empty pick faces for new items
            else:
                members = np.empty(0, dtype=np.int64)
                n = {"R": max(8, len(mine) // 10), "RT": 8, "Q": 4}[zone]
            bins = _zone_bins(zone, n, aisle)
            aisle = int(bins["aisle"].max()) + 2  # a cross-aisle between zones
            pick_bin[members] = bins["bin_code"].to_numpy()[: len(members)]
            zones.append(bins)
        frame = pd.concat(zones, ignore_index=True)
        frame.insert(0, "warehouse_code", code)
        returns_bin.append(frame.loc[frame["zone"] == "RT", "bin_code"].iloc[0])
        quarantine_bin.append(frame.loc[frame["zone"] == "Q", "bin_code"].iloc[0])
        frames.append(frame)
    return Layout(
        pd.concat(frames, ignore_index=True),
        pick_bin.astype(str),
        np.array(returns_bin),
        np.array(quarantine_bin),
    )
