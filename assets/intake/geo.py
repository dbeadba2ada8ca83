"""The `geo_cities` reference table: the bundled city table with normalised match keys for geocoding."""

from __future__ import annotations

import duckdb
import pandas as pd

from assets.geography import CITY_COLUMNS
from assets.intake.addresses import place_key


def geo_frame(cities: pd.DataFrame) -> pd.DataFrame:
    """The city table with match keys; a city spelled two ways (local and English) is matched both ways."""
    base = cities[CITY_COLUMNS].copy()
    local = base.assign(province_key=base["province"].map(place_key), city_key=base["city"].map(place_key))
    english = base.assign(
        province_key=base["province_en"].map(place_key), city_key=base["city_en"].map(place_key)
    )
    keyed = pd.concat([local, english], ignore_index=True)
    keyed = keyed.dropna(subset=["province_key", "city_key"])
    # Two cities whose keys collide cannot be told apart by name: keep the larger, as a buyer would mean it.
    keyed = keyed.sort_values(["population", "city"], ascending=[False, True], na_position="last")
    return keyed.drop_duplicates(["country_code", "province_key", "city_key"]).reset_index(drop=True)


def write_geo_cities(conn: duckdb.DuckDBPyConnection, cities: pd.DataFrame) -> int:
    """Replace geo_cities with the given city table in one transaction; returns the number of rows."""
    frame = geo_frame(cities)
    conn.execute("begin")
    try:
        conn.register("geo_cities_in", frame)
        conn.execute("delete from geo_cities")
        conn.execute(
            "insert into geo_cities by name select * from geo_cities_in",
        )
        conn.unregister("geo_cities_in")
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return len(frame)
