"""Layout, contract columns, determinism and the command line of the generator."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sample_landing import SMALL, Sample, schema_columns

from pipelines.sample_data import GeneratorConfig, generate

REPO = Path(__file__).resolve().parents[2]
MASTER_TABLES = [
    "skus",
    "warehouses",
    "bins",
    "safety_stock",
    "carriers",
    "carrier_services",
    "rate_cards",
    "transfer_lanes",
    "suppliers",
    "supplier_skus",
    "purchase_orders",
    "carton_types",
    "packing_materials",
    "promotions",
    "coupons",
    "customers",
]


def _contract_columns() -> dict[str, list[str]]:
    """Column lists as docs/landing_files.md states them (orders table and the stock file table)."""
    text = (REPO / "docs" / "landing_files.md").read_text(encoding="utf-8")
    orders = re.findall(r"^\| (\w+) \| (?:order|line) \|", text, flags=re.M)
    stock = {
        m[0]: [c.strip() for c in m[1].split(",")]
        for m in re.findall(r"^\| (\w+)_\*[^|]*\| ([^|]+) \|", text, flags=re.M)
    }
    return {"orders": orders, **stock}


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_order_files_carry_every_contract_column(sample: Sample) -> None:
    wanted = _contract_columns()["orders"]
    assert len(wanted) == 29
    folder = sample.root / "landing" / "orders"
    kinds = {p.suffix for p in folder.iterdir()}
    assert kinds == {".csv", ".jsonl", ".parquet"}
    for path in folder.iterdir():
        if path.suffix == ".parquet":
            columns = pq.read_schema(path).names
        elif path.suffix == ".jsonl":
            columns = list(__import__("json").loads(path.read_text(encoding="utf-8").splitlines()[0]))
        else:
            columns = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert sorted(columns) == sorted(wanted), path.name


def test_master_files_carry_every_schema_column(sample: Sample) -> None:
    for table in MASTER_TABLES:
        expected = [c.removesuffix("_cents") for c in schema_columns(table)]
        header = (
            (sample.root / "landing" / "master" / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        )
        assert header.split(",") == expected, table
    assert sorted(p.stem for p in (sample.root / "landing" / "master").iterdir()) == sorted(MASTER_TABLES)


def test_stock_files_carry_every_contract_column(sample: Sample) -> None:
    contract = _contract_columns()
    for kind in ("movements", "cycle_counts", "channel_stock", "reservations", "incident_reports"):
        paths = sorted((sample.root / "landing" / "stock").glob(f"{kind}_*"))
        assert paths, kind
        for path in paths:
            columns = (
                pq.read_schema(path).names
                if path.suffix == ".parquet"
                else path.read_text(encoding="utf-8").splitlines()[0].split(",")
            )
            assert columns == contract[kind], path.name
    assert any(p.suffix == ".parquet" for p in (sample.root / "landing" / "stock").glob("movements_*"))


def test_same_arguments_give_identical_bytes(tmp_path: Path) -> None:
    config = GeneratorConfig(orders=600, warehouses=4, skus=120, days=10, seed=3)
    generate(config, tmp_path / "a", echo=lambda _: None)
    generate(config, tmp_path / "b", echo=lambda _: None)
    first, second = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert len(first) > 40 and first == second
    generate(
        GeneratorConfig(orders=600, warehouses=4, skus=120, days=10, seed=4),
        tmp_path / "c",
        echo=lambda _: None,
    )
    assert _digests(tmp_path / "c") != first


def test_output_does_not_depend_on_the_process(tmp_path: Path) -> None:
    """Two interpreters with different string-hash seeds (set and dict order) write the same bytes."""
    args = ["--orders", "300", "--warehouses", "3", "--skus", "80", "--days", "4", "--seed", "5"]
    for name, hash_seed in (("p1", "1"), ("p2", "2")):
        subprocess.run(
            [sys.executable, "-m", "pipelines.sample_data", *args, "--out", str(tmp_path / name)],
            capture_output=True, cwd=REPO, check=True, env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )  # fmt: skip
    assert _digests(tmp_path / "p1") == _digests(tmp_path / "p2")


def test_rerun_replaces_its_own_output_but_never_foreign_landing_files(tmp_path: Path) -> None:
    config = GeneratorConfig(orders=300, warehouses=2, skus=60, days=5, seed=1)
    generate(config, tmp_path / "run", echo=lambda _: None)
    stale = tmp_path / "run" / "landing" / "orders" / "stale.csv"
    stale.write_text("x\n", encoding="utf-8")
    generate(config, tmp_path / "run", echo=lambda _: None)
    assert not stale.exists()
    foreign = tmp_path / "foreign" / "landing"
    foreign.mkdir(parents=True)
    (foreign / "mine.csv").write_text("keep\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate(config, tmp_path / "foreign", echo=lambda _: None)
    assert (foreign / "mine.csv").exists()


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (["--warehouses", "0"], "--warehouses must be between 1 and 30"),
        (["--warehouses", "31"], "--warehouses must be between 1 and 30"),
        (["--orders", "-5"], "--orders must be at least 1"),
        (["--days", "1"], "--days must be between 3 and 366"),
        (["--skus", "10"], "--skus must be at least 50"),
        (["--as-of", "yesterday"], "--as-of must be an ISO-8601 time"),
        (["--rate-brushing", "1.5"], "rate brushing must be between 0 and 1"),
        (["--orders", "many"], "invalid int value"),
    ],
)
def test_bad_arguments_get_a_clear_message(tmp_path: Path, argument: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipelines.sample_data", *argument, "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "landing").exists()


def test_command_line_prints_progress_and_summary(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.sample_data",
            "--orders",
            "400",
            "--warehouses",
            "3",
            "--skus",
            "80",
            "--days",
            "5",
            "--seed",
            "9",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert "landing/orders/" in result.stdout and "brushing" in result.stdout and "Done in" in result.stdout
    assert (tmp_path / "_truth" / "manifest.json").exists()


def test_default_sample_is_fast(tmp_path: Path) -> None:
    """The documented default (20000 orders, 8 warehouses, 2000 SKUs, 30 days) takes a few seconds."""
    summary = generate(GeneratorConfig(), tmp_path, echo=lambda _: None)
    assert summary.manifest["orders"] == 20_000
    assert summary.seconds < 30, summary.seconds  # ~6 s on the 2-core reference machine; slack for busy CI


def test_small_config_matches_the_fixture_sizes() -> None:
    assert GeneratorConfig(**SMALL).orders == SMALL["orders"]


def test_docs_describe_every_anomaly_and_cause() -> None:
    from pipelines.sample_data.truth import ORDER_ANOMALIES, STOCK_CAUSES

    text = (REPO / "docs" / "sample_data.md").read_text(encoding="utf-8")
    missing = [name for name in (*ORDER_ANOMALIES, *STOCK_CAUSES) if name not in text]
    assert not missing
