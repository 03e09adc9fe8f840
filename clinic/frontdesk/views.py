"""Front-desk schedule screens: the day view, a therapist's week, the day sheet and CSV export.

The blueprint lives in `blueprint.py`; the other screens (bookings, patients, hours, the
direct-access tracker) register on it from their own modules, imported at the end.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import Response, abort, render_template, request
from flask_login import current_user

from clinic.alerts import services as alerts
from clinic.audit.record import record
from clinic.auth.access import get_or_404, requires
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.core.dates import day_from_url
from clinic.frontdesk import export, sheets
from clinic.frontdesk.blueprint import BadInput, bp, location_from_url
from clinic.practice.models import Therapist
from clinic.scheduling import schedule

__all__ = ["bp"]


def _today(locations=None):
    """Today in the clinic's first location's zone (UTC when there is none)."""
    locations = schedule.active_locations() if locations is None else locations
    zone = ZoneInfo(locations[0].timezone) if locations else ZoneInfo("UTC")
    return clock.now().astimezone(zone).date()


@bp.get("/")
@requires(Permission.VIEW_ALL_SCHEDULES)
def home():
    """The day view: therapists as columns, one location or all."""
    now = clock.now()
    locations = schedule.active_locations()
    today = _today(locations)
    day = day_from_url(today)
    location = location_from_url(locations)
    shown = [location] if location else locations
    return render_template(
        "frontdesk/day.html",
        day=day,
        location=location,
        views=schedule.day_view(day, shown, now),
        locations=locations,
        previous=day - timedelta(days=1),
        following=day + timedelta(days=1),
        today=today,
        calls=alerts.open_count(),
        to_move=sheets.visits_to_move(now),
    )


@bp.get("/week")
@requires(Permission.VIEW_ALL_SCHEDULES)
def week():
    """One therapist's week, Monday to Sunday."""
    therapists = schedule.active_therapists()
    chosen = request.args.get("therapist") or (str(therapists[0].id) if therapists else "")
    if not chosen:
        abort(404)
    therapist = get_or_404(Therapist, chosen)
    monday = schedule.week_start(day_from_url(_today()))
    return render_template(
        "frontdesk/week.html",
        therapist=therapist,
        therapists=therapists,
        monday=monday,
        views=schedule.week_view(therapist, monday, clock.now()),
        previous=monday - timedelta(days=7),
        following=monday + timedelta(days=7),
    )


@bp.get("/sheet")
@requires(Permission.VIEW_ALL_SCHEDULES)
def sheet():
    """The printable day sheet: every appointment of the day, by therapist."""
    day = day_from_url(_today())
    location = location_from_url()
    return render_template(
        "frontdesk/sheet.html",
        day=day,
        location=location,
        sheets=sheets.sheet(day, location.id if location else None),
    )


@bp.get("/export.csv")
@requires(Permission.VIEW_ALL_SCHEDULES)
def export_csv():
    """A day or a week (`span=week`, Monday to Sunday) as CSV; every export is audited."""
    day = day_from_url(_today())
    location = location_from_url()
    span = request.args.get("span", "day")
    if span not in ("day", "week"):
        raise BadInput("Export a day or a week (span=day or span=week).")
    first = schedule.week_start(day) if span == "week" else day
    days = [first + timedelta(days=k) for k in range(7 if span == "week" else 1)]
    rows = sheets.export_rows(days, location.id if location else None)
    record(
        "frontdesk.export",
        actor=current_user,
        details={"span": span, "from": first.isoformat(), "rows": len(rows)},
    )
    name = f"appointments-{first.isoformat()}{'-week' if span == 'week' else ''}.csv"
    return Response(
        export.to_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


from clinic.frontdesk import (  # noqa: E402  (each registers its routes on bp)
    appointment_views,
    hours_views,
    identity_views,
    people_views,
    screening_views,
    task_views,
)

__all__ += [
    "appointment_views",
    "hours_views",
    "identity_views",
    "people_views",
    "screening_views",
    "task_views",
]
