"""The monkey test for longer than CI runs it: ``python scripts/monkey.py [--minutes 30]
[--seed N]``. Random keys, text and shortcuts on the claim, enrollment and review screens of the
real program (tests/ui/test_monkey.py) for the time given; exit 0 when the program ended
normally with no unexpected error and a clean database. The seed is printed; pass it back
with ``--seed`` to replay a failure."""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(10**9)
    print(f"monkey: seed {seed}, {args.minutes:g} minutes", flush=True)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "DESK_APP_MONKEY_SEED": str(seed),
        "DESK_APP_MONKEY_SECONDS": str(int(args.minutes * 60)),
    }
    test = "tests/ui/test_monkey.py"
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-s", "-p", "no:cacheprovider", test]
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    print(f"monkey: seed {seed}: {'ok' if code == 0 else 'FAILED'}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
