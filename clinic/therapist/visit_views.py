"""The therapist's appointment page: the patient, the intake (red flags first), where they came
from, the plan, and marking the evaluation done.

Only the appointment's therapist and admins see it; another therapist's appointment answers
404. Reading it shows the intake, so every view writes an `intake.view` audit event.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from clinic.audit.record import record
from clinic.auth.access import clinical_appointment_or_404, requires
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.intake import summary
from clinic.plans import reading as plan_reading
from clinic.plans.services import published_version
from clinic.scheduling import status
from clinic.scheduling.models import AppointmentStatus
from clinic.scheduling.transitions import Action
from clinic.therapist import visits
from clinic.therapist.views import bp


class ActionForm(FlaskForm):
    """CSRF only."""


@bp.get("/appointments/<appointment_id>")
@requires(Permission.READ_INTAKES)
def appointment(appointment_id: str):
    found = clinical_appointment_or_404(appointment_id)
    intake = found.intake
    if intake is not None:
        record("intake.view", actor=current_user, subject=intake)
    plan = plan_reading.plan_of(found)
    return render_template(
        "therapist/appointment.html",
        visit=visits.visit(found, clock.now()),
        intake=intake,
        view=summary.for_staff(intake) if intake else None,
        plan=plan,
        published=published_version(plan) if plan else None,
        form=ActionForm(),
    )


@bp.post("/appointments/<appointment_id>/done")
@requires(Permission.READ_INTAKES)
def mark_done(appointment_id: str):
    """The evaluation is done: checked in on the way if the front desk had not."""
    found = clinical_appointment_or_404(appointment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    now = clock.now()
    if found.status == AppointmentStatus.BOOKED:
        status.change_status(found, Action.CHECK_IN, now=now, actor=current_user)
    status.change_status(found, Action.COMPLETE, now=now, actor=current_user)
    flash("Marked as done. You can still edit and publish the plan.", "success")
    return redirect(url_for("therapist.appointment", appointment_id=found.id))
