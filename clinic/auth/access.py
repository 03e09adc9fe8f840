"""Enforcing access in views: the decorator and the loader that 404s or 403s."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from clinic.auth.models import Role
from clinic.auth.permissions import Permission, can_read_intake, has_permission
from clinic.core.numbers import whole_number
from clinic.extensions import db, login_manager


def requires(permission: Permission) -> Callable:
    """Anonymous visitors are sent to sign in; signed-in staff without the permission get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_permission(current_user.role, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def get_or_404(model, ident):
    """Load a row by primary key or answer 404; the one loader every view uses."""
    number = whole_number(ident)
    if not number:
        abort(404)
    return db.get_or_404(model, number)


def own_therapist_id() -> int | None:
    """The signed-in user's therapist record, if they are one."""
    from clinic.practice.models import Therapist

    return db.session.scalar(db.select(Therapist.id).where(Therapist.user_id == current_user.id))


def clinical_appointment_or_404(appointment_id):
    """An appointment whose clinical record (intake, plan) the signed-in user may open.

    Another therapist's patient answers 404, as if it did not exist; other staff get 403.
    """
    from clinic.scheduling.models import Appointment

    appointment = get_or_404(Appointment, appointment_id)
    if not can_read_intake(current_user.role, own_therapist_id(), appointment.therapist_id):
        abort(404 if current_user.role == Role.THERAPIST else 403)
    return appointment
