"""Reconciliation speed and peak memory: 10M ledger rows x 50k SKUs x 30 warehouses.

Usage: python -m benchmarks.reconciliation [--movements 10000000] [--skus 50000] [--warehouses 30]
       [--runs 3] [--memory-limit 3GB] [--threads 2] [--no-write]

The input is synthetic, built inside DuckDB by sql/inventory/bench/*.sql with range() and hash-based
pseudo-random values (not the sample generator): every (warehouse, SKU) pair gets an opening receipt; the
ledger then holds replenishment receipts, shipments, returns (restocked or scrapped by reference), transfers
between warehouses (some in parts, some still on the road), damage, quality holds, shrinkage and count
adjustments, stored in time order like an append-only ledger; cycle counts on 10% of the pairs, four
channels' snapshots for every pair (0.5% off their formula), reservations, incident reports, purchase orders
and safety stock.
A first process builds the database; each timed run is a fresh process (so its peak RSS is its own) that
rebuilds what the daily job rebuilds: bin and warehouse positions, transfers in transit, the reconciliation,
its evidence and the sellable feed (the first run fills empty tables, the next ones replace their rows).
Results go to the `## Reconciliation` section of docs/benchmarks.md; other sections are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import psutil

from assets.sql_files import ensure_schema, load_sql
from benchmarks.memory import PeakRss

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
SECTION = "## Reconciliation"
TARGET_SECONDS, TARGET_RSS_GB = 30.0, 4.0

# sql/inventory/bench/<name>.sql in order; each uses some of $n_movements, $n_skus, $n_warehouses.
DATA_STEPS = (
    "skus", "bins", "transfer_lanes", "safety_stock", "purchase_orders", "bench_events",
    "bench_events_shipments", "bench_counts", "bench_count_adjustments", "bench_events_topup",
    "stock_movements", "cycle_counts", "channel_stock_snapshots", "reservations", "incident_reports",
)  # fmt: skip


def connect(db: Path, memory_limit: str, threads: int) -> duckdb.DuckDBPyConnection:
    """A connection with the benchmark's explicit memory limit and thread count."""
    conn = duckdb.connect(str(db), config={"memory_limit": memory_limit, "threads": threads})
    conn.execute("set enable_progress_bar = false")
    return conn


def generate(db: Path, movements: int, skus: int, warehouses: int, memory_limit: str, threads: int) -> None:
    conn = connect(db, memory_limit, threads)
    ensure_schema(conn)
    params = {"n_movements": movements, "n_skus": skus, "n_warehouses": warehouses}
    for step in DATA_STEPS:
        statement = load_sql(f"inventory/bench/{step}")
        # DuckDB refuses parameters a statement does not use
        used = set(re.findall(r"\$([a-z_]+)", re.sub(r"--[^\n]*", "", statement)))
        conn.execute(statement, {k: v for k, v in params.items() if k in used})
    conn.execute("checkpoint")
    conn.close()


def timed_run(db: Path, memory_limit: str, threads: int) -> dict[str, object]:
    """One full rebuild in this process: seconds per table, total wall and CPU seconds, peak RSS."""
    from assets.inventory.build import FEED_TABLE, POSITION_TABLES, RECONCILIATION_TABLES, build_tables

    process = psutil.Process(os.getpid())
    load_before = os.getloadavg()[0]
    with PeakRss() as rss:
        cpu_started = sum(process.cpu_times()[:2])
        started = time.perf_counter()
        conn = connect(db, memory_limit, threads)
        seconds: dict[str, float] = {}
        rows: dict[str, int] = {}
        for table in (*POSITION_TABLES, *RECONCILIATION_TABLES, FEED_TABLE):
            table_started = time.perf_counter()
            rows.update(build_tables(conn, (table,)))
            seconds[table] = round(time.perf_counter() - table_started, 2)
        conn.close()
        total = time.perf_counter() - started
        cpu = sum(process.cpu_times()[:2]) - cpu_started
    return {
        "total_s": round(total, 2),
        "cpu_s": round(cpu, 2),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "peak_rss_gb": round(rss.peak / 1e9, 2),
        "seconds": seconds,
        "rows": rows,
    }


def write_section(text: str) -> None:
    """Replace (or append) the `## Reconciliation` section of docs/benchmarks.md."""
    existing = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    lines = existing.rstrip("\n").split("\n")
    if SECTION in lines:
        start = lines.index(SECTION)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines = lines[:start] + text.rstrip("\n").split("\n") + lines[end:]
    else:
        lines += ["", *text.rstrip("\n").split("\n")]
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text("\n".join(lines) + "\n", encoding="utf-8")


