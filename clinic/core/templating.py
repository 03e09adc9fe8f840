"""What every template can use: the clinic's settings, locations, time formatting."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from clinic.auth.permissions import Permission, has_permission
from clinic.core.regions import REGIONS, region_label
from clinic.extensions import db


def local_time(value: datetime, zone: str, fmt: str = "%a %b %-d, %-I:%M %p") -> str:
    """An instant shown as wall-clock time in a location's zone, with the zone's abbreviation."""
    local = value.astimezone(ZoneInfo(zone))
    return f"{local.strftime(fmt)} {local.tzname()}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["region_label"] = region_label

    @app.context_processor
    def clinic_context():
        from clinic.practice.models import ClinicSettings, Location

        def can(permission: str) -> bool:
            return current_user.is_authenticated and has_permission(
                current_user.role, Permission(permission)
            )

        try:
            settings = db.session.get(ClinicSettings, 1)
        except SQLAlchemyError:
            # Error pages must still render when the database is what failed.
            db.session.rollback()
            settings = None
        return {
            "clinic": settings,
            "clinic_locations": lambda: db.session.scalars(
                select(Location).where(Location.active).order_by(Location.name)
            ).all(),
            "regions": REGIONS,
            "can": can,
        }
