"""Where each SKU is stocked and what the stock should look like at the snapshot time T.

Per stocked (warehouse, SKU) pair the plan fixes the physical sellable units P (cover of the demand in the
exports: most SKUs 1.3-3x, short SKUs 0.2-0.8x, stock-out SKUs 0), the safety stock, and every injected
cause of a gap between the channel snapshot and physical sellable stock. The ledger is then built
backwards from the resellable units at T that this implies (see `ledger`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.sample_data.config import StockAnomalyRates


def choose_stock_outs(catalog: pd.DataFrame, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Active SKUs with no sellable stock anywhere: sellers, not the very top hits nor the dead tail."""
    active = np.flatnonzero(catalog["is_active"].to_numpy())
    k = max(1, round(rate * len(active))) if rate > 0 else 0
    popularity = catalog["popularity"].to_numpy()[active]
    top = popularity >= np.quantile(popularity, 0.95)
    weight = np.where(top, 0, np.sqrt(popularity))
    return np.sort(
        rng.choice(active, size=min(k, int((weight > 0).sum())), replace=False, p=weight / weight.sum())
    )


def place_stock(catalog: pd.DataFrame, warehouses: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """(sku, warehouse) pairs: A items in most warehouses, B in two to four, the long tail in one or two.

    Warehouses are drawn without replacement in proportion to the demand they are nearest to."""
    active = np.flatnonzero(catalog["is_active"].to_numpy())
    n_wh = len(warehouses)
    abc = catalog["abc_class"].to_numpy()[active]
    count = np.where(
        abc == "A",
        np.ceil(n_wh * rng.uniform(0.5, 1.0, len(active))),
        np.where(abc == "B", rng.integers(2, 5, len(active)), rng.integers(1, 3, len(active))),
    )
    count = np.clip(count, 1, n_wh).astype(np.int64)
    # Gumbel top-k: weighted sampling without replacement for every SKU at once.
    share = warehouses["demand_share"].to_numpy()
    keys = np.log(share)[None, :] + rng.gumbel(size=(len(active), n_wh))
    ranked = np.argsort(-keys, axis=1)
    take = np.arange(n_wh)[None, :] < count[:, None]
    sku = np.repeat(active, count)
    warehouse = ranked[take]
    pairs = pd.DataFrame({"sku": sku, "warehouse": warehouse})
    weight = share[warehouse]
    pairs["share"] = (
        weight / np.bincount(np.searchsorted(active, sku), weights=weight)[np.searchsorted(active, sku)]
    )
    return pairs.sort_values(["warehouse", "sku"], kind="mergesort").reset_index(drop=True)


@dataclass(frozen=True)
class Causes:
    """Per pair unit totals of every injected cause, and the instances behind them."""

    returns_pending: np.ndarray
    damage_pending: np.ndarray
    shrinkage_pending: np.ndarray
    reserved: np.ndarray
    unexplained: np.ndarray
    count_loss_after: np.ndarray
    count_gain_after: np.ndarray
    in_transit: np.ndarray  # arriving at this pair
    instances: pd.DataFrame  # pair, cause, units, n (instance number within pair and cause), partner pair


@dataclass(frozen=True)
class StockPlan:
    pairs: pd.DataFrame  # sku, warehouse, share, daily_units, sellable (P), safety, resellable_at_t
    causes: Causes
    stock_out_skus: np.ndarray
    short_skus: np.ndarray


def plan_stock(
    catalog: pd.DataFrame,
    pairs: pd.DataFrame,
    demand_units: np.ndarray,
    days: int,
    stock_out_skus: np.ndarray,
    rates: StockAnomalyRates,
    rng: np.random.Generator,
) -> StockPlan:
    """Sellable units, safety stock and injected causes per pair; resellable ledger units at T follow."""
    sku = pairs["sku"].to_numpy()
    n = len(pairs)
    demand = demand_units.astype(float)
    active = catalog["is_active"].to_numpy()
    out = np.zeros(len(catalog), dtype=bool)
    out[stock_out_skus] = True
    candidates = np.flatnonzero(active & ~out & (demand > 0))
    n_short = min(len(candidates), round(rates.short_skus * active.sum()))
    short_skus = np.sort(rng.choice(candidates, size=n_short, replace=False))
    cover = rng.uniform(1.3, 3.0, len(catalog))
    cover[short_skus] = rng.uniform(0.2, 0.8, len(short_skus))
    total = np.ceil(demand * cover).astype(np.int64)
    total += np.where(demand > 0, rng.integers(0, 4, len(catalog)), rng.integers(2, 25, len(catalog)))
    total[short_skus] = np.ceil(demand[short_skus] * cover[short_skus]).astype(np.int64)
    total[out] = 0
    sellable = _split(total, sku, pairs["share"].to_numpy())
    daily = demand[sku] / days * pairs["share"].to_numpy()
    abc = catalog["abc_class"].to_numpy()[sku]
    safety = np.where(abc == "A", np.ceil(daily * rng.uniform(1, 3, n)), 0)
    safety = np.where(abc == "B", np.ceil(daily * rng.uniform(0.5, 1.5, n)), safety).astype(np.int64)
    # Stock-out SKUs: half sold out (nothing left, no safety stock), half down to their safety stock.
    sold_out = out[sku] & (rng.random(n) < 0.5)
    safety = np.where(sold_out, 0, np.where(out[sku], np.maximum(safety, 1), safety))
    causes = _causes(pairs, sellable, ~out[sku], rng, rates)
    resellable_at_t = (
        sellable
        + safety
        + causes.reserved
        + causes.damage_pending
        + causes.shrinkage_pending
        + causes.unexplained
        + causes.count_loss_after
        - causes.count_gain_after
    )
    frame = pairs.assign(daily_units=daily, sellable=sellable, safety=safety, resellable_at_t=resellable_at_t)
    return StockPlan(frame, causes, stock_out_skus, short_skus)


def _split(total: np.ndarray, sku: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Split each SKU's total over its pairs by share; the rounding remainder goes to the largest share."""
    base = np.floor(total[sku] * share).astype(np.int64)
    rest = total - np.bincount(sku, weights=base, minlength=len(total)).astype(np.int64)
    order = np.lexsort((-share, sku))
    first = order[np.concatenate([[True], np.diff(sku[order]) != 0])]
    base[first] += rest[sku[first]]
    return base


def _pick(eligible: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    pool = np.flatnonzero(eligible)
    k = min(len(pool), max(1, round(rate * eligible.sum()))) if rate > 0 else 0
    return np.sort(rng.choice(pool, size=k, replace=False))


def _causes(
    pairs: pd.DataFrame,
    sellable: np.ndarray,
    eligible: np.ndarray,
    rng: np.random.Generator,
    rates: StockAnomalyRates,
) -> Causes:
    n = len(pairs)
    parts: list[pd.DataFrame] = []

    def add(
        pair: np.ndarray,
        cause: str,
        units: np.ndarray,
        partner: np.ndarray | None = None,
        received: np.ndarray | None = None,
    ) -> np.ndarray:
        per_pair = np.zeros(n, dtype=np.int64)
        np.add.at(per_pair, pair, units)
        frame = pd.DataFrame({"pair": pair, "cause": cause, "units": units})
        frame["n"] = frame.groupby("pair").cumcount()
        frame["partner"] = partner if partner is not None else -1
        frame["received"] = received if received is not None else 0
        parts.append(frame)
        return per_pair

    # Count adjustments after T first: those pairs get no pending incident nor unexplained loss, because
    # the count that triggered the adjustment would have found those units missing too.
    adjusted = _pick(eligible, rates.count_adjustment_after_snapshot, rng)
    amount = rng.integers(1, 5, len(adjusted))
    gain = (rng.random(len(adjusted)) < 0.2) & (sellable[adjusted] >= amount)
    loss_after = add(adjusted[~gain], "count_adjustment_after_snapshot", amount[~gain])
    # A gain posted after T means the channel showed fewer units than the shelf: a negative variance.
    gain_after = -add(adjusted[gain], "count_adjustment_after_snapshot", -amount[gain])
    free = eligible.copy()
    free[adjusted] = False

    with_returns = _pick(eligible, rates.returns_awaiting_restock, rng)
    returns = np.repeat(with_returns, rng.integers(1, 3, len(with_returns)))
    returns_pending = add(returns, "returns_awaiting_restock", rng.choice([1, 1, 1, 2], size=len(returns)))
    damage = _pick(free, rates.unposted_damage, rng)
    damage_pending = add(damage, "unposted_damage", rng.integers(1, 4, len(damage)))
    shrink = _pick(free, rates.unposted_shrinkage, rng)
    shrinkage_pending = add(shrink, "unposted_shrinkage", rng.integers(1, 4, len(shrink)))
    lost = _pick(free, rates.unexplained_shrinkage, rng)
    unexplained = add(lost, "unexplained_shrinkage", rng.integers(1, 5, len(lost)))
    with_reservations = _pick(eligible, rates.reservation, rng)
    held = np.repeat(with_reservations, rng.integers(1, 4, len(with_reservations)))
    reserved = add(held, "reservation", rng.choice([1, 1, 2, 3], size=len(held)))

    # Transfers still on the road arrive at a pair whose SKU another warehouse also stocks; a third of
    # them were partly received already (a first truck), the rest is in transit.
    sku = pairs["sku"].to_numpy()
    multi = np.bincount(sku, minlength=int(sku.max()) + 1)[sku] >= 2
    dest = _pick(eligible & multi, rates.transfer_in_transit, rng)
    sent = rng.integers(5, 41, len(dest))
    received = np.where(rng.random(len(dest)) < 0.35, rng.integers(1, sent), 0)
    in_transit = add(
        dest, "transfer_in_transit", sent - received, partner=_partner(sku, dest, rng), received=received
    )
    instances = pd.concat(parts, ignore_index=True)
    return Causes(
        returns_pending,
        damage_pending,
        shrinkage_pending,
        reserved,
        unexplained,
        loss_after,
        gain_after,
        in_transit,
        instances,
    )


def _partner(sku: np.ndarray, dest: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each destination pair, another pair of the same SKU (the sending warehouse)."""
    by_sku = np.argsort(sku, kind="stable")
    first = np.searchsorted(sku[by_sku], sku[dest], side="left")
    count = np.searchsorted(sku[by_sku], sku[dest], side="right") - first
    # Position of the destination inside its SKU's block (one small search per injected transfer).
    position = np.array(
        [np.flatnonzero(by_sku[f : f + c] == d)[0] for f, c, d in zip(first, count, dest, strict=True)],
        dtype=np.int64,
    )
    other = (position + rng.integers(1, np.maximum(count, 2))) % count
    return by_sku[first + other]
