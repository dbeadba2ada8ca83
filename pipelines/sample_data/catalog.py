"""The catalogue: products (SPUs) with colour/size variants (SKUs), category-true sizes, traits and prices.

Category parameters (weights, dimensions, price ranges, trait shares) live in `data/categories.csv`.
Popularity is Zipf-like over products with uneven variant shares; ABC classes follow from it (A: the SKUs
that make the first 80% of demand, B: the next 15%, C: the rest). A few tail SKUs are inactive.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data.formats import padded, pick, unique_randoms

DATA = Path(__file__).resolve().parent / "data"
ZIPF_EXPONENT = 0.85
PRICE_ELASTICITY = 0.45
INACTIVE_SHARE = 0.02
COLOURS = ("黑色", "白色", "灰色", "蓝色", "红色", "粉色", "绿色", "米色", "卡其色", "藏青色", "紫色", "黄色")
APPAREL_SIZES = ("S", "M", "L", "XL", "XXL")
SHOE_SIZES = ("36", "37", "38", "39", "40", "41", "42", "43", "44")
STORAGE = ("128GB", "256GB", "512GB")
SPECS = ("小瓶装", "标准装", "大瓶装", "家庭装")
SIZES = ("小号", "中号", "大号")
BRANDS = ("青禾", "拾光", "素野", "暖阳", "森语", "知木", "云栖", "简一", "朗悦", "星河", "澄心", "禾木")
BRANDS += ("悦然", "月白", "远山", "半亩", "晴川", "拂晓", "雅集", "锦时")


def categories() -> pd.DataFrame:
    return pd.read_csv(DATA / "categories.csv", keep_default_na=False)


def _variant_layout(kind: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Number of colours and of sizes per product, by variant kind."""
    n = len(kind)
    colours = np.ones(n, dtype=np.int64)
    sizes = np.ones(n, dtype=np.int64)
    colours = np.where(np.isin(kind, ["colour", "colour_storage"]), rng.integers(1, 5, n), colours)
    colours = np.where(np.isin(kind, ["colour_size", "colour_shoe"]), rng.integers(1, 4, n), colours)
    sizes = np.where(kind == "colour_size", rng.integers(2, 6, n), sizes)
    sizes = np.where(kind == "colour_shoe", rng.integers(3, 8, n), sizes)
    sizes = np.where(kind == "colour_storage", rng.integers(1, 4, n), sizes)
    sizes = np.where(np.isin(kind, ["spec", "size"]), rng.integers(1, 4, n), sizes)
    return colours, sizes


def _size_labels(kind: np.ndarray, size_index: np.ndarray) -> pa.Array:
    labels = [*APPAREL_SIZES, *SHOE_SIZES, *STORAGE, *SPECS, *SIZES, ""]
    base = {"colour_size": 0, "colour_shoe": 5, "colour_storage": 14, "spec": 17, "size": 21}
    offset = np.array(
        [base.get(k, -1) for k in ("colour_size", "colour_shoe", "colour_storage", "spec", "size")]
    )
    index = np.full(len(kind), len(labels) - 1)
    for k, start in zip(
        ("colour_size", "colour_shoe", "colour_storage", "spec", "size"), offset, strict=True
    ):
        index = np.where(kind == k, start + size_index, index)
    return pick(labels, index)


