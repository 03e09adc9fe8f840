"""Enforcing access in views: the decorator and the loader that 404s or 403s."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from clinic.auth.permissions import Permission, has_permission
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
    try:
        ident = int(ident)
    except (TypeError, ValueError):
        abort(404)
    if not 0 < ident < 2**63:
        abort(404)
    return db.get_or_404(model, ident)
