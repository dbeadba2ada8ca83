"""Vectorised formatting of money, times and codes into the strings the landing files carry."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.sample_data.config import LOCAL_OFFSET_S


def cents_decimal(cents: np.ndarray) -> pa.Array:
    """Integer cents as an Arrow decimal128(18, 2) (exact; no float rounding on the way)."""
    values = np.ascontiguousarray(cents, dtype=np.int64)
    # decimal128 is a little-endian 128-bit two's complement integer: low word = cents, high = sign.
    words = np.empty((len(values), 2), dtype=np.int64)
    words[:, 0] = values
    words[:, 1] = values >> 63
    return pa.Array.from_buffers(pa.decimal128(18, 2), len(values), [None, pa.py_buffer(words)])


def money(cents: np.ndarray) -> pa.Array:
    """Integer cents as major-unit strings with two decimals: 12990 -> "129.90", -5 -> "-0.05"."""
    return pc.cast(cents_decimal(cents), pa.string())


def money_or_null(cents: np.ndarray, present: np.ndarray) -> pa.Array:
    """Like `money`, null where `present` is false."""
    return pc.if_else(pa.array(present), money(cents), pa.scalar(None, pa.string()))


@cache
def _clock_texts() -> pa.Array:
    """'HH:MM:SS+08:00' for every second of a day (86,400 strings, built once)."""
    second = np.arange(86_400)
    hh, mm, ss = second // 3600, second // 60 % 60, second % 60
    digits = np.stack([hh // 10, hh % 10, mm // 10, mm % 10, ss // 10, ss % 10], axis=1) + ord("0")
    grid = np.full((86_400, 14), ord(":"), dtype=np.uint32)
    grid[:, [0, 1, 3, 4, 6, 7]] = digits
    grid[:, 8:] = [ord(c) for c in "+08:00"]
    return pa.array(np.ascontiguousarray(grid).view("<U14").ravel())


def local_time(seconds: np.ndarray) -> pa.Array:
    """Epoch seconds (UTC) as ISO-8601 local time with the China offset: 2026-11-19T18:15:00+08:00."""
    local = np.asarray(seconds, dtype=np.int64) + LOCAL_OFFSET_S
    day, second = np.divmod(local, 86_400)
    unique, inverse = np.unique(day, return_inverse=True)  # a few dozen distinct days
    dates = pa.array(np.datetime_as_string(unique.astype("datetime64[D]"), unit="D"))
    return pc.binary_join_element_wise(
        dates.take(pa.array(inverse.ravel())), _clock_texts().take(pa.array(second)), "T"
    )


def local_time_or_null(seconds: np.ndarray, present: np.ndarray) -> pa.Array:
    """Like `local_time`, null where `present` is false."""
    return pc.if_else(pa.array(present), local_time(seconds), pa.scalar(None, pa.string()))


def timestamp_local(seconds: np.ndarray) -> pa.Array:
    """Epoch seconds as an Arrow timestamp with a +08:00 zone (for Parquet exports)."""
    return pa.array(np.asarray(seconds, dtype=np.int64), pa.timestamp("s", tz="+08:00"))


def local_date(seconds: np.ndarray) -> np.ndarray:
    """Local calendar date (+08:00) as 'YYYY-MM-DD' strings."""
    local = ((np.asarray(seconds, dtype=np.int64) + LOCAL_OFFSET_S) // 86_400).astype("datetime64[D]")
    return np.datetime_as_string(local, unit="D")


def utc_date(seconds: np.ndarray) -> np.ndarray:
    """UTC calendar date as 'YYYY-MM-DD' strings."""
    return np.datetime_as_string(
        (np.asarray(seconds, dtype=np.int64) // 86_400).astype("datetime64[D]"), unit="D"
    )


def padded(numbers: np.ndarray, width: int) -> pa.Array:
    """Non-negative integers as zero-padded decimal strings."""
    return pc.utf8_lpad(pc.cast(pa.array(np.asarray(numbers, dtype=np.int64)), pa.string()), width, "0")


def coded(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """Identifiers such as RT-000042 from integers."""
    return pc.binary_join_element_wise(prefix, padded(numbers, width), "")


def unique_randoms(rng: np.random.Generator, n: int, low: int, high: int) -> np.ndarray:
    """n distinct random integers in [low, high), in random order; cheap for n much smaller than the range."""
    if n > high - low:
        raise ValueError(f"cannot draw {n} distinct values from a range of {high - low}")
    values = rng.integers(low, high, size=n, dtype=np.int64)
    while True:
        ordered = np.sort(values)
        if not (ordered[1:] == ordered[:-1]).any():
            return values
        repeat = pd.Series(values).duplicated().to_numpy()
        values[repeat] = rng.integers(low, high, size=int(repeat.sum()), dtype=np.int64)


def assemble(n: int, parts: Sequence[tuple[np.ndarray, pa.Array]]) -> pa.Array:
    """A string array of length n with parts[k][1] placed at row positions parts[k][0]; other rows null."""
    placed = np.concatenate([np.asarray(idx, dtype=np.int64) for idx, _ in parts] + [np.empty(0, np.int64)])
    values = pa.concat_arrays([v.cast(pa.string()) for _, v in parts] + [pa.nulls(1, pa.string())])
    source = np.full(n, len(placed), dtype=np.int64)  # default: the trailing null
    source[placed] = np.arange(len(placed))
    return values.take(pa.array(source))


ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789"


def random_tokens(n: int, length: int, rng: np.random.Generator, alphabet: str = ALPHANUMERIC) -> np.ndarray:
    """n random strings of `length` characters from `alphabet` (built as code points, no Python loop)."""
    points = np.array([ord(ch) for ch in alphabet], dtype=np.uint32)
    grid = points[rng.integers(0, len(points), size=(n, length))]
    return np.ascontiguousarray(grid).view(f"<U{length}").ravel()


def pick(values: Sequence[str] | pa.Array, index: np.ndarray) -> pa.Array:
    """values[index] as an Arrow string array (Arrow's take; converting numpy unicode arrays is slow)."""
    source = values if isinstance(values, pa.Array) else pa.array(list(values), pa.string())
    return source.take(pa.array(np.asarray(index, dtype=np.int64)))


def text(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    """An Arrow string array as a pandas string Series without copying through Python objects."""
    return pd.Series(values, dtype="str")


def arrow(series: pd.Series) -> pa.Array:
    """A pandas string or categorical Series as an Arrow string array (zero-copy for Arrow strings)."""
    if isinstance(series.dtype, pd.CategoricalDtype) or series.dtype == "str":
        return pa.array(series).cast(pa.string())
    return pa.array(series, pa.string())


def isin_text(values: np.ndarray | pa.Array, known: np.ndarray | pd.Series) -> np.ndarray:
    """Membership of strings in a set of strings (hash based; numpy's isin is quadratic on objects)."""
    return pd.Index(pd.Series(known, dtype="str")).get_indexer(pd.Series(values, dtype="str")) >= 0