def _shop_price(yuan: np.ndarray, ending: np.ndarray) -> np.ndarray:
    """Yuan amounts as cents with shop-like endings: 129.00 (40%), 38.90 (40%), 199.99 (20%)."""
    base = np.maximum(np.round(yuan), 2).astype(np.int64)
    cents = np.where(ending < 0.4, (base // 10 * 10 + 9) * 100, (base - 1) * 100 + 90)
    return np.where(ending > 0.8, base * 100 - 1, cents)


def build_catalog(n_skus: int, rng: np.random.Generator) -> pd.DataFrame:
    """n_skus SKUs with the `skus` table's columns (money in cents) plus `popularity` and `category_en`."""
    cats = categories()
    n_products = n_skus  # upper bound; truncated once the variants add up to n_skus
    cat = rng.choice(len(cats), size=n_products, p=cats["product_share"] / cats["product_share"].sum())
    kind = cats["variant_kind"].to_numpy()[cat]
    colours, sizes = _variant_layout(kind, rng)
    per_product = colours * sizes
    n_used = int(np.searchsorted(np.cumsum(per_product), n_skus)) + 1
    cat, kind, colours, sizes = cat[:n_used], kind[:n_used], colours[:n_used], sizes[:n_used]
    per_product = per_product[:n_used]
    product = np.repeat(np.arange(n_used), per_product)[:n_skus]
    variant = np.arange(n_skus) - np.concatenate([[0], np.cumsum(per_product)[:-1]])[product]
    size_index = variant % sizes[product]
    colour_index = (variant // sizes[product] + rng.integers(0, len(COLOURS), n_used)[product]) % len(COLOURS)
    has_colour = np.isin(kind[product], ["colour", "colour_storage", "colour_size", "colour_shoe"])
    has_size = kind[product] != "colour"
    has_size &= kind[product] != "none"

    c = {col: cats[col].to_numpy()[cat] for col in cats.columns}
    product_code = padded(unique_randoms(rng, n_used, 100_000, 1_000_000), 6)
    product_id = pc.binary_join_element_wise("P", product_code, "")
    product_of_sku = product_id.take(pa.array(product))
    sku = pc.binary_join_element_wise(product_of_sku, padded(variant + 1, 2), "-")
    colour = pc.if_else(pa.array(has_colour), pick(COLOURS, colour_index), pa.scalar(None, pa.string()))
    size = pc.if_else(
        pa.array(has_size), _size_labels(kind[product], size_index), pa.scalar(None, pa.string())
    )

    noun_lists = [n.split(";") for n in cats["nouns"]]
    noun = [
        noun_lists[k][i % len(noun_lists[k])] for k, i in zip(cat, rng.integers(0, 100, n_used), strict=True)
    ]
    brand = pick(BRANDS, rng.integers(0, len(BRANDS), n_used))
    title = pc.binary_join_element_wise(brand, pa.array(noun), "")
    name = pc.binary_join_element_wise(
        title.take(pa.array(product)), pc.fill_null(colour, ""), pc.fill_null(size, ""), " "
    )
    name = pc.utf8_rtrim(pc.replace_substring(name, "  ", " "), " ")

    list_yuan = np.exp(rng.uniform(np.log(c["price_min"]), np.log(c["price_max"])))[product]
    # Storage and size tiers cost more: +25% per step for phones, +8% per size for the rest.
    step = np.where(kind[product] == "colour_storage", 0.25, np.where(has_size, 0.08, 0.0))
    price = _shop_price(list_yuan * (1 + step * size_index), rng.random(n_used)[product])
    base_weight = np.exp(rng.uniform(np.log(c["weight_g_min"]), np.log(c["weight_g_max"])))[product]
    weight = np.maximum(np.round(base_weight * (1 + 0.06 * size_index)), 1).astype(np.int64)
    dims = [
        np.exp(rng.uniform(np.log(c[f"{d}_mm_min"]), np.log(c[f"{d}_mm_max"])))[product]
        for d in ("length", "width", "height")
    ]
    dims = np.sort(np.maximum(np.round(np.vstack(dims)), 5).astype(np.int64), axis=0)[::-1]

    # Zipf over products; uneven shares among a product's variants (gamma draws normalised per product).
    variant_share = rng.gamma(1.5, 1.0, n_skus)
    variant_share /= np.bincount(product, variant_share)[product]
    popularity = (1.0 / (rng.permutation(n_used) + 1.0) ** ZIPF_EXPONENT)[product] * variant_share
    # Cheap items sell more often: typical baskets on Chinese marketplaces are 100-200 yuan.
    popularity = popularity * (price / 100.0) ** -PRICE_ELASTICITY
    frame = pd.DataFrame(
        {
            "sku": sku,
            "name": name,
            "category": pa.array(c["category"][product]),
            "product_id": product_of_sku,
            "color": colour,
            "size": size,
            "weight_g": weight,
            "length_mm": dims[0],
            "width_mm": dims[1],
            "height_mm": dims[2],
            "is_fragile": (rng.random(n_used) < c["p_fragile"])[product],
            "is_liquid": (rng.random(n_used) < c["p_liquid"])[product],
            "is_valuable": (rng.random(n_used) < c["p_valuable"])[product],
            "unit_price_cents": price,
            "unit_cost_cents": np.round(price * rng.uniform(0.35, 0.7, n_skus)).astype(np.int64),
            "popularity": popularity / popularity.sum(),
            "category_en": c["category_en"][product],
        }
    )
    frame = frame.astype({"sku": "str", "name": "str", "category": "str", "product_id": "str"})
    return _classify(frame, rng)


def _classify(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    order = np.argsort(-frame["popularity"].to_numpy(), kind="stable")
    share = np.cumsum(frame["popularity"].to_numpy()[order])
    abc = np.where(share <= 0.8, "A", np.where(share <= 0.95, "B", "C"))
    frame["abc_class"] = ""
    frame.loc[order, "abc_class"] = abc
    frame.loc[order[0], "abc_class"] = "A"
    tail = np.flatnonzero(frame["abc_class"].to_numpy() == "C")
    n_inactive = max(3, round(INACTIVE_SHARE * len(frame)))
    inactive = rng.choice(tail, size=min(n_inactive, len(tail)), replace=False)
    frame["is_active"] = True
    frame.loc[inactive, "is_active"] = False
    return frame
