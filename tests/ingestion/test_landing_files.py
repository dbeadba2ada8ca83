"""Landing files are classified by folder and name, hashed by content, and fingerprinted for the sensor."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from assets.ingestion.files import classify, decode_cursor, new_landing_entries, scan_landing, sha256_file


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("orders/tmall_20261120.csv", ("orders", "csv")),
        ("orders/jd.JSONL", ("orders", "jsonl")),
        ("orders/x.parquet", ("orders", "parquet")),
        ("orders/.hidden.csv", None),
        ("orders/half.csv.part", None),
        ("orders/notes.txt", None),
        ("stock/movements_1.parquet", ("movements", "parquet")),
        ("stock/cycle_counts_1.parquet", None),  # only CSV in the contract
        ("stock/channel_stock_2026.csv", ("channel_stock", "csv")),
        ("master/carrier_services.csv", ("master:carrier_services", "csv")),
        ("master/carriers_20261120.csv", ("master:carriers", "csv")),
        ("master/supplier_skus.csv", ("master:supplier_skus", "csv")),
        ("master/unknown.csv", None),
        ("orders/sub/deep.csv", None),
    ],
)
def test_classify(path: str, expected: tuple[str, str] | None) -> None:
    assert classify(path) == expected


def test_scan_hash_and_cursor(landing_dir: Path) -> None:
    (landing_dir / "orders" / "b.csv").write_bytes(b"x" * 20_000_000)
    (landing_dir / "orders" / "a.csv").write_bytes(b"header\n")
    (landing_dir / "orders" / "readme.md").write_text("not a landing file")
    files, ignored = scan_landing(landing_dir)
    assert [f.path for f in files] == ["orders/a.csv", "orders/b.csv"] and ignored == ["orders/readme.md"]
    assert sha256_file(files[1].abs_path) == hashlib.sha256(b"x" * 20_000_000).hexdigest()

    new, cursor = new_landing_entries(landing_dir, None)
    assert [p for p, _, _ in new] == ["orders/a.csv", "orders/b.csv"]
    assert decode_cursor(cursor) == sorted(decode_cursor(cursor))
    assert new_landing_entries(landing_dir, cursor)[0] == []
    assert decode_cursor("not json") == []
