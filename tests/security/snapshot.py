"""Every row of every table, to show that a request changed nothing (or only what it may)."""

import sqlalchemy as sa
from flask import Flask

from clinic.extensions import db

#: Tables a request may change without changing anything a person sees or relies on.
BOOKKEEPING = frozenset(
    {
        "audit_event",  # reads of health data and every refusal are audited by design
        "staff_session",  # last-seen time, written at most once a minute per session
        "login_throttle",  # failed sign-ins are counted
        "article_daily_views",  # public article views are counted (docs/content.md)
    }
)


def snapshot(app: Flask, tables: frozenset[str] | None = None) -> dict[str, list]:
    """{table: its rows, sorted} for every table but the bookkeeping ones."""
    result = {}
    with app.app_context(), db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            if table.name in BOOKKEEPING or (tables and table.name not in tables):
                continue
            rows = connection.execute(sa.select(table)).all()
            result[table.name] = sorted(repr(tuple(row)) for row in rows)
    return result


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def row_counts(app: Flask) -> dict[str, int]:
    """{table: number of rows} for every table, in one statement."""
    tables = db.metadata.sorted_tables
    with app.app_context(), db.engine.connect() as connection:
        counts = connection.execute(
            sa.select(
                *(sa.select(sa.func.count()).select_from(t).scalar_subquery() for t in tables)
            )
        ).one()
    return {table.name: count for table, count in zip(tables, counts, strict=True)}
