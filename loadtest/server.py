"""The server under load: a database (a fresh SQLite file, or a fresh PostgreSQL database),
migrated and seeded through the app's own commands, and gunicorn with two workers on a free
loopback port. Everything started here is stopped by `close()`, also after an error."""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own commands, no shell
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def flask(env: dict[str, str], *args: str) -> str:
    """Run `flask --app clinic ARGS` with the server's environment."""
    return _run([sys.executable, "-m", "flask", "--app", "clinic", *args], env, " ".join(args))


@dataclass
class Database:
    """Where one run keeps its data. `url` is what the app uses; `label` names it in reports."""

    label: str
    url: str
    sqlite_path: Path | None = None


def sqlite_database(workdir: Path) -> Database:
    path = workdir / "load.sqlite3"
    return Database("SQLite", f"sqlite:///{path}", sqlite_path=path)


def postgres_database(stack: ExitStack) -> Database:
    """A new database on LOAD_DATABASE_URL's or TEST_DATABASE_URL's server, dropped afterwards;
    without either, a throwaway cluster of our own (scripts/throwaway-postgres)."""
    base = os.environ.get("LOAD_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base:
        # A folder of its own: as root the cluster belongs to `postgres`, who must reach it.
        cluster = Path(tempfile.mkdtemp(prefix="clinic-load-pg-"))
        script = str(ROOT / "scripts" / "throwaway-postgres")
        stack.callback(shutil.rmtree, cluster, ignore_errors=True)
        stack.callback(
            subprocess.run, [script, "stop", str(cluster)], check=False, capture_output=True
        )
        base = _run([script, "start", str(cluster)], dict(os.environ), "throwaway-postgres")
        base = base.strip().splitlines()[-1]
    name = f"clinic_load_{secrets.token_hex(5)}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    stack.callback(drop)
    url = sa.make_url(base).set(database=name).render_as_string(hide_password=False)
    return Database("PostgreSQL", url)


@dataclass
class Server:
    """gunicorn serving the app; `base_url` is where clients reach it."""

    env: dict[str, str]
    port: int
    process: subprocess.Popen | None = None
    log: Path | None = None
    started_workers: list[int] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, workers: int, workdir: Path) -> None:
        self.log = workdir / "gunicorn.log"
        command = [
            sys.executable, "-m", "gunicorn",
            "--workers", str(workers),
            "--bind", f"{HOST}:{self.port}",
            "--timeout", "30",
            "--graceful-timeout", "5",
            "--error-logfile", str(self.log),
            "clinic:create_app()",
        ]  # fmt: skip
        # The workers' own output (library warnings) goes to the log too, not into the report.
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 - our own command, no shell
                command,
                env=self.env,
                cwd=ROOT,
                start_new_session=True,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            if self._healthy() and len(self.workers()) == workers:
                self.started_workers = self.workers()
                return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within 30 s; see {self.log}")

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:  # noqa: S310 - loopback http
                return response.status == 200
        except OSError:
            return False

    def workers(self) -> list[int]:
        """The worker processes' ids (the master's children), from /proc."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def app_environment(
    database: Database, workdir: Path, port: int, smtp_port: int | None, rate_limits: bool
):
    """What the app needs in production, pointed at this run's database and mail."""
    env = dict(os.environ)
    env.update(
        CLINIC_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database.url,
        CLINIC_INSTANCE_PATH=str(workdir / "instance"),
        # Production wants an https address for its links; TLS would end at a proxy that this
        # loopback run has none of, and no simulated person follows an emailed link's host.
        PUBLIC_BASE_URL=f"https://{HOST}:{port}",
        # The simulated people type instantly; the form's minimum time is for scripts.
        BOOKING_MIN_FORM_SECONDS="0",
        PYTHONPATH=str(ROOT),
    )
    if not rate_limits:
        # 50 simulated patients share one address; per-address limits would refuse them all.
        env["RATELIMIT_ENABLED"] = "false"
    if smtp_port is None:
        env.update(MAIL_BACKEND="file", MAIL_FILE_DIR=str(workdir / "mail"))
    else:
        env.update(MAIL_BACKEND="smtp", SMTP_HOST=HOST, SMTP_PORT=str(smtp_port))
        env.update(SMTP_SECURITY="none")
        env.pop("SMTP_USERNAME", None)
        env.pop("SMTP_PASSWORD", None)
    return env
