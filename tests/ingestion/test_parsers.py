"""The value parsers of the landing contract (sql/ingest/macros.sql), value by value, in two time zones."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import duckdb
import pytest

from assets.sql_files import load_sql

TIMESTAMPS = [
    ("2026-11-20T08:30:00+08:00", datetime(2026, 11, 20, 0, 30)),
    ("2026-11-20 08:30:00+0800", datetime(2026, 11, 20, 0, 30)),
    ("2026-11-20T08:30+08", datetime(2026, 11, 20, 0, 30)),
    ("2026-11-20T08:30:00.123456-05:30", datetime(2026, 11, 20, 14, 0, 0, 123456)),
    ("2026-11-20T08:30:00+14:00", datetime(2026, 11, 19, 18, 30)),
    ("2026-11-20T08:30:00Z", datetime(2026, 11, 20, 8, 30)),
    (" 2026-11-20T08:30:00Z ", datetime(2026, 11, 20, 8, 30)),
    ("2026-11-20T08:30:00", datetime(2026, 11, 20, 8, 30)),  # no offset: taken as UTC
    ("2026-11-20T08:30:00.5", datetime(2026, 11, 20, 8, 30, 0, 500000)),
    ("2026-11-20", datetime(2026, 11, 20)),
    ("2026-11-20T24:00:00", datetime(2026, 11, 21)),  # ISO 8601 end of day
    ("2026-02-30T08:00:00+08:00", None),  # no such day (strptime with %z would roll it into March)
    ("2026-13-01T00:00:00Z", None),
    ("2026-11-20T08:30:00+25:00", None),  # no such offset
    ("2026-11-20T8:30:00", None),
    ("20261120", None),
    ("yesterday", None),
    ("", None),
    (None, None),
]

NUMBERS = [
    ("ingest_money", "12.34", 1234),
    ("ingest_money", "-0.5", -50),
    ("ingest_money", ".99", 99),
    ("ingest_money", "1.234", None),  # more than two decimals: not exact in cents
    ("ingest_money", "1e3", None),
    ("ingest_integer", "42", 42),
    ("ingest_integer", "+7", 7),
    ("ingest_integer", "3.0", 3),  # Parquet doubles cast that way
    ("ingest_integer", "3.5", None),
    ("ingest_integer", "9999999999999999999", None),
    ("ingest_decimal4", "1.5", Decimal("1.5")),
    ("ingest_decimal4", "-1", Decimal("-1")),
    ("ingest_decimal4", "NaN", None),
    ("ingest_decimal4", "1e309", None),
    ("ingest_decimal4", "0.12345", None),
    ("ingest_double", "31.23", 31.23),
    ("ingest_double", "1e-3", 0.001),
    ("ingest_double", "1e309", None),
    ("ingest_double", "inf", None),
    ("ingest_boolean", "TRUE", True),
    ("ingest_boolean", "0", False),
    ("ingest_boolean", "yes", None),
    ("ingest_text", "  a b  ", "a b"),
    ("ingest_text", "   ", None),
]


@pytest.fixture(params=["UTC", "Asia/Shanghai"])
def parsers(request: pytest.FixtureRequest) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute(f"set TimeZone = '{request.param}'")  # the result must not depend on the session's zone
    conn.execute(load_sql("ingest/macros"))
    yield conn
    conn.close()


@pytest.mark.parametrize(("raw", "expected"), TIMESTAMPS)
def test_timestamps_are_read_as_utc_or_refused(
    parsers: duckdb.DuckDBPyConnection, raw: str | None, expected: datetime | None
) -> None:
    assert parsers.execute("select ingest_timestamp(?)", [raw]).fetchone()[0] == expected


def test_timestamps_in_a_column_match_one_by_one(parsers: duckdb.DuckDBPyConnection) -> None:
    """Set-based evaluation (the common path for some rows, the general one for others) gives the same."""
    raws = [raw for raw, _ in TIMESTAMPS]
    got = parsers.execute(
        "select ingest_timestamp(v) from unnest(?::varchar[]) with ordinality as t(v, i) order by i", [raws]
    ).fetchall()
    assert [row[0] for row in got] == [expected for _, expected in TIMESTAMPS]


@pytest.mark.parametrize(("parser", "raw", "expected"), NUMBERS)
def test_numbers_and_flags_are_exact_or_refused(
    parsers: duckdb.DuckDBPyConnection, parser: str, raw: str, expected: object
) -> None:
    assert parsers.execute(f"select {parser}(?)", [raw]).fetchone()[0] == expected
