"""Raising and acknowledging "call this patient" tasks. Services only flush.

A warning (see a doctor, or an emergency) on an existing booking opens one task per booking
until someone acknowledges it, and queues one email to the clinic's alert address. The email
carries no health detail and no patient name: only a link to the staff page.
"""

from datetime import datetime

from flask import current_app, render_template
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from clinic.alerts.models import CallTask
from clinic.audit.record import record
from clinic.core.domain import DomainError
from clinic.core.urls import external_url
from clinic.extensions import db
from clinic.notifications.models import OutboxMessage
from clinic.scheduling import reads
from clinic.scheduling.models import Appointment, ScreeningLevel

SUBJECT = "A patient needs a call back ({clinic})"
_RANK = {ScreeningLevel.PHYSICIAN: 1, ScreeningLevel.EMERGENCY: 2}


class AlreadyAcknowledged(DomainError):
    status_code = 409

    def __init__(self, task: CallTask):
        super().__init__(f"{task.acknowledged_name} has already acknowledged this call.")


class NameNeeded(DomainError):
    status_code = 400

    def __init__(self):
        super().__init__("Type your name, so the clinic knows who is making this call.")


def open_task_for(appointment: Appointment) -> CallTask | None:
    return db.session.scalar(
        select(CallTask).where(
            CallTask.appointment_id == appointment.id, CallTask.acknowledged_at.is_(None)
        )
    )


def call_patient(appointment: Appointment, level: ScreeningLevel, now: datetime) -> CallTask:
    """Open a task to call the patient (or raise the open one's level) and alert the clinic."""
    task = open_task_for(appointment) or _open(appointment, level, now)
    if _RANK[level] > _RANK[task.level]:
        task.level = level
    return task


def _open(appointment: Appointment, level: ScreeningLevel, now: datetime) -> CallTask:
    """A new task and its alert; when a concurrent request opened one first (the partial
    unique index refuses a second), theirs."""
    try:
        with db.session.begin_nested():
            task = CallTask(appointment_id=appointment.id, level=level, created_at=now)
            db.session.add(task)
    except IntegrityError:
        return open_task_for(appointment)
    record("call_task.open", actor_label="system", subject=task, details={"level": level.value})
    _queue_alert(task, now)
    return task


def _queue_alert(task: CallTask, now: datetime) -> None:
    clinic = reads.settings()
    recipient = current_app.config.get("CLINIC_ALERT_EMAIL") or clinic.email
    if not recipient:
        return
    context = {"clinic": clinic, "tasks_url": external_url("frontdesk.tasks")}
    db.session.add(
        OutboxMessage(
            kind="staff_alert",
            dedupe_key=f"staff_alert:{task.id}",
            recipient=recipient,
            subject=SUBJECT.format(clinic=clinic.name),
            body_text=render_template("emails/staff_alert.txt", **context),
            body_html=render_template("emails/staff_alert.html", **context),
            next_attempt_at=now,
            created_at=now,
        )
    )


def open_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(CallTask).where(CallTask.acknowledged_at.is_(None))
    )


def open_tasks() -> list[CallTask]:
    """Tasks still to do, oldest first, with their appointment and patient loaded."""
    return list(
        db.session.scalars(
            select(CallTask)
            .where(CallTask.acknowledged_at.is_(None))
            .options(joinedload(CallTask.appointment).joinedload(Appointment.patient))
            .order_by(CallTask.created_at, CallTask.id)
        )
    )


def acknowledge(task: CallTask, *, name: str, now: datetime, actor) -> CallTask:
    """A named person takes the call: the task leaves the list, and the audit log says who."""
    name = " ".join((name or "").split())[:120]
    if not name:
        raise NameNeeded()
    if task.acknowledged_at is not None:
        raise AlreadyAcknowledged(task)
    task.acknowledged_at = now
    task.acknowledged_name = name
    task.acknowledged_by_id = actor.id if actor is not None else None
    record("call_task.acknowledge", actor=actor, subject=task, details={"name": name})
    db.session.flush()
    return task
