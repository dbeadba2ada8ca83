"""Allocation benchmark: ranked rules vs our plan vs the LP bound at 1k, 10k and 100k orders.

    python -m benchmarks.allocation [--sizes 1000 10000 100000]

Each size runs in its own process (so peak RSS is its own) and writes one JSON line; the parent writes the
`## Allocation` section of docs/benchmarks.md. Instances come from `allocation_instances.synthetic_tables`
until the sample-data generator (`pipelines/sample_data`) exists. The LP bound is computed outside the timed
solve and cached in benchmarks/.cache/ with the instance's size and seed.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
DOC = ROOT / "docs" / "benchmarks.md"
SIZES = (1_000, 10_000, 100_000)
TIME_LIMIT_S = {1_000: 30, 10_000: 30, 100_000: 300}
LP_LIMIT_S = {1_000: 300, 10_000: 600, 100_000: 1800}
TARGETS = {10_000: (0.03, 30, 0.08), 100_000: (0.05, 300, 0.06)}  # gap, seconds, saving vs ranked rules
SEED = 7


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(n_orders: int) -> dict:
    """Build, bound (cached), baseline and solve one size; returns the figures as a dict."""
    from benchmarks.allocation_instances import synthetic_tables
    from optimization.allocation import Weights
    from optimization.allocation.baseline import ranked_rules
    from optimization.allocation.instance import build_instance
    from optimization.allocation.kpis import plan_kpis
    from optimization.allocation.lp_bound import lp_bound
    from optimization.allocation.solve import solve_instance
    from optimization.allocation.tables import normalise_tables

    tables = synthetic_tables(n_orders, seed=SEED)
    profile = tables.pop("profile")
    weights = Weights(time_limit_s=TIME_LIMIT_S[n_orders])
    inst = build_instance(normalise_tables(**tables), weights)
    cached = CACHE / f"allocation_lp_{n_orders}_{SEED}.json"
    if cached.exists():
        bound, bound_s = json.loads(cached.read_text())
    else:
        started = time.perf_counter()
        bound = lp_bound(inst, LP_LIMIT_S[n_orders])
        bound_s = time.perf_counter() - started
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps([bound, bound_s]))
    started = time.perf_counter()
    base_units = ranked_rules(inst)
    base_s = time.perf_counter() - started
    started = time.perf_counter()
    result = solve_instance(inst, bound)
    solve_s = time.perf_counter() - started
    return {
        "n_orders": n_orders,
        "profile": profile,
        "n_arcs": inst.n_arcs,
        "lp_bound": bound,
        "lp_s": bound_s,
        "base": plan_kpis(inst, base_units),
        "base_s": base_s,
        "ours": plan_kpis(inst, result.units),
        "ours_s": solve_s,
        "status": result.status,
        "notes": list(result.notes),
        "peak_rss_mb": _peak_rss_mb(),
    }


def _row(label: str, kpis: dict | None, cost: float, seconds: float, rss: float, bound: float) -> str:
    gap = (cost - bound) / bound if bound > 0 and math.isfinite(bound) else math.nan
    parcels = f"{kpis['parcels_per_order']:.3f}" if kpis else "-"
    fill = f"{kpis['fill_rate']:.4f}" if kpis else "-"
    return f"| {label} | {cost / 100:,.0f} | {gap:+.2%} | {parcels} | {fill} | {seconds:.1f} | {rss:,.0f} |"


def to_markdown(runs: list[dict]) -> str:
    out = [
        "## Allocation",
        "",
        "Synthetic instances (`benchmarks/allocation_instances.py`; the sample-data generator did not exist "
        "yet): 30 warehouses in the largest Chinese cities, 10k SKUs with Zipf demand, customers by city "
        "population, rate card by distance band, 20% express orders (promised 2 days), 5% ship-complete, "
        "transfers (lanes < 1500 km) and emergency purchases enabled. Costs in yuan; gap = (cost - LP "
        "bound) / LP bound; wall time of the LP bound is outside the timed solve. Peak RSS is the whole "
        "process (instance, baseline, bound and solve).",
        "",
    ]
    for run in runs:
        n, b, o = run["n_orders"], run["base"], run["ours"]
        p = run["profile"]
        out += [
            f"### {n:,} orders",
            "",
            f"Profile: {p['lines_per_order']} lines per order, {p['warehouses_per_sku']} warehouses per "
            f"SKU, stock cover {p['stock_cover']}, {run['n_arcs']:,} candidate arcs. Status: "
            f"{run['status']}.",
            "",
            "| plan | total cost | vs LP bound | parcels/order | fill rate | wall s | peak RSS MB |",
            "|---|---:|---:|---:|---:|---:|---:|",
            _row("ranked rules", b, b["total_cents"], run["base_s"], run["peak_rss_mb"], run["lp_bound"]),
            _row("our plan", o, o["total_cents"], run["ours_s"], run["peak_rss_mb"], run["lp_bound"]),
            _row("LP bound", None, run["lp_bound"], run["lp_s"], run["peak_rss_mb"], run["lp_bound"]),
            "",
        ]
        saving = 1 - o["total_cents"] / b["total_cents"] if b["total_cents"] else 0.0
        out.append(f"Saving vs ranked rules: {saving:.2%}. Solver notes: {'; '.join(run['notes'])}.")
        if n in TARGETS:
            gap_t, secs_t, save_t = TARGETS[n]
            gap = (o["total_cents"] - run["lp_bound"]) / run["lp_bound"] if run["lp_bound"] > 0 else math.inf
            out.append(
                f"Targets: gap <= {gap_t:.0%} (got {gap:.2%}, {'met' if gap <= gap_t else 'MISSED'}); "
                f"time <= {secs_t} s (got {run['ours_s']:.0f} s); saving >= {save_t:.0%} "
                f"(got {saving:.2%}, {'met' if saving >= save_t else 'MISSED'})."
            )
        out.append("")
    return "\n".join(out)


def write_section(markdown: str) -> None:
    """Replace only the `## Allocation` section of docs/benchmarks.md (create the file if missing)."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    start = text.find("## Allocation")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + text[end + 1 :] if end >= 0 else text[:start]
    DOC.write_text(text.rstrip() + "\n\n" + markdown.rstrip() + "\n", encoding="utf-8")


def run(sizes: tuple[int, ...] = SIZES) -> str:
    """Measure every size in its own process, write docs/benchmarks.md, return the Markdown section."""
    runs = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.allocation", "--one", str(n)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode:
            print(out.stderr[-2000:], file=sys.stderr)
            continue
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    markdown = to_markdown(runs)
    write_section(markdown)
    return markdown


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--one", type=int, help="measure one size and print its JSON line (used internally)")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one)))
        return 0
    print(run(tuple(args.sizes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
