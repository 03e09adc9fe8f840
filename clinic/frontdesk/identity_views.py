"""Who a patient is: private links revoked or sent again, and "possible same patient" pairs
merged or kept apart. Each is a POST, re-checked on the server, and audited."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from clinic.audit.record import record
from clinic.auth.access import get_or_404, requires
from clinic.auth.permissions import Permission
from clinic.booking import recovery, tokens
from clinic.core import clock
from clinic.frontdesk.blueprint import bp
from clinic.frontdesk.forms import MatchDecisionForm
from clinic.patients import matching
from clinic.patients.models import MatchStatus, Patient, PossibleSamePatient
from clinic.scheduling.models import Appointment


@bp.post("/patients/<patient_id>/links/revoke")
@requires(Permission.MANAGE_BOOKINGS)
def revoke_links(patient_id: str):
    """Every private link to every visit of this patient stops working (one leaked)."""
    patient = get_or_404(Patient, patient_id)
    now = clock.now()
    stopped = sum(tokens.revoke_all(a, now) for a in _appointments(patient))
    record("patient.links_revoked", actor=current_user, subject=patient, details={"links": stopped})
    flash("Every private link for this patient has stopped working.", "success")
    return redirect(url_for("frontdesk.patient", patient_id=patient.id))


@bp.post("/patients/<patient_id>/links/resend")
@requires(Permission.MANAGE_BOOKINGS)
def resend_links(patient_id: str):
    """Old links stop; each upcoming visit's new link goes to the email on the record."""
    patient = get_or_404(Patient, patient_id)
    now = clock.now()
    visits = recovery.upcoming_for_email(patient.email, now)
    visits = [a for a in visits if a.patient_id == patient.id]
    for appointment in visits:
        recovery.resend(appointment, now)
    record(
        "patient.links_resent", actor=current_user, subject=patient, details={"visits": len(visits)}
    )
    if visits:
        flash(f"New links are on their way to {patient.email}; the old ones stopped.", "success")
    else:
        flash("This patient has no upcoming visit to send a link for.", "info")
    return redirect(url_for("frontdesk.patient", patient_id=patient.id))


def _appointments(patient: Patient) -> list[Appointment]:
    from sqlalchemy import select

    from clinic.extensions import db

    return list(db.session.scalars(select(Appointment).where(Appointment.patient_id == patient.id)))


@bp.get("/possible-same-patients")
@requires(Permission.MANAGE_BOOKINGS)
def matches():
    """Records an online booking made that look like existing ones, side by side."""
    pairs = matching.open_matches()
    for pair in pairs:
        record("patient.view", actor=current_user, subject=pair.existing)
    return render_template("frontdesk/possible_same.html", pairs=pairs, form=MatchDecisionForm())


@bp.post("/possible-same-patients/<match_id>")
@requires(Permission.MANAGE_BOOKINGS)
def decide_match(match_id: str):
    pair = get_or_404(PossibleSamePatient, match_id)
    form = MatchDecisionForm()
    if not form.validate_on_submit() or pair.status != MatchStatus.OPEN:
        flash("That pair was already decided, or the form expired. Please look again.", "error")
        return redirect(url_for("frontdesk.matches"))
    now, kept = clock.now(), pair.existing
    details = {"booking_record": pair.patient_id, "existing_record": kept.id, "why": pair.reason}
    if form.decision.data == "merge":
        record("patient.merge", actor=current_user, subject=kept, details=details)
        matching.merge(pair, actor_id=current_user.id, now=now)
        flash(f"Merged into {kept.full_name}'s record.", "success")
    else:
        record("patient.keep_apart", actor=current_user, subject=kept, details=details)
        matching.keep_apart(pair, actor_id=current_user.id, now=now)
        flash("Kept as two patients.", "success")
    return redirect(request.referrer or url_for("frontdesk.matches"))
