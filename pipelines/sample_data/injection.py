"""Bookkeeping for injected anomalies: which orders are taken, and the ground-truth rows they produce."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

TRUTH_COLUMNS = ["channel", "order_id", "line_no", "anomaly", "detail"]


class Claims:
    """Hands out orders for anomalies so that every anomaly gets orders of its own."""

    def __init__(self, n_orders: int) -> None:
        self.free = np.ones(n_orders, dtype=bool)

    def take(self, candidates: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
        """Up to k free candidate orders (sorted), now taken."""
        pool = np.flatnonzero(candidates & self.free)
        chosen = np.sort(rng.choice(pool, size=min(k, len(pool)), replace=False))
        self.free[chosen] = False
        return chosen

    def reserve(self, orders: np.ndarray) -> None:
        """Take given orders (e.g. the legitimate first use of a coupon) so that nothing else alters them."""
        self.free[orders] = False


@dataclass
class TruthLog:
    """Ground-truth rows of the order side, keyed by internal order index until ids are final."""

    parts: list[pd.DataFrame] = field(default_factory=list)

    def add(
        self,
        order: np.ndarray,
        anomaly: str,
        detail: np.ndarray | list[str] | str,
        line_no: np.ndarray | None = None,
    ) -> None:
        n = len(order)
        if n == 0:
            return
        self.parts.append(
            pd.DataFrame(
                {
                    "order": np.asarray(order, dtype=np.int64),
                    "line_no": pd.array(line_no if line_no is not None else [None] * n, dtype="Int64"),
                    "anomaly": anomaly,
                    "detail": np.broadcast_to(np.asarray(detail, dtype=object), (n,)),
                }
            )
        )

    def frame(self, orders: pd.DataFrame) -> pd.DataFrame:
        """The truth rows with channel and order_id filled in from the final orders."""
        if not self.parts:
            return pd.DataFrame(columns=["order", *TRUTH_COLUMNS])
        rows = pd.concat(self.parts, ignore_index=True)
        rows.insert(1, "channel", orders["channel"].to_numpy()[rows["order"]])
        rows.insert(2, "order_id", orders["order_id"].to_numpy()[rows["order"]])
        return rows

    def orders_with(self, anomaly: str) -> np.ndarray:
        hits = [p["order"].to_numpy() for p in self.parts if (p["anomaly"] == anomaly).all()]
        return np.concatenate(hits) if hits else np.empty(0, dtype=np.int64)

    def all_orders(self) -> np.ndarray:
        hits = [p["order"].to_numpy() for p in self.parts]
        return np.unique(np.concatenate(hits)) if hits else np.empty(0, dtype=np.int64)


def count_for(rate: float, n_orders: int) -> int:
    """Exact number of orders for an anomaly rate (at least one when the rate is positive)."""
    return max(1, round(rate * n_orders)) if rate > 0 else 0


def pick_line(
    lines: pd.DataFrame,
    orders_chosen: np.ndarray,
    rng: np.random.Generator,
    eligible: np.ndarray | None = None,
) -> np.ndarray:
    """One random line row per chosen order (among `eligible` line rows when given)."""
    order_of_line = lines["order"].to_numpy()
    mask = np.isin(order_of_line, orders_chosen)
    if eligible is not None:
        mask &= eligible
    rows = np.flatnonzero(mask)
    shuffled = rows[rng.permutation(len(rows))]
    _, first = np.unique(order_of_line[shuffled], return_index=True)
    return np.sort(shuffled[first])
