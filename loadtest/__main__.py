"""`python -m loadtest [--seconds 60] [--users 50] ...`: see docs/load.md."""

import argparse
import signal
import sys
import time

from loadtest.run import FAULTS, Options, run_database


def parse(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(
        prog="scripts/load",
        description="Load the app under gunicorn on loopback, inject faults, check the data.",
    )
    parser.add_argument("--seconds", type=float, default=60, help="length of each load run")
    parser.add_argument("--users", type=int, default=50, help="concurrent simulated patients")
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument(
        "--faults",
        default="all",
        help=f"'all', 'none' or comma-separated from: {', '.join(FAULTS)}",
    )
    parser.add_argument("--healthz-seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--max-requests", type=int, default=500_000, help="request budget")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, DB)")
    parser.add_argument(
        "--rate-limits",
        action="store_true",
        help="keep the per-address rate limits on (all simulated patients share 127.0.0.1)",
    )
    args = parser.parse_args(argv)
    databases = tuple(d.strip() for d in args.databases.split(",") if d.strip())
    unknown = set(databases) - {"sqlite", "postgresql"}
    chosen = {"all": set(FAULTS), "none": set()}.get(args.faults)
    if chosen is None:
        chosen = {f.strip() for f in args.faults.split(",") if f.strip()}
    if unknown or chosen - set(FAULTS):
        parser.error(f"unknown database or fault: {', '.join(unknown | (chosen - set(FAULTS)))}")
    if not 0 < args.seconds <= 3600 or not 0 < args.users <= 500:
        parser.error("--seconds must be in (0, 3600] and --users in (0, 500]")
    return Options(
        seconds=args.seconds,
        users=args.users,
        databases=databases,
        faults=frozenset(chosen),
        healthz_seconds=args.healthz_seconds,
        workers=args.workers,
        max_requests=args.max_requests,
        keep=args.keep,
        rate_limits=args.rate_limits,
    )


def _stop(_signum, _frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    options = parse(sys.argv[1:] if argv is None else argv)
    # SIGTERM unwinds like Ctrl-C, so every server started is stopped.
    signal.signal(signal.SIGTERM, _stop)
    started = time.monotonic()
    outcomes = [run_database(kind, options) for kind in options.databases]
    print(f"\n=== summary ({time.monotonic() - started:.0f} s) ===")
    for outcome in outcomes:
        verdict = "PASSED" if not outcome.failures else f"FAILED ({len(outcome.failures)})"
        print(f"{outcome.label}: {verdict}")
        for failure in outcome.failures:
            print(f"  - {failure}")
    return 0 if all(not o.failures for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
