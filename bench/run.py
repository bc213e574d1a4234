"""Run the benchmarks and print one table each.

    python -m bench.run            # all
    python -m bench.run chart      # those whose module name contains "chart"
    python -m bench.run --quick    # smaller sizes, for a smoke check

Each bench module under bench/ has `main(quick: bool)` and a docstring saying what it measures.
"""
from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    # Events are chained with a keyed HMAC, as in production; benches that open a Database of
    # their own (and the worker processes they start) take the key from the environment.
    os.environ.setdefault("OTP_AUDIT_KEY", "bench-audit-key")
    quick = "--quick" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    for name in names:
        if wanted and not any(w in name for w in wanted):
            continue
        module = importlib.import_module(f"bench.{name}")
        print(f"\n# {name}: {(module.__doc__ or '').strip().splitlines()[0]}")
        module.main(quick=quick)


if __name__ == "__main__":
    main(sys.argv[1:])
