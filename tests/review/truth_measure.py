"""Measure intake and review against the sample generator's ground truth (`_truth/order_anomalies.csv`).

Used by the acceptance tests and, as a script, to record the figures of a full-size sample in docs/review.md:

    .venv/bin/python tests/review/truth_measure.py --orders 20000 --seed 42 --work /tmp/sample42
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

ROOT = Path(__file__).resolve().parents[2]

# anomaly -> (reason codes that count as caught, stage that must catch it)
EXPECTED: dict[str, tuple[frozenset[str], str]] = {
    "unknown_sku": (frozenset({"SKU_UNKNOWN"}), "intake"),
    "inactive_sku": (frozenset({"SKU_INACTIVE"}), "intake"),
    "qty_zero": (frozenset({"QTY_ZERO"}), "intake"),
    "qty_negative": (frozenset({"QTY_NEGATIVE"}), "intake"),
    "qty_fractional": (frozenset({"QTY_FRACTIONAL"}), "intake"),
    "incomplete_address": (frozenset({"ADDRESS_INCOMPLETE"}), "intake"),
    "invalid_phone": (frozenset({"PHONE_INVALID"}), "intake"),
    "paid_amount_mismatch": (frozenset({"PAID_AMOUNT_MISMATCH"}), "intake"),
    "coupon_expired": (frozenset({"COUPON_EXPIRED"}), "promotion"),
    "coupon_min_spend_not_met": (frozenset({"COUPON_MIN_SPEND_NOT_MET"}), "promotion"),
    "coupon_ineligible": (frozenset({"COUPON_INELIGIBLE"}), "promotion"),
    "coupon_limit_exceeded": (frozenset({"COUPON_LIMIT_EXCEEDED"}), "promotion"),
    "promotion_overdiscount": (frozenset({"PROMOTION_OVERDISCOUNT"}), "promotion"),
    "brushing": (frozenset({"BRUSHING_SUSPECTED"}), "fraud"),
    "stock_out": (frozenset({"STOCK_OUT"}), "stock"),
}
DUPLICATES = ("duplicate_redelivered_file", "duplicate_in_other_file", "duplicate_changed_payload")


@dataclass
class Figures:
    n_orders: int = 0
    n_truth_rows: dict[str, int] = field(default_factory=dict)
    caught: dict[str, int] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    n_false_rejections: int = 0
    false_rejections: list[str] = field(default_factory=list)
    n_promotion_false_flags: int = 0
    promotion_false_flags: list[str] = field(default_factory=list)
    truth_disputes: list[str] = field(default_factory=list)  # flags the truth misses, proven by the data
    brushing_precision: float = 0.0
    brushing_recall: float = 0.0
    n_brushing_flagged: int = 0
    n_brushing_truth: int = 0
    n_duplicate_orders_kept_once: int = 0
    n_duplicate_truth: int = 0
    n_held_not_in_truth: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def intake_recall(self) -> float:
        rows = {a: n for a, n in self.n_truth_rows.items() if EXPECTED[a][1] == "intake"}
        return sum(self.caught[a] for a in rows) / max(1, sum(rows.values()))


def generate(
    out: Path, orders: int, seed: int, skus: int = 2000, warehouses: int = 8, days: int = 30
) -> None:
    """Run the sample-data generator CLI into `out` (landing/ and _truth/)."""
    subprocess.run(
        [sys.executable, "-m", "pipelines.sample_data", "--orders", str(orders),
         "--warehouses", str(warehouses), "--skus", str(skus), "--days", str(days), "--seed", str(seed),
         "--out", str(out)],
        check=True, cwd=ROOT, capture_output=True,
    )  # fmt: skip


def run_pipeline(db_path: Path, landing: Path, reports: Path, exclude: tuple[str, ...] = ()) -> None:
    """Ingest, build stock positions, validate and review with Dagster, as a scheduled run would."""
    from assets.ingestion import INGESTION_ASSETS
    from assets.intake import INTAKE_ASSETS, INTAKE_CHECKS
    from assets.inventory import INVENTORY_ASSETS
    from assets.resources import DuckDBResource, LandingFolder, ReportsFolder
    from assets.review import REVIEW_ASSETS, REVIEW_CHECKS, review_run_config

    every = [*INGESTION_ASSETS, *INVENTORY_ASSETS, *INTAKE_ASSETS, *REVIEW_ASSETS]
    needed = dg.AssetSelection.assets(*INTAKE_ASSETS, *REVIEW_ASSETS).upstream() - dg.AssetSelection.assets(
        *exclude
    )
    result = dg.materialize(
        [*every, *INTAKE_CHECKS, *REVIEW_CHECKS],
        selection=needed,
        resources={
            "duckdb": DuckDBResource(database=str(db_path)),
            "landing": LandingFolder(path=str(landing)),
            "reports": ReportsFolder(path=str(reports)),
        },
        run_config=review_run_config(),
        raise_on_error=True,
    )
    failed = [c.check_name for c in result.get_asset_check_evaluations() if not c.passed]
    if failed:
        raise AssertionError(f"asset checks failed: {failed}")


def measure(conn: duckdb.DuckDBPyConnection, truth_csv: Path) -> Figures:
    """Compare order_rejections, order_reviews and the order tables with the truth file."""
    conn.execute(
        "create or replace temp table truth as select channel, order_id::varchar as order_id, "
        "try_cast(line_no as integer) as line_no, anomaly, detail from read_csv(?, all_varchar = true)",
        [str(truth_csv)],
    )
    conn.execute(
        "create or replace temp table findings as "
        "select 'intake' as stage, channel, order_id, line_no, reason_code, rule from order_rejections "
        "union all select 'review', channel, order_id, line_no, reason_code, rule from order_reviews"
    )
    expected = [(a, code) for a, (codes, _) in EXPECTED.items() for code in codes]
    conn.execute("create or replace temp table expected(anomaly varchar, reason_code varchar)")
    conn.executemany("insert into expected values (?, ?)", expected)
    figures = Figures(n_orders=conn.execute("select count(*) from orders").fetchone()[0])  # type: ignore[index]
    rows = conn.execute(
        """
        select t.anomaly, t.channel, t.order_id, t.line_no,
            exists (select 1 from findings f join expected e on e.reason_code = f.reason_code
                    where e.anomaly = t.anomaly and f.channel = t.channel and f.order_id = t.order_id
                    and (t.line_no is null or f.line_no is null or f.line_no = t.line_no)) as is_caught
        from truth as t
        where t.anomaly in (select anomaly from expected)
        """
    ).fetchall()
    for anomaly, channel, order_id, line_no, is_caught in rows:
        figures.n_truth_rows[anomaly] = figures.n_truth_rows.get(anomaly, 0) + 1
        figures.caught[anomaly] = figures.caught.get(anomaly, 0) + int(is_caught)
        if not is_caught:
            figures.missed.append(f"{anomaly} {channel}/{order_id}/{line_no}")
    intake_anomalies = [a for a, (_, stage) in EXPECTED.items() if stage == "intake"]
    false_rejections = conn.execute(
        """
        select distinct j.channel || '/' || j.order_id || ' ' || j.reason_code
        from order_rejections as j
        where not exists (select 1 from truth as t where t.channel = j.channel and t.order_id = j.order_id
                          and list_contains(?, t.anomaly))
        """,
        [intake_anomalies],
    ).fetchall()
    figures.false_rejections = sorted(r[0] for r in false_rejections)
    figures.n_false_rejections = len({r.split(" ")[0] for r in figures.false_rejections})
    promo = [a for a, (_, stage) in EXPECTED.items() if stage == "promotion"]
    false_promo = conn.execute(
        """
        select distinct w.channel || '/' || w.order_id || ' ' || w.reason_code from order_reviews as w
        where w.rule = 'promotion_recompute' and not exists (
            select 1 from truth as t where t.channel = w.channel and t.order_id = w.order_id
            and list_contains(?, t.anomaly))
        """,
        [promo],
    ).fetchall()
    # A flag the truth does not list is a false flag unless the raw orders prove the truth wrong: a buyer
    # who had already used a code `per_customer_limit` times before this order did exceed the limit.
    disputed = conn.execute(
        """
        select distinct w.channel || '/' || w.order_id || ' ' || w.reason_code from order_reviews as w
        join orders as o using (channel, order_id)
        join coupons as c on c.coupon_code = o.coupon_code
        where w.reason_code = 'COUPON_LIMIT_EXCEEDED' and c.per_customer_limit <= (
            select count(*) from orders as e
            where e.channel = o.channel and e.customer_id = o.customer_id and e.coupon_code = o.coupon_code
            and e.ordered_at < o.ordered_at)
        """
    ).fetchall()
    figures.truth_disputes = sorted({r[0] for r in disputed} & {r[0] for r in false_promo})
    figures.promotion_false_flags = sorted({r[0] for r in false_promo} - set(figures.truth_disputes))
    figures.n_promotion_false_flags = len(figures.promotion_false_flags)
    flagged, truth, both = conn.execute(
        """
        with f as (select distinct channel, order_id from order_reviews
                   where reason_code = 'BRUSHING_SUSPECTED'),
        t as (select distinct channel, order_id from truth where anomaly = 'brushing')
        select (select count(*) from f), (select count(*) from t),
            (select count(*) from f join t using (channel, order_id))
        """
    ).fetchone()  # type: ignore[misc]
    figures.n_brushing_flagged, figures.n_brushing_truth = int(flagged), int(truth)
    figures.brushing_precision = round(both / flagged, 4) if flagged else 1.0
    figures.brushing_recall = round(both / truth, 4) if truth else 1.0
    kept_once, n_dup = conn.execute(
        """
        with d as (select distinct channel, order_id from truth where list_contains(?, anomaly))
        select count(*) filter (where (select count(*) from order_line_states s where s.channel = d.channel
                                       and s.order_id = d.order_id and s.line_no = 1) = 1), count(*)
        from d
        """,
        [list(DUPLICATES)],
    ).fetchone()  # type: ignore[misc]
    figures.n_duplicate_orders_kept_once, figures.n_duplicate_truth = int(kept_once), int(n_dup)
    figures.n_held_not_in_truth = conn.execute(
        """
        select count(distinct (s.channel, s.order_id)) from order_line_states as s
        where s.state = 'on_hold' and not exists (
            select 1 from truth as t where t.channel = s.channel and t.order_id = s.order_id)
        """
    ).fetchone()[0]  # type: ignore[index]
    return figures


def run_and_measure(work: Path, orders: int, seed: int, **sizes: int) -> Figures:
    started = time.perf_counter()
    generate(work / "sample", orders, seed, **sizes)
    generated = time.perf_counter()
    run_pipeline(work / "db.duckdb", work / "sample" / "landing", work / "reports")
    ran = time.perf_counter()
    with duckdb.connect(str(work / "db.duckdb")) as conn:
        figures = measure(conn, work / "sample" / "_truth" / "order_anomalies.csv")
    figures.seconds = {"generate": round(generated - started, 1), "pipeline": round(ran - generated, 1)}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    figures = run_and_measure(args.work, args.orders, args.seed)
    report = asdict(figures) | {"intake_recall": figures.intake_recall}
    for key in ("missed", "false_rejections", "promotion_false_flags"):
        report[key] = report[key][:20]
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
