"""Ship-to addresses: real cities from `assets.geography`, plausible districts, streets and postal codes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from assets.geography import city_table
from pipelines.sample_data.formats import padded, pick

DATA = Path(__file__).resolve().parent / "data"
# Demand grows faster than population (income, e-commerce adoption), which gives the heavy head of
# Shanghai, Beijing, Shenzhen, Guangzhou, Chengdu that Chinese marketplaces report.
DEMAND_EXPONENT = 1.35


@cache
def _lines(name: str) -> tuple[str, ...]:
    return tuple(
        line.strip() for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()
    )


@dataclass(frozen=True)
class Districts:
    """A flat table of districts: city index, name and postal code, grouped by city (offset/count)."""

    city_index: np.ndarray
    name: pa.Array
    postal_code: pa.Array
    offset: np.ndarray  # first district row of each city
    count: np.ndarray  # number of districts of each city


def cities_with_demand() -> pd.DataFrame:
    """`assets.geography.city_table()` plus `demand_weight` (sums to 1)."""
    cities = city_table()
    weight = cities["population"].to_numpy(dtype=float) ** DEMAND_EXPONENT
    cities["demand_weight"] = weight / weight.sum()
    return cities


def build_districts(cities: pd.DataFrame, rng: np.random.Generator) -> Districts:
    """Real district names for the largest cities, generic plausible ones elsewhere; one postal code each."""
    known = pd.read_csv(DATA / "districts.csv", dtype=str).set_index("city")["districts"].str.split(";")
    generic = np.array(_lines("generic_districts.txt"))
    names: list[np.ndarray] = []
    for city, population in zip(cities["city"], cities["population"], strict=True):  # ~200 cities
        if city in known.index:
            names.append(np.array(known[city]))
        else:
            n = int(np.clip(np.log10(max(population, 10)) - 2.5, 3, 8))
            names.append(rng.choice(generic, size=n, replace=False))
    count = np.array([len(n) for n in names])
    offset = np.concatenate([[0], np.cumsum(count)[:-1]])
    city_index = np.repeat(np.arange(len(cities)), count)
    within = np.arange(len(city_index)) - offset[city_index]
    # 6-digit code: the city's 3-digit prefix, a delivery-area digit per district and two local digits.
    prefix = cities["postal_prefix"].to_numpy()[city_index]
    local = padded((within % 10) * 100 + rng.integers(0, 100, len(city_index)), 3)
    postal = pc.binary_join_element_wise(pa.array(prefix), local, "")
    return Districts(city_index, pa.array(np.concatenate(names)), postal, offset, count)


@dataclass(frozen=True)
class Addresses:
    """Vectorised ship-to addresses (one row per address)."""

    city_index: np.ndarray
    district_index: np.ndarray
    street: pa.Array  # street and house number: 人民路88号
    street_name: pa.Array  # street without number, for anomalies
    detail: pa.Array  # building / unit / room, null when absent


def sample_addresses(
    n: int, cities: pd.DataFrame, districts: Districts, rng: np.random.Generator
) -> Addresses:
    """n addresses with population-weighted cities (heavy head), uniform districts, realistic numbers."""
    city = rng.choice(len(cities), size=n, p=cities["demand_weight"].to_numpy())
    district = districts.offset[city] + (rng.random(n) * districts.count[city]).astype(np.int64)
    streets = _lines("streets.txt")
    street_name = pick(streets, rng.integers(0, len(streets), n))
    # House numbers: mostly small, a long tail up to ~1000.
    number = np.minimum(rng.geometric(1 / 120, n), 999)
    street = pc.binary_join_element_wise(street_name, pc.cast(pa.array(number), pa.string()), "号", "")
    return Addresses(city, district, street, street_name, _details(n, rng))


def _details(n: int, rng: np.random.Generator) -> pa.Array:
    building = pc.cast(pa.array(rng.integers(1, 40, n)), pa.string())
    unit = pc.cast(pa.array(rng.integers(1, 7, n)), pa.string())
    room = pc.cast(pa.array(rng.integers(1, 33, n) * 100 + rng.integers(1, 9, n)), pa.string())
    flat = pc.binary_join_element_wise(building, "栋", unit, "单元", room, "室", "")
    office = pc.binary_join_element_wise(building, "号楼", room, "")
    kind = rng.random(n)
    detail = pc.if_else(pa.array(kind < 0.7), flat, office)
    return pc.if_else(pa.array(kind < 0.88), detail, pa.scalar(None, pa.string()))
