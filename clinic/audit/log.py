"""Reading the audit log: filters, newest-first pages (keyset on id) and the CSV export."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, or_, select, tuple_

from clinic.audit.models import AuditEvent
from clinic.extensions import db
from clinic.frontdesk.export import to_csv
from clinic.practice.models import Location

PAGE_SIZE = 50
#: An export holds at most this many events; a larger view must be narrowed first.
EXPORT_CAP = 10_000

NEWEST_FIRST = (AuditEvent.at.desc(), AuditEvent.id.desc())

CSV_HEADER = (
    "Event",
    "Time (clinic)",
    "Time (UTC)",
    "Actor",
    "Actor user id",
    "Action",
    "Subject type",
    "Subject id",
    "Client address",
    "Details",
)


@dataclass(frozen=True)
class Filters:
    """What the admin asked to see. Dates are local dates in the clinic's zone, inclusive."""

    action: str = ""
    actor: str = ""
    subject_type: str = ""
    subject_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def as_details(self) -> dict:
        """The filters as audit details (for the export's own entry)."""
        return {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in vars(self).items()
            if value not in ("", None)
        }


def clinic_zone() -> ZoneInfo:
    """The zone the log's dates are read in: the clinic's first location's, else UTC."""
    name = db.session.scalar(
        select(Location.timezone).order_by(Location.active.desc(), Location.id).limit(1)
    )
    return ZoneInfo(name or "UTC")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def action_condition(action: str):
    """`auth` matches `auth` and every `auth.*`; `auth.sign_in` only itself; a trailing `*`
    matches any action that starts with what comes before it."""
    action = action.strip().lower()
    if action.endswith("*"):
        return AuditEvent.action.like(_escape_like(action[:-1]) + "%", escape="\\")
    return or_(
        AuditEvent.action == action,
        AuditEvent.action.like(_escape_like(action) + ".%", escape="\\"),
    )


def filtered(filters: Filters, zone: ZoneInfo) -> Select:
    query = select(AuditEvent)
    if filters.action.strip():
        query = query.where(action_condition(filters.action))
    if filters.actor.strip():
        query = query.where(func.lower(AuditEvent.actor_label) == filters.actor.strip().lower())
    if filters.subject_type:
        query = query.where(AuditEvent.subject_type == filters.subject_type)
    if filters.subject_id is not None:
        query = query.where(AuditEvent.subject_id == filters.subject_id)
    if filters.date_from is not None:
        query = query.where(AuditEvent.at >= datetime.combine(filters.date_from, time(), zone))
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to + timedelta(days=1), time(), zone)
        query = query.where(AuditEvent.at < end)
    return query


def page(filters: Filters, zone: ZoneInfo, before: int | None = None) -> tuple[list, int | None]:
    """One page of events, newest first, and the id to pass as `before` for the next page.

    Keyset paging on (time, id): `before` names the last event shown, so a page costs the
    same however deep it is and new events arriving meanwhile shift nothing.
    """
    query = filtered(filters, zone)
    if before is not None:
        anchor = db.session.get(AuditEvent, before)
        if anchor is not None:
            query = query.where(tuple_(AuditEvent.at, AuditEvent.id) < (anchor.at, anchor.id))
    events = db.session.scalars(query.order_by(*NEWEST_FIRST).limit(PAGE_SIZE + 1)).all()
    more = len(events) > PAGE_SIZE
    events = events[:PAGE_SIZE]
    return events, (events[-1].id if more else None)


def count(filters: Filters, zone: ZoneInfo) -> int:
    query = filtered(filters, zone).with_only_columns(func.count(AuditEvent.id))
    return db.session.scalar(query.order_by(None)) or 0


def subject_types() -> list[str]:
    return db.session.scalars(
        select(AuditEvent.subject_type)
        .distinct()
        .where(AuditEvent.subject_type.is_not(None))
        .order_by(AuditEvent.subject_type)
    ).all()


def _rows(events: Iterable[AuditEvent], zone: ZoneInfo) -> Iterable[tuple]:
    for event in events:
        yield (
            event.id,
            event.at.astimezone(zone).isoformat(timespec="seconds"),
            event.at.isoformat(timespec="seconds"),
            event.actor_label,
            event.actor_user_id,
            event.action,
            event.subject_type,
            event.subject_id,
            event.client_address,
            json.dumps(event.details or {}, sort_keys=True, default=str),
        )


def export_csv(filters: Filters, zone: ZoneInfo) -> str:
    """The filtered view as CSV, newest first, every cell safe to open in a spreadsheet."""
    events = db.session.scalars(filtered(filters, zone).order_by(*NEWEST_FIRST).limit(EXPORT_CAP))
    return to_csv(_rows(events, zone), header=CSV_HEADER)
