"""Slot claims: the rows that make double booking impossible inside the database.

An appointment that occupies time owns one `SlotClaim` per grid cell it touches, from its
start to its `busy_until`. Two appointments of one therapist that overlap would need the
same (therapist, cell) row, which the primary key refuses.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, insert, select

from clinic.extensions import db
from clinic.scheduling.models import Appointment, AppointmentStatus, SlotClaim


def cells(start: datetime, end: datetime, grid_minutes: int) -> list[datetime]:
    """The UTC grid cells that [start, end) touches, cells anchored at the Unix epoch.

    Anchoring in UTC (not local midnight) keeps cells stable across daylight-saving
    changes; every US zone's offset is a whole number of hours, so local grid times
    and UTC cells line up for any grid that divides 60.
    """
    step = timedelta(minutes=grid_minutes)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    first = epoch + ((start - epoch) // step) * step
    result = []
    cell = first
    while cell < end:
        result.append(cell)
        cell += step
    return result


def claim(appointment: Appointment, grid_minutes: int) -> None:
    """Insert the appointment's claims; raises IntegrityError if any cell is already taken."""
    rows = [
        {
            "therapist_id": appointment.therapist_id,
            "cell_start": cell,
            "appointment_id": appointment.id,
        }
        for cell in cells(appointment.starts_at, appointment.busy_until, grid_minutes)
    ]
    db.session.execute(insert(SlotClaim), rows)


def release(appointment: Appointment) -> None:
    """Free the appointment's time (cancelled, lapsed hold, or before a reschedule)."""
    db.session.execute(delete(SlotClaim).where(SlotClaim.appointment_id == appointment.id))


def release_lapsed(therapist_id: int, cells_wanted: list[datetime], now: datetime) -> None:
    """Free the cells that lapsed holds still sit on, so they block nobody.

    Runs in the claiming transaction; no clean-up job is needed for correctness.
    """
    lapsed = select(Appointment.id).where(
        Appointment.therapist_id == therapist_id,
        Appointment.status == AppointmentStatus.HELD,
        Appointment.hold_expires_at <= now,
    )
    db.session.execute(
        delete(SlotClaim).where(
            SlotClaim.therapist_id == therapist_id,
            SlotClaim.cell_start.in_(cells_wanted),
            SlotClaim.appointment_id.in_(lapsed),
        )
    )


def count(appointment: Appointment) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(SlotClaim)
        .where(SlotClaim.appointment_id == appointment.id)
    )
