"""Address normalisation: unicode clean-up, country codes with `pycountry`, match keys for geocoding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd
import pycountry

# Administrative suffixes that buyers type or leave out at will ("广东省" vs "广东", "Shenzhen Shi"); the key
# drops them so that both spellings meet the same city-table row. Longest first: "自治区" before "区".
_ADMIN_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "盟",
)
_LATIN_SUFFIXES = (" province", " sheng", " city", " shi", " prefecture", " municipality")
_SEPARATORS = re.compile(r"[\s\-_.,'·]+")


def clean_text(value: str | None) -> str | None:
    """NFKC-normalised text (full-width digits and letters to ASCII), trimmed, inner blanks collapsed."""
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFKC", str(value)).split())
    return text or None


@lru_cache(maxsize=100_000)
def place_key(value: str | None) -> str | None:
    """Match key of a province or city name: cleaned, case-folded, without separators or admin suffixes."""
    text = clean_text(value)
    if text is None:
        return None
    text = text.casefold()
    for suffix in _LATIN_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    text = _SEPARATORS.sub("", text)
    for suffix in _ADMIN_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text or None


@lru_cache(maxsize=1_000)
def country_alpha2(value: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code for an alpha-2, alpha-3 or numeric code or an English name; None if unknown."""
    text = clean_text(value)
    if text is None:
        return None
    for field in ("alpha_2", "alpha_3", "numeric"):
        found = pycountry.countries.get(**{field: text.upper() if field != "numeric" else text})
        if found is not None:
            return found.alpha_2
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


def place_keys(places: pd.DataFrame) -> pd.DataFrame:
    """For distinct (country_code, province, city) triples as typed: the ISO country and the match keys."""
    out = places[["country_code", "province", "city"]].drop_duplicates().reset_index(drop=True)
    out["country_iso"] = out["country_code"].map(_none_safe(country_alpha2))
    out["province_key"] = out["province"].map(_none_safe(place_key))
    out["city_key"] = out["city"].map(_none_safe(place_key))
    return out.astype(object).where(out.notna(), None)


def _none_safe(func):  # type: ignore[no-untyped-def]
    """pandas passes NaN/None for missing values; the key functions expect None."""
    return lambda value: func(value) if isinstance(value, str) else None
