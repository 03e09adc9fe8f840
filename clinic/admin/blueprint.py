"""The admin blueprint; its pages live in views.py, staff_views.py and audit_views.py."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.after_request
def private(response):
    """Admin pages show staff and audit data: never kept by a browser or proxy cache."""
    response.headers["Cache-Control"] = "no-store"
    return response
