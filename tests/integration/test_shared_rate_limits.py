"""Rate limits with several gunicorn workers (issue 17, item 8): counted in each worker's
memory a client got through about twice the limit, so production refuses to start that way,
and two workers sharing a Redis (started by scripts/throwaway-redis) enforce one limit
together."""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from clinic import ConfigurationError, create_app
from tests.conftest import missing

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 10


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if shutil.which("redis-server") is None:
        missing("redis-server is not installed (apt-get install redis-server)")
    where = tmp_path_factory.mktemp("redis")
    script = str(ROOT / "scripts" / "throwaway-redis")
    url = subprocess.run(
        [script, "start", str(where)], check=True, capture_output=True, text=True
    ).stdout.strip()
    yield url
    subprocess.run([script, "stop", str(where)], check=True)


def _production(storage: str, **extra) -> dict:
    return {
        "CLINIC_ENV": "production",
        "SECRET_KEY": "x" * 48,
        "PUBLIC_BASE_URL": "https://clinic.example",
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": storage,
        **extra,
    }


@pytest.mark.parametrize("variable", ["CLINIC_WORKERS", "WEB_CONCURRENCY"])
def test_production_refuses_to_start_with_several_workers_counting_in_memory(monkeypatch, variable):
    monkeypatch.delenv("CLINIC_WORKERS", raising=False)
    monkeypatch.setenv(variable, "2")
    with pytest.raises(ConfigurationError, match="RATELIMIT_STORAGE_URI"):
        create_app(_production("memory://"))


def test_one_worker_in_memory_or_several_sharing_a_store_may_start(monkeypatch):
    monkeypatch.setenv("CLINIC_WORKERS", "1")
    create_app(_production("memory://"))
    monkeypatch.setenv("CLINIC_WORKERS", "4")
    create_app(_production("redis://127.0.0.1:6379/0"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn(tmp_path, sqlite_template, storage: str, port: int) -> subprocess.Popen:
    database = tmp_path / "clinic.sqlite3"
    shutil.copy(sqlite_template, database)
    env = os.environ | {
        "CLINIC_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{database}",
        "CLINIC_INSTANCE_PATH": str(tmp_path / "instance"),
        "PUBLIC_BASE_URL": "https://clinic.example",
        "EXTRA_TRUSTED_HOSTS": "127.0.0.1",  # the test asks the workers on loopback
        "RATELIMIT_STORAGE_URI": storage,
        "RATELIMIT_API": f"{LIMIT} per minute",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("WEB_CONCURRENCY", None)
    bind = f"127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "2",
        "--bind",
        bind,
        "clinic:create_app()",
    ]
    with (tmp_path / "gunicorn.log").open("wb") as log:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wait_until_up(server: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            if _status(f"{base}/healthz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer: {log.read_text()}")


def test_two_gunicorn_workers_sharing_redis_enforce_one_limit_together(
    tmp_path, sqlite_template, redis_url
):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _gunicorn(tmp_path, sqlite_template, redis_url, port)
    try:
        _wait_until_up(server, base, tmp_path / "gunicorn.log")
        # Six clients at once keep both workers busy; every request opens a new connection.
        with ThreadPoolExecutor(max_workers=6) as pool:
            statuses = list(pool.map(_status, [f"{base}/api/v1/therapists"] * (3 * LIMIT)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert statuses.count(200) == LIMIT
    assert statuses.count(429) == 2 * LIMIT


def test_two_gunicorn_workers_counting_in_memory_refuse_to_start(tmp_path, sqlite_template):
    server = _gunicorn(tmp_path, sqlite_template, "memory://", _free_port())
    try:
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode != 0
    assert "RATELIMIT_STORAGE_URI" in (tmp_path / "gunicorn.log").read_text()
