"""What every template can use: the clinic's settings, locations, time formatting."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from clinic.auth.permissions import Permission, has_permission
from clinic.core.regions import REGIONS, region_label
from clinic.core.urls import external_url
from clinic.extensions import db


def local_time(value: datetime, zone: str, fmt: str = "%a %b %-d, %-I:%M %p") -> str:
    """An instant shown as wall-clock time in a location's zone, with the zone's abbreviation."""
    local = value.astimezone(ZoneInfo(zone))
    return f"{local.strftime(fmt)} {local.tzname()}"


def local_span(start: datetime, end: datetime, zone: str) -> str:
    """A stretch of time off as people say it: whole days by their last day ("Mon Mar 9 to
    Wed Mar 11, 2026 (whole days)"), never by the midnight after it; otherwise the real times."""
    tz = ZoneInfo(zone)
    first, last = start.astimezone(tz), end.astimezone(tz)
    begins = f"{_day(first)}, {first.year}, {first:%-I:%M %p} {first.tzname()}"
    if last.time() == time(0):  # up to a midnight: it covers the day before to its end
        last_day = (last - timedelta(days=1)).date()
        if first.time() != time(0):
            return f"{begins} to the end of {_day(last_day)}"
        if last_day == first.date():
            return f"{_day(first)}, {first.year} (whole day)"
        return f"{_day(first)} to {_day(last_day)}, {last_day.year} (whole days)"
    if last.date() == first.date():
        return f"{_day(first)}, {first.year}, {first:%-I:%M %p} to {last:%-I:%M %p} {last.tzname()}"
    return f"{begins} to {_day(last)}, {last.year}, {last:%-I:%M %p} {last.tzname()}"


def _day(value: date) -> str:
    return f"{value:%a %b} {value.day}"


def long_date(value: date | str) -> str:
    """ "April 15, 2026" from a date or an ISO date string; other strings shown as they are."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.strftime('%B')} {value.day}, {value.year}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["local_span"] = local_span
    app.jinja_env.filters["region_label"] = region_label
    app.jinja_env.globals["external_url"] = external_url

    @app.context_processor
    def clinic_context():
        from clinic.practice.models import ClinicSettings, Location

        def can(permission: str) -> bool:
            return current_user.is_authenticated and has_permission(
                current_user.role, Permission(permission)
            )

        def clinic_locations() -> list[Location]:
            return _or_fallback(
                lambda: db.session.scalars(
                    select(Location).where(Location.active).order_by(Location.name)
                ).all(),
                [],
            )

        return {
            "clinic": _or_fallback(lambda: db.session.get(ClinicSettings, 1), None),
            "clinic_locations": clinic_locations,
            "regions": REGIONS,
            "can": can,
        }


def _or_fallback(query, fallback):
    """Run a query for the layout; error pages must still render when the database failed."""
    try:
        return query()
    except SQLAlchemyError:
        db.session.rollback()
        return fallback
