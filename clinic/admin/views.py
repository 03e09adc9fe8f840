"""Administration screens: the landing page and the outbox.

Staff accounts are in staff_views.py, the audit log in audit_views.py.
"""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from clinic.admin import audit_views, staff_views  # noqa: F401 - their routes join bp
from clinic.admin.blueprint import bp
from clinic.audit.models import AuditEvent
from clinic.audit.record import record
from clinic.auth.access import get_or_404, requires
from clinic.auth.models import User
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.extensions import db
from clinic.notifications import outbox
from clinic.notifications.models import OutboxMessage


@bp.get("/")
@requires(Permission.MANAGE_USERS)
def home():
    users = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    recent = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(20)).all()
    return render_template("admin/home.html", users=users, events=recent)


@bp.get("/outbox")
@requires(Permission.MANAGE_SETTINGS)
def outbox_list():
    recent = db.session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(200)
    ).all()
    return render_template("admin/outbox.html", messages=recent)


@bp.post("/outbox/<message_id>/retry")
@requires(Permission.MANAGE_SETTINGS)
def outbox_retry(message_id: str):
    message = get_or_404(OutboxMessage, message_id)
    try:
        outbox.retry(message, clock.now())
    except outbox.NotRetryable as refused:
        flash(refused.message, "error")
        return redirect(url_for("admin.outbox_list"))
    record("outbox.retry", actor=current_user, subject=message)
    flash("The message will be sent again shortly.", "success")
    return redirect(url_for("admin.outbox_list"))
