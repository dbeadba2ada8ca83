"""Carriers, their services and contract rate cards; cartons and packing materials.

Rates are illustrative contract prices in the range Chinese merchants pay (first-weight price plus a
per-kg step beyond the top tier), rising with distance band and weight tier; SLA days grow with distance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# carrier_code, name, label_prefix, price level (1.0 = market), speed bonus in days for standard
CARRIERS = (
    ("SF", "顺丰速运", "SF", 1.55, 1),
    ("JDL", "京东物流", "JDVA", 1.35, 1),
    ("ZTO", "中通快递", "ZT", 0.85, 0),
    ("YTO", "圆通速递", "YT", 0.82, 0),
    ("EMS", "中国邮政EMS", "E", 1.10, 0),
)
# service suffix, service_level, price factor, sla offset in days, cutoff HH:MM, max weight g
SERVICES = (
    ("STD", "standard", 1.0, 0, "18:00", 30_000),
    ("EXP", "express", 1.6, -1, "16:00", 20_000),
    ("ECO", "economy", 0.75, 2, "20:00", 50_000),
)
# The low-cost networks offer no express product; SF offers no economy product.
NO_SERVICE = {("ZTO", "EXP"), ("YTO", "EXP"), ("SF", "ECO")}
DISTANCE_BANDS_KM = (300, 800, 1500, 2500, 5000)
WEIGHT_TIERS_G = (500, 1_000, 3_000, 5_000, 10_000)
CARTONS = (
    # carton_code, inner l, w, h (mm), max weight g, tare g, cost cents  (bags first, then boxes 12..1)
    ("BAG-S", 250, 180, 30, 1_000, 15, 20),
    ("BAG-L", 400, 300, 60, 3_000, 25, 35),
    ("BOX-12", 145, 85, 105, 2_000, 60, 45),
    ("BOX-10", 175, 95, 115, 3_000, 75, 55),
    ("BOX-8", 210, 110, 140, 5_000, 100, 70),
    ("BOX-6", 260, 150, 180, 8_000, 140, 95),
    ("BOX-5", 290, 170, 190, 10_000, 170, 110),
    ("BOX-4", 350, 190, 230, 12_000, 220, 140),
    ("BOX-3", 430, 210, 270, 15_000, 300, 190),
    ("BOX-2", 530, 230, 290, 20_000, 380, 240),
    ("BOX-1", 530, 290, 370, 25_000, 460, 300),
)
PACKING_MATERIALS = (
    ("BUBBLE", "气泡膜", "fragile", 30),
    ("AIRPILLOW", "缓冲气柱", "fragile", 45),
    ("LEAKBAG", "防漏自封袋", "liquid", 15),
    ("ABSORB", "吸水棉", "liquid", 20),
    ("SEAL", "防拆封条", "valuable", 25),
    ("FILLER", "填充纸", "any", 8),
    ("TAPE", "封箱胶带", "any", 5),
    ("INVOICE", "发票", "insert", 2),
    ("RETURNSLIP", "退换货单", "insert", 2),
    ("PROMOCARD", "好评返现卡", "insert", 3),
)


def build_carriers() -> pd.DataFrame:
    return pd.DataFrame([c[:3] for c in CARRIERS], columns=["carrier_code", "name", "label_prefix"])


def build_carrier_services() -> pd.DataFrame:
    rows = [
        (carrier[0], f"{carrier[0]}-{svc[0]}", svc[1], svc[4], svc[5])
        for carrier in CARRIERS
        for svc in SERVICES
        if (carrier[0], svc[0]) not in NO_SERVICE
    ]
    return pd.DataFrame(
        rows, columns=["carrier_code", "service_code", "service_level", "daily_cutoff_local", "max_weight_g"]
    )


def build_rate_cards(rng: np.random.Generator) -> pd.DataFrame:
    """One rate per (carrier service, distance band, weight tier)."""
    services = build_carrier_services()
    level = {c[0]: c[3] for c in CARRIERS}
    speed = {c[0]: c[4] for c in CARRIERS}
    factor = {f"{c[0]}-{s[0]}": (s[2], s[3]) for c in CARRIERS for s in SERVICES}
    n_s, n_d, n_w = len(services), len(DISTANCE_BANDS_KM), len(WEIGHT_TIERS_G)
    s_idx, d_idx, w_idx = (
        a.ravel() for a in np.meshgrid(np.arange(n_s), np.arange(n_d), np.arange(n_w), indexing="ij")
    )
    carrier = services["carrier_code"].to_numpy()[s_idx]
    service = services["service_code"].to_numpy()[s_idx]
    price_level = np.array([level[c] for c in carrier])
    svc_factor = np.array([factor[s][0] for s in service])
    # First-weight price ~5 yuan nearby up to ~14 yuan far away, +3-6 yuan per weight tier at market level.
    base = 500 + 220 * d_idx + (300 + 80 * d_idx) * w_idx
    rate = np.round(base * price_level * svc_factor * rng.uniform(0.97, 1.03, len(base)), -1)
    extra_kg = np.round((150 + 90 * d_idx) * price_level * svc_factor, -1)
    sla = 1 + d_idx - np.array([speed[c] for c in carrier]) + np.array([factor[s][1] for s in service])
    return pd.DataFrame(
        {
            "carrier_code": carrier,
            "service_code": service,
            "distance_band_max_km": np.array(DISTANCE_BANDS_KM)[d_idx],
            "weight_tier_max_g": np.array(WEIGHT_TIERS_G)[w_idx],
            "rate_cents": rate.astype(np.int64),
            "additional_kg_rate_cents": extra_kg.astype(np.int64),
            "sla_days": np.maximum(sla, 1).astype(np.int64),
        }
    )


def build_carton_types() -> pd.DataFrame:
    return pd.DataFrame(
        CARTONS,
        columns=[
            "carton_code",
            "inner_length_mm",
            "inner_width_mm",
            "inner_height_mm",
            "max_weight_g",
            "tare_weight_g",
            "cost_cents",
        ],
    )


def build_packing_materials() -> pd.DataFrame:
    return pd.DataFrame(PACKING_MATERIALS, columns=["material_code", "name", "required_for", "cost_cents"])
