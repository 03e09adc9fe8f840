"""The public face: home page, privacy notice and the health check (Ask our experts lives in
clinic.content)."""

from flask import Blueprint, jsonify, render_template
from sqlalchemy import select

from clinic.core.database import ping
from clinic.extensions import db
from clinic.practice.models import Therapist

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    therapists = db.session.scalars(
        select(Therapist).where(Therapist.active).order_by(Therapist.display_name)
    ).all()
    return render_template("public/home.html", therapists=therapists)


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/healthz")
def healthz():
    database_ok = ping()
    body = {
        "status": "ok" if database_ok else "unavailable",
        "database": "ok" if database_ok else "unreachable",
    }
    return jsonify(body), 200 if database_ok else 503
