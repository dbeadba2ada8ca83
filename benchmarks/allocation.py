"""Allocation benchmark: ranked rules vs our plan vs the LP bound at 1k, 10k and 100k orders.

    python -m benchmarks.allocation [--sizes 1000 10000 100000] [--profile generator|synthetic]

Instances come from `allocation_instances.py` (default: the sample-data generator's landing files; the
first run generates them, about 4 minutes at 100k). For every size two child processes run, so that each
peak RSS is its own: the LP bound over every arc (computed once and cached in benchmarks/.cache/, outside
the timed solve: exact HiGHS simplex up to 10k orders, about 25 minutes at 10k; PDLP's dual bound at 100k,
about 25 minutes and 7 GB), then the measured solve. The parent writes
the `## Allocation` section of docs/benchmarks.md.
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

from benchmarks.allocation_report import to_markdown

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
DOC = ROOT / "docs" / "benchmarks.md"
SIZES = (1_000, 10_000, 100_000)
SEED = 7
# per size: wall-clock safety net (s) and the fixed number of LNS neighbourhoods (of `Weights.lns_orders`
# orders, default 300) that fits in it. 10k: the fixed work takes 23-26 s on a normal minute and up to 35 s
# on a slow one (the machine's speed varies by up to a half); the net is 29 s so that the solve plus the
# 1 s instance build stay within the 30 s target, and on a slow minute it cuts the last steps (the notes
# and the benchmark's repeated solves say so)
LIMITS = {1_000: (30, 6), 10_000: (29, 3), 100_000: (300, 30)}
# solves per size: the machine's speed varies by up to a half within minutes, so the wall time quoted is
# the median of these; the plans must come out identical (same input, same plan)
REPEATS = {1_000: 3, 10_000: 3, 100_000: 1}
EXACT_LP_MAX_ORDERS = 10_000  # HiGHS simplex up to here (about 25 min at 10k), PDLP with a dual bound beyond
LP_LIMIT_S = 7_200


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _instance(profile: str, n_orders: int, weights):
    from benchmarks.allocation_instances import instance_tables
    from optimization.allocation.instance import build_instance
    from optimization.allocation.tables import normalise_tables

    tables, described = instance_tables(profile, n_orders, SEED)
    started = time.perf_counter()
    inst = build_instance(normalise_tables(**tables), weights)
    return inst, described, time.perf_counter() - started


def bound(profile: str, n_orders: int) -> dict:
    """The LP bound over every arc (cached): exact simplex up to `EXACT_LP_MAX_ORDERS`, PDLP's dual bound
    beyond. A cache entry may also carry an earlier PDLP bound of the same instance (key `pdlp`), which the
    report shows next to the exact value."""
    from optimization.allocation import Weights
    from optimization.allocation.lp_bound import lp_bound

    cached = CACHE / f"allocation_lp_{profile}_{n_orders}_{SEED}.json"
    if cached.exists():
        return json.loads(cached.read_text())
    inst, _, _ = _instance(profile, n_orders, Weights())
    solver = "highs_lp" if n_orders <= EXACT_LP_MAX_ORDERS else "pdlp"
    started = time.perf_counter()
    value = lp_bound(inst, LP_LIMIT_S, solver)
    out = {
        "bound": value,
        "seconds": time.perf_counter() - started,
        "solver": solver,
        "rss_mb": _peak_rss_mb(),
    }
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(out))
    return out


def measure(profile: str, n_orders: int, lp: dict) -> dict:
    """Build, baseline and solve one size; returns the figures as a dict."""
    from optimization.allocation import Weights
    from optimization.allocation.baseline import ranked_rules
    from optimization.allocation.kpis import plan_kpis
    from optimization.allocation.plan import pairs_used
    from optimization.allocation.solve import solve_instance

    limit_s, neighbourhoods = LIMITS[n_orders]
    weights = Weights(time_limit_s=limit_s, lns_neighbourhoods=neighbourhoods)
    inst, described, build_s = _instance(profile, n_orders, weights)
    started = time.perf_counter()
    base_units = ranked_rules(inst)
    base_s = time.perf_counter() - started
    lp_value = lp["bound"] if math.isfinite(lp["bound"]) else None
    solve_runs_s, results = [], []
    for _ in range(REPEATS.get(n_orders, 1)):
        started = time.perf_counter()
        results.append(solve_instance(inst, lp_value))
        solve_runs_s.append(time.perf_counter() - started)
    median_run = sorted(range(len(results)), key=solve_runs_s.__getitem__)[len(results) // 2]
    result, solve_s = results[median_run], solve_runs_s[median_run]  # the figures are the median run's
    both_full = _both_full_parcels(inst, base_units, result.units)
    per_100 = {
        name: 100.0 * float(pairs_used(inst, u).sum()) / max(float(u.sum()), 1.0)
        for name, u in (("base", base_units), ("ours", result.units))
    }
    return {
        "n_orders": inst.n_orders,
        "size": n_orders,
        "profile": described,
        "n_arcs": inst.n_arcs,
        "lp": lp,
        "base": plan_kpis(inst, base_units),
        "base_s": base_s + build_s,
        "ours": plan_kpis(inst, result.units),
        "ours_s": solve_s + build_s,
        "solve_runs_s": solve_runs_s,
        "identical_plans": all((r.units == results[0].units).all() for r in results),
        "build_s": build_s,
        "parcels_per_100_units": per_100,
        "both_full": both_full,
        "status": result.status,
        "method": result.method,
        "flow_bound": result.flow_bound_cents,
        "notes": list(result.notes),
        "is_valid": result.is_valid if result.validation is not None else None,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _both_full_parcels(inst, base_units, our_units) -> dict:
    """Parcels per order over the orders that both plans fill completely (same orders in both)."""
    import numpy as np

    from optimization.allocation.plan import line_filled, parcels_per_order

    def full(units):
        short = inst.line_qty - line_filled(inst, units)
        return np.bincount(inst.line_order, weights=short, minlength=inst.n_orders) == 0

    both = full(base_units) & full(our_units)
    return {
        "orders": int(both.sum()),
        "base": float(parcels_per_order(inst, base_units)[both].mean()) if both.any() else 0.0,
        "ours": float(parcels_per_order(inst, our_units)[both].mean()) if both.any() else 0.0,
    }


KEPT = "_Not re-measured in the latest benchmark run; figures from an earlier run of an earlier version._"


def _subsections(section: str) -> dict[str, str]:
    """The `### N orders` subsections of an `## Allocation` section, by heading."""
    parts = section.split("\n### ")[1:]
    return {"### " + p.split("\n", 1)[0]: "### " + p.rstrip() for p in parts}


def _size(heading: str) -> int:
    return int(heading.removeprefix("### ").split()[0].replace(",", ""))


def write_section(markdown: str) -> None:
    """Replace only the `## Allocation` section of docs/benchmarks.md (create the file if missing); the
    subsections of sizes not measured this time are kept, marked as such."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    start = text.find("## Allocation")
    old: dict[str, str] = {}
    if start >= 0:
        end = text.find("\n## ", start + 1)
        old = _subsections(text[start:end] if end >= 0 else text[start:])
        text = text[:start] + text[end + 1 :] if end >= 0 else text[:start]
    new = _subsections(markdown)
    for heading, body in old.items():
        if heading not in new:
            head, rest = body.split("\n", 1)
            new[heading] = body if KEPT in rest else f"{head}\n\n{KEPT}\n{rest}"
    intro = markdown.split("\n### ", 1)[0].rstrip()
    parts = [intro] + [new[h] for h in sorted(new, key=_size)]
    DOC.write_text(text.rstrip() + "\n\n" + "\n\n".join(parts) + "\n", encoding="utf-8")


def _child(*args: str) -> dict | None:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.allocation", *args], cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode:
        print(out.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(sizes: tuple[int, ...] = SIZES, profile: str = "generator") -> str:
    """Bound and measure every size in child processes, write docs/benchmarks.md, return the section."""
    runs = []
    for n in sizes:
        lp = _child("--bound", str(n), "--profile", profile)
        if lp is None:
            continue
        measured = _child("--one", str(n), "--profile", profile, "--lp", json.dumps(lp))
        if measured is not None:
            runs.append(measured)
    markdown = to_markdown(runs, profile, LIMITS)
    write_section(markdown)
    return markdown


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--profile", default="generator", choices=("generator", "synthetic"))
    parser.add_argument("--one", type=int, help="measure one size and print its JSON line (internal)")
    parser.add_argument("--bound", type=int, help="compute one size's LP bound and print it (internal)")
    parser.add_argument("--lp", help="the bound's JSON, for --one (internal)")
    args = parser.parse_args(argv)
    if args.bound:
        print(json.dumps(bound(args.profile, args.bound)))
        return 0
    if args.one:
        print(json.dumps(measure(args.profile, args.one, json.loads(args.lp))))
        return 0
    print(run(tuple(args.sizes), args.profile))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
