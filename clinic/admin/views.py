"""Administration screens."""

from flask import Blueprint, render_template
from sqlalchemy import select

from clinic.audit.models import AuditEvent
from clinic.auth.access import requires
from clinic.auth.models import User
from clinic.auth.permissions import Permission
from clinic.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@requires(Permission.MANAGE_USERS)
def home():
    users = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    recent = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(20)).all()
    return render_template("admin/home.html", users=users, events=recent)
