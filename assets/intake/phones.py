"""Phone validation with the `phonenumbers` package: is the ship-to phone a valid number for the country?"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import phonenumbers

from assets.intake.addresses import country_alpha2

# Types a parcel carrier can call or text; pagers, premium-rate and the like are not reachable recipients.
REACHABLE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        phonenumbers.PhoneNumberType.VOIP,
        phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
        phonenumbers.PhoneNumberType.UNKNOWN,
    }
)


# Digits, separators and a leading plus, as buyers type them (full-width forms included).
_PHONE_CHARACTERS = re.compile(r"\+?[0-9０-９ \-().\u3000－（）]+")


@lru_cache(maxsize=200_000)
def phone_e164(phone: str | None, country_code: str | None) -> str | None:
    """The number in E.164 form if `phone` is a valid, reachable number for `country_code`, else None.

    A number written with an international prefix (+49 ...) is judged by its own country; without one it
    is read as a national number of the ship-to country.
    """
    if phone is None or not phone.strip():
        return None
    if not _PHONE_CHARACTERS.fullmatch(phone.strip()):
        # phonenumbers reads letters as keypad digits (1-800-FLOWERS); a ship-to phone has none
        return None
    region = (country_code or "").strip().upper() or None
    try:
        parsed = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    if phonenumbers.number_type(parsed) not in REACHABLE_TYPES:
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def check_phones(pairs: pd.DataFrame) -> pd.DataFrame:
    """For distinct (country_code, phone) pairs: is_missing, is_valid and the E.164 form.

    The caller passes distinct pairs, so the per-value library call runs once per number, not per order.
    """
    out = pairs[["country_code", "phone"]].drop_duplicates().reset_index(drop=True)
    countries = out["country_code"].astype("object").where(out["country_code"].notna(), None)
    phones = out["phone"].astype("object").where(out["phone"].notna(), None)
    regions = [country_alpha2(value) if isinstance(value, str) else None for value in countries]
    out["phone_e164"] = [phone_e164(p, c) for p, c in zip(phones, regions, strict=True)]
    out["is_missing"] = phones.map(lambda p: p is None or not str(p).strip()).astype(bool)
    out["is_valid"] = out["phone_e164"].notna()
    return out
