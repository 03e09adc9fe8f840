"""The load tool itself works: a few seconds with a few patients on SQLite, every fault on,
and its independent check passes. The full `make load` is not part of the suite."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_a_short_load_run_on_sqlite_passes_its_own_check():
    pytest.importorskip("gunicorn", reason="the load run serves the app with gunicorn")
    pytest.importorskip("aiosmtpd", reason="the SMTP fault receives mail with aiosmtpd")
    done = subprocess.run(
        [
            sys.executable, "-m", "loadtest",
            "--seconds", "5", "--users", "4", "--healthz-seconds", "1",
            "--databases", "sqlite", "--faults", "all",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "SQLite: PASSED" in report
    assert "bookings patients saw confirmed but missing or not booked: 0" in report
    assert "missing or not booked: 0 of 0" not in report  # patients did confirm with codes
    assert "answered 500" in report and ", 0 answered 500" in report
    assert "delivered exactly once" in report
