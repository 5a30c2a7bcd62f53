"""Run the benchmarks: ``python -m benchmarks.run [FILTER ...] [--repeat N] [--quick] [--markdown]``

Every ``benchmarks/bench_*.py`` module defines ``benchmarks(quick: bool) -> list[Benchmark]``.
Prints one table (medians, rates, the baseline measured in the same run, the ratio).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DESK_APP_SCRYPT_LOG2N", "10")

from benchmarks.harness import Benchmark, Result, broken, measure, table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run")
    ap.add_argument("filters", nargs="*", help="run only benchmarks whose name contains one")
    ap.add_argument("--repeat", type=int, help="runs per benchmark (default: each one's own)")
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = ap.parse_args(argv)
    here = Path(__file__).parent
    results: list[Result] = []
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        try:
            module = importlib.import_module(f"benchmarks.{info.name}")
            rows: list[Benchmark] = module.benchmarks(args.quick)
        except Exception as e:  # one broken module must not lose the others
            if not args.filters or any(f in info.name for f in args.filters):
                results.append(broken(info.name, e))
            continue
        for b in rows:
            if args.filters and not any(f in b.name or f in info.name for f in args.filters):
                continue
            print(f"… {b.name}", file=sys.stderr, flush=True)
            r = measure(b, args.repeat)
            if r.error:
                print(f"  {r.error}", file=sys.stderr, flush=True)
            results.append(r)
    print(table(results, markdown=args.markdown))
    for r in results:
        for note in r.bench.notes:
            print(f"note ({r.bench.name}): {note}")
    failed = [r.bench.name for r in results if r.error]
    if failed:
        print(f"{len(failed)} of {len(results)} rows FAILED: {'; '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
