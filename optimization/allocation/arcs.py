"""Enumerate the feasible arcs of an instance: direct stock, transfers in, emergency purchases.

Options are offered only where they can matter: for lines of SKUs whose batch demand exceeds the network's
stock, and for lines no warehouse can serve from its own stock. Each (line, shipping warehouse) gets at most
the two cheapest transfer sources and the cheapest supplier whose lead time plus transit still meets the
order's promised days.

The cheapest sources are ranked once per (SKU, destination, days of slack) rather than per line, so that the
enumeration stays linear in the number of candidate (line, warehouse) rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimization.allocation.weights import Weights

DIRECT, TRANSFER, PURCHASE = 0, 1, 2
TRANSFER_SOURCES_PER_ARC = 2
COLUMNS = ["line", "pair", "kind", "slot", "lane", "supplier", "cap", "ship", "handling", "option"]


def scale(cents: np.ndarray | int, pct: int) -> np.ndarray:
    """Apply an integer percent multiplier to cents, rounding half up, in exact integer arithmetic."""
    return (np.asarray(cents, dtype=np.int64) * pct + 50) // 100


def _find_slots(slot_key: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Index of each wanted (warehouse, SKU) key among the stock slots, -1 where there is no stock."""
    if len(slot_key) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    idx = np.minimum(np.searchsorted(slot_key, wanted), len(slot_key) - 1)
    return np.where(slot_key[idx] == wanted, idx, -1)


def enumerate_arcs(
    base: pd.DataFrame,
    slots: tuple[np.ndarray, np.ndarray, int],
    demand_by_sku: np.ndarray,
    lanes: tuple[np.ndarray, np.ndarray, pd.DataFrame],
    purchases: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], pd.DataFrame],
    weights: Weights,
) -> pd.DataFrame:
    """All arcs as a frame with COLUMNS; `base` has one row per (line, warehouse) with costs, slack."""
    slot_key, slot_units, n_sku = slots
    wh = base["wh"].to_numpy(np.int64)
    sku = base["sku"].to_numpy(np.int64)
    slack = base["slack"].to_numpy(np.int64)
    slot = _find_slots(slot_key, wh * n_sku + sku)
    in_service = ~base["express"].to_numpy(bool) | (slack >= 0)
    is_direct = (slot >= 0) & in_service
    direct = base[is_direct].assign(
        kind=DIRECT,
        slot=slot[is_direct],
        lane=-1,
        supplier=-1,
        cap=np.minimum(base["qty"].to_numpy()[is_direct], slot_units[slot[is_direct]]),
        option=0,
    )
    supply_by_sku = np.bincount(slot_key % n_sku, weights=slot_units, minlength=n_sku)
    short_sku = demand_by_sku > supply_by_sku[: len(demand_by_sku)]
    served = np.zeros(int(base["line"].max()) + 1 if len(base) else 0, dtype=bool)
    served[direct["line"].to_numpy()] = True
    needs_option = short_sku[sku] | ~served[base["line"].to_numpy()]
    candidates = base[needs_option & (slack >= 0)]
    parts = [direct[COLUMNS]]
    if weights.allow_transfers and len(candidates) and len(lanes[2]):
        parts.append(_transfer_arcs(candidates, slot_key, slot_units, n_sku, lanes, weights))
    if weights.allow_purchases and len(candidates) and len(purchases[1]):
        parts.append(_purchase_arcs(candidates, purchases, weights))
    return pd.concat(parts, ignore_index=True).astype({c: "int64" for c in COLUMNS})


def _best_per_slack(
    options: pd.DataFrame, candidates: pd.DataFrame, keys: list[str], rank: list[str], keep: int
) -> pd.DataFrame:
    """Join each candidate row to the `keep` cheapest options with the same `keys` whose lead time fits the
    candidate's slack (lead <= slack), ranked by `rank`."""
    options = options.sort_values([*keys, *rank], kind="stable")
    parts = []
    for days in np.unique(candidates["slack"].to_numpy()):
        fitting = options[options["lead"] <= days].groupby(keys, sort=False).head(keep)
        parts.append(candidates[candidates["slack"] == days].merge(fitting, on=keys, how="inner"))
    return pd.concat(parts, ignore_index=True)


def _transfer_arcs(
    candidates: pd.DataFrame,
    slot_key: np.ndarray,
    slot_units: np.ndarray,
    n_sku: int,
    lanes: tuple[np.ndarray, np.ndarray, pd.DataFrame],
    weights: Weights,
) -> pd.DataFrame:
    lane_from, lane_to, table = lanes
    wanted = np.unique(candidates["sku"].to_numpy())
    source = np.flatnonzero(np.isin(slot_key % n_sku, wanted))  # stock slots of SKUs that need options
    lane_frame = pd.DataFrame(
        {
            "lane": np.arange(len(table), dtype=np.int64),
            "src": lane_from.astype(np.int64),
            "wh": lane_to.astype(np.int64),
            "lead": table["lead_time_days"].to_numpy(np.int64),
            "option": scale(table["unit_cost_cents"].to_numpy(np.int64), weights.transfer_cost_pct),
        }
    )
    slots = pd.DataFrame({"slot": source, "src": slot_key[source] // n_sku, "sku": slot_key[source] % n_sku})
    options = slots.merge(lane_frame, on="src", how="inner").drop(columns="src")
    rows = _best_per_slack(
        options,
        candidates.astype({"wh": "int64", "sku": "int64"}),
        ["sku", "wh"],
        ["option", "slot"],
        TRANSFER_SOURCES_PER_ARC,
    )
    return rows.assign(
        kind=TRANSFER,
        supplier=-1,
        cap=np.minimum(rows["qty"].to_numpy(), slot_units[rows["slot"].to_numpy()]),
    )[COLUMNS]


def _purchase_arcs(
    candidates: pd.DataFrame,
    purchases: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], pd.DataFrame],
    weights: Weights,
) -> pd.DataFrame:
    (wh, sku, supplier), table = purchases
    premium = table["premium_pct"].to_numpy(np.int64)
    if weights.purchase_premium_pct >= 0:
        premium = np.full(len(table), weights.purchase_premium_pct, dtype=np.int64)
    options = pd.DataFrame(
        {
            "wh": wh.astype(np.int64),
            "sku": sku.astype(np.int64),
            "supplier": supplier.astype(np.int64),
            "lead": table["lead_time_days"].to_numpy(np.int64),
            "option": (table["unit_cost_cents"].to_numpy(np.int64) * (100 + premium) + 50) // 100,
        }
    )
    rows = _best_per_slack(
        options, candidates.astype({"wh": "int64", "sku": "int64"}), ["wh", "sku"], ["option", "supplier"], 1
    )
    return rows.assign(kind=PURCHASE, slot=-1, lane=-1, cap=rows["qty"].to_numpy())[COLUMNS]
