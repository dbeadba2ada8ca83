"""`make bench`: run every benchmark in turn; each writes its own section of docs/benchmarks.md.

Usage: python -m benchmarks.run [name ...]   (default: all, in the order below)
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import time

BENCHMARKS = ("ingest", "reconciliation", "allocation")


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    failed = []
    for name in names:
        importlib.import_module(f"benchmarks.{name}")  # fail fast on a missing module
        print(f"== benchmark {name}", flush=True)
        started = time.perf_counter()
        # Each benchmark runs in its own process so that its peak RSS is its own.
        code = subprocess.call([sys.executable, "-m", f"benchmarks.{name}"])
        print(f"== {name}: exit {code} after {time.perf_counter() - started:.0f} s", flush=True)
        if code:
            failed.append(name)
    print("results: docs/benchmarks.md")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