def render(
    args: argparse.Namespace,
    data: dict[str, int],
    generate_s: float,
    runs: list[dict],
    statuses: dict[str, int],
) -> str:
    totals = [float(r["total_s"]) for r in runs]
    peaks = [float(r["peak_rss_gb"]) for r in runs]
    median = statistics.median(totals)
    cpus = [float(r["cpu_s"]) for r in runs]

    def met(ok: bool) -> str:
        return "met" if ok else "MISSED"

    verdict = "\n".join(
        [
            f"Wall time, target at most {TARGET_SECONDS:.0f} s: median {median:.1f} s "
            f"({met(median <= TARGET_SECONDS)}), fastest {min(totals):.1f} s, slowest {max(totals):.1f} s.",
            f"Peak RSS, target under {TARGET_RSS_GB:.0f} GB: at most {max(peaks):.2f} GB "
            f"({met(max(peaks) < TARGET_RSS_GB)}).",
            f"CPU time {min(cpus):.1f}-{max(cpus):.1f} s: with both cores free a run takes about half of it;",
            "a run sharing the cores with other work (load above 2) gets about one core and needs all of it.",
        ]
    )

    first = runs[0]
    table_rows = "\n".join(
        f"| `{t}` | {first['rows'][t]:,} | " + " / ".join(f"{r['seconds'][t]:.2f}" for r in runs) + " |"
        for t in first["seconds"]
    )
    cpu = platform.processor() or platform.machine()
    total_lines = sum(statuses.values()) or 1
    profile = ", ".join(f"{name} {n / total_lines:.1%}" for name, n in sorted(statuses.items()))
    return (
        f"""{SECTION}

`python -m benchmarks.reconciliation` (part of `make bench`), {time.strftime("%Y-%m-%d")},
{os.cpu_count()} cores ({cpu}), {psutil.virtual_memory().total / 2**30:.0f} GiB RAM,
DuckDB {duckdb.__version__}, memory_limit={args.memory_limit}, threads={args.threads}.

Input (synthetic, built in DuckDB in {generate_s:.0f} s, not timed): {data["stock_movements"]:,} ledger rows,
{args.skus:,} SKUs x {args.warehouses} warehouses ({args.skus * args.warehouses:,} pairs),
{data["cycle_counts"]:,} cycle counts, {data["channel_stock_snapshots"]:,} channel snapshot rows (4 channels),
{data["reservations"]:,} reservations, {data["incident_reports"]:,} incident reports. Ledger mix: an
opening receipt per pair, 8% receipts, 4% returns (plus restocks and scraps), 2% transfers (plus receipts in
one or two parts), 0.5% damage, 0.5% quality holds, 0.3% shrinkage, ~1% of pairs with a count adjustment, the
rest shipments, stored in time order. Reconciliation lines by status:
{profile}.

Timed: the full daily rebuild (positions per bin and per warehouse, transfers in transit, reconciliation,
evidence, sellable feed), each run in a fresh process on the same database file. CPU s is the process's
user + system time; the load average (1 min) shows how busy the machine was with other work.

| run | wall s | CPU s | peak RSS GB | load before / after |
|---|---|---|---|---|
"""
        + "\n".join(
            f"| {i + 1} | {r['total_s']:.1f} | {r['cpu_s']:.1f} | {r['peak_rss_gb']:.2f} "
            f"| {r['load_before']:.1f} / {r['load_after']:.1f} |"
            for i, r in enumerate(runs)
        )
        + f"""

{verdict}

| table | rows | seconds per run |
|---|---|---|
{table_rows}
"""
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--movements", type=int, default=10_000_000)
    parser.add_argument("--skus", type=int, default=50_000)
    parser.add_argument("--warehouses", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-limit", default="3GB")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing it")
    parser.add_argument("--run-one", type=Path, help=argparse.SUPPRESS)  # internal: one timed run
    args = parser.parse_args(argv)
    if args.run_one:
        print(json.dumps(timed_run(args.run_one, args.memory_limit, args.threads)))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench_recon_") as workdir:
        db = Path(workdir) / "bench.duckdb"
        started = time.perf_counter()
        generate(db, args.movements, args.skus, args.warehouses, args.memory_limit, args.threads)
        generate_s = time.perf_counter() - started
        with duckdb.connect(str(db), read_only=True) as conn:
            data = {
                t: int(conn.execute(f"select count(*) from {t}").fetchone()[0])
                for t in ("stock_movements", "cycle_counts", "channel_stock_snapshots", "reservations",
                          "incident_reports")
            }  # fmt: skip
        print(f"generated {data} in {generate_s:.0f} s", flush=True)
        runs = []
        for _ in range(args.runs):
            output = subprocess.run(
                [sys.executable, "-m", "benchmarks.reconciliation", "--run-one", str(db),
                 "--memory-limit", args.memory_limit, "--threads", str(args.threads)],
                capture_output=True, text=True,
            )  # fmt: skip
            if output.returncode:
                print(output.stderr[-3000:], file=sys.stderr)
                return 2
            runs.append(json.loads(output.stdout.strip().splitlines()[-1]))
            last = runs[-1]
            print(f"run {len(runs)}: {last['total_s']} s wall, {last['cpu_s']} s CPU, peak RSS "
                  f"{last['peak_rss_gb']} GB, load {last['load_before']}", flush=True)  # fmt: skip
        with duckdb.connect(str(db), read_only=True) as conn:
            query = "select status, count(*) from stock_reconciliation group by all"
            statuses = {str(k): int(v) for k, v in conn.execute(query).fetchall()}
    section = render(args, data, generate_s, runs, statuses)
    if args.no_write:
        print(section)
    else:
        write_section(section)
        print(f"wrote {SECTION} to {DOC}")
    median_ok = statistics.median(float(r["total_s"]) for r in runs) <= TARGET_SECONDS
    return 0 if median_ok and all(float(r["peak_rss_gb"]) < TARGET_RSS_GB for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
