"""Line-level anomalies: unknown or inactive SKUs, stock-out SKUs and invalid quantities.

Targets are orders without promotion, so the discount stays 0 and the paid amount, recomputed from the
exported lines, still adds up: each order carries exactly one anomaly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.sample_data.config import OrderAnomalyRates
from pipelines.sample_data.injection import Claims, TruthLog, count_for, pick_line
from pipelines.sample_data.pricing import line_amounts


def unknown_codes(catalog: pd.DataFrame, original: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Plausible SKU codes that are not in the catalogue: a variant number beyond the product's range, a
    product that does not exist, or a code missing its zero padding (one per anomaly line, a few hundred)."""
    known = set(catalog["sku"].tolist())
    product = catalog["product_id"].to_numpy()[original]
    beyond = catalog.groupby("product_id")["sku"].count().reindex(product).to_numpy() + rng.integers(
        1, 4, len(product)
    )
    kind = rng.integers(0, 3, len(product))
    ghost = rng.integers(100_000, 1_000_000, len(product))
    codes = [
        f"{p}-{b:02d}" if k == 0 else f"P{g}-01" if k == 1 else f"{p}-{b}"
        for p, b, k, g in zip(product, beyond, kind, ghost, strict=True)
    ]
    codes = [c if c not in known else f"P000000-{i + 1:02d}" for i, c in enumerate(codes)]
    return np.array(codes, dtype=object)


def inject_line_anomalies(
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    catalog: pd.DataFrame,
    stock_out_skus: np.ndarray,
    rates: OrderAnomalyRates,
    claims: Claims,
    truth: TruthLog,
    rng: np.random.Generator,
) -> None:
    n = len(orders)
    plain = orders["promo_index"].to_numpy() < 0
    n_lines = np.bincount(lines["order"].to_numpy(), minlength=n)
    price = lines["unit_price_cents"].to_numpy()

    # Fractional quantities only on lines with an even price in cents, so that qty x price is whole cents.
    chosen = claims.take(
        plain & (np.bincount(lines["order"], weights=price % 2 == 0, minlength=n) > 0),
        count_for(rates.qty_fractional, n),
        rng,
    )
    rows = pick_line(lines, chosen, rng, eligible=price % 2 == 0)
    qty = rng.choice([0.5, 1.5, 2.5], size=len(rows))
    _set_qty(lines, rows, qty)
    truth.add(
        lines["order"].to_numpy()[rows], "qty_fractional", _detail("quantity=", qty), _line_no(lines, rows)
    )

    # Negative quantities on the cheapest line of a multi-line order, so the order total stays positive.
    chosen = claims.take(plain & (n_lines >= 2), count_for(rates.qty_negative, n), rng)
    rows = _cheapest_line(lines, chosen)
    _set_qty(lines, rows, -1.0)
    truth.add(lines["order"].to_numpy()[rows], "qty_negative", "quantity=-1", _line_no(lines, rows))

    chosen = claims.take(plain, count_for(rates.qty_zero, n), rng)
    rows = pick_line(lines, chosen, rng)
    _set_qty(lines, rows, 0.0)
    truth.add(lines["order"].to_numpy()[rows], "qty_zero", "quantity=0", _line_no(lines, rows))

    chosen = claims.take(plain, count_for(rates.unknown_sku, n), rng)
    rows = pick_line(lines, chosen, rng)
    codes = unknown_codes(catalog, lines["sku_index"].to_numpy()[rows], rng)
    _set_sku(lines, rows, codes, -1, -1, price[rows])
    truth.add(lines["order"].to_numpy()[rows], "unknown_sku", _detail("sku=", codes), _line_no(lines, rows))

    inactive = np.flatnonzero(~catalog["is_active"].to_numpy())
    _replace_sku(
        orders,
        lines,
        catalog,
        inactive,
        "inactive_sku",
        count_for(rates.inactive_sku, n),
        plain,
        claims,
        truth,
        rng,
    )
    _replace_sku(
        orders,
        lines,
        catalog,
        stock_out_skus,
        "stock_out",
        count_for(rates.stock_out, n),
        plain,
        claims,
        truth,
        rng,
    )


def _replace_sku(
    orders: pd.DataFrame,
    lines: pd.DataFrame,
    catalog: pd.DataFrame,
    pool: np.ndarray,
    anomaly: str,
    k: int,
    plain: np.ndarray,
    claims: Claims,
    truth: TruthLog,
    rng: np.random.Generator,
) -> None:
    if len(pool) == 0 or k == 0:
        return
    chosen = claims.take(plain, k, rng)
    rows = pick_line(lines, chosen, rng)
    # Clean lines never hold inactive or stock-out SKUs, so the new SKU cannot repeat within the order.
    sku = pool[rng.integers(0, len(pool), len(rows))]
    codes = catalog["sku"].to_numpy()[sku]
    category = pd.Index(sorted(catalog["category"].unique())).get_indexer(catalog["category"].to_numpy()[sku])
    _set_sku(lines, rows, codes, sku, category, catalog["unit_price_cents"].to_numpy()[sku])
    suffix = (
        "inactive in the catalogue" if anomaly == "inactive_sku" else "no sellable stock in any warehouse"
    )
    truth.add(
        lines["order"].to_numpy()[rows], anomaly, [f"sku={c}: {suffix}" for c in codes], _line_no(lines, rows)
    )


def _set_qty(lines: pd.DataFrame, rows: np.ndarray, qty: np.ndarray | float) -> None:
    lines.loc[rows, "qty"] = qty


def _set_sku(
    lines: pd.DataFrame,
    rows: np.ndarray,
    codes: np.ndarray,
    sku_index: np.ndarray | int,
    category_index: np.ndarray | int,
    price: np.ndarray,
) -> None:
    lines.loc[rows, "sku"] = pd.array(np.asarray(codes, dtype=object), dtype="str")
    lines.loc[rows, "sku_index"] = sku_index
    lines.loc[rows, "category_index"] = category_index
    lines.loc[rows, "unit_price_cents"] = price


def _cheapest_line(lines: pd.DataFrame, chosen: np.ndarray) -> np.ndarray:
    rows = np.flatnonzero(np.isin(lines["order"].to_numpy(), chosen))
    if len(rows) == 0:
        return rows
    amount = line_amounts(lines.iloc[rows])
    order = lines["order"].to_numpy()[rows]
    ordering = np.lexsort((amount, order))
    first = np.concatenate([[True], np.diff(order[ordering]) != 0])
    return np.sort(rows[ordering][first])


def _line_no(lines: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    return lines["line_no"].to_numpy()[rows]


def _detail(prefix: str, values: np.ndarray) -> list[str]:
    return [f"{prefix}{v}" for v in values]  # one string per anomaly row (hundreds), not per order line
