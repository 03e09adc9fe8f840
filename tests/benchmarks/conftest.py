"""Benchmark databases: a SQLite file and a fresh PostgreSQL database, each holding the dataset.

The benchmarks run when asked for (`make bench`, or any path under tests/benchmarks); a plain
`pytest` (`make test`) skips them: they take a minute or more and print figures, not verdicts.
The race-condition guarantees themselves are pinned by tests/integration/test_booking_race.py.
"""

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from clinic import create_app
from clinic.core.clock import FixedClock
from clinic.extensions import db
from tests.benchmarks import dataset
from tests.conftest import missing

HERE = Path(__file__).resolve().parent


def _asked_for(config: pytest.Config) -> bool:
    """Whether the command line named this folder or something inside it."""
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path == HERE or HERE in path.parents:
            return True
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _asked_for(config):
        return
    skip = pytest.mark.skip(reason="benchmarks run with `make bench` (pytest tests/benchmarks)")
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(skip)


@dataclass(frozen=True)
class Bench:
    """One database with the dataset, and the app that reaches it."""

    #: "sqlite" or "pg": the suffix of the figures measured on it.
    label: str
    app: Flask
    data: dataset.Dataset


def _open(url: str, label: str) -> Bench:
    app = create_app(
        {"CLINIC_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "CLOCK": FixedClock(dataset.NOW)}
    )
    with app.app_context():
        db.create_all()
        data = dataset.populate()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum would have done by now on a live database.
            db.session.execute(sa.text("ANALYZE"))
            db.session.commit()
        db.session.remove()
    return Bench(label, app, data)


def _close(bench: Bench) -> None:
    with bench.app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_bench(tmp_path_factory) -> Bench:
    path = tmp_path_factory.mktemp("bench") / "bench.sqlite3"
    bench = _open(f"sqlite:///{path}", "sqlite")
    yield bench
    _close(bench)


@pytest.fixture(scope="session")
def pg_bench() -> Bench:
    """A PostgreSQL database of its own, created for the run and dropped after it."""
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        missing("PostgreSQL is not available (set TEST_DATABASE_URL, or run `make test`)")
    name = f"clinic_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        url = sa.make_url(base).set(database=name).render_as_string(hide_password=False)
        bench = _open(url, "pg")
        yield bench
        _close(bench)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", "pg"])
def bench(request) -> Bench:
    return request.getfixturevalue(f"{request.param}_bench")
