"""The safety questions read aloud at the desk for a phone booking: the same questions and
form the patient would see online, saved through the intake service (as a desk result, kept
in the screening history and audited). Once screened, the desk sees the level and what to
tell the patient, never the answers."""

from flask import abort, render_template, request
from flask_login import current_user

from clinic.audit.record import record
from clinic.auth.access import get_or_404, requires
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.frontdesk.blueprint import bp
from clinic.intake import answers, services, summary
from clinic.intake import forms as intake_forms
from clinic.intake.models import ScreeningSource
from clinic.scheduling.models import Appointment

SECTION = "safety"


@bp.route("/appointments/<appointment_id>/safety", methods=["GET", "POST"])
@requires(Permission.MANAGE_BOOKINGS)
@keeps_input_on_csrf_failure
def desk_safety(appointment_id: str):
    appointment = get_or_404(Appointment, appointment_id)
    intake = appointment.intake
    if intake is None:
        abort(404)
    questions = services.question_set_of(intake)
    section = questions.section(SECTION)
    if intake.screened:
        return _done(appointment, intake)
    formdata = request.form if request.method == "POST" else None
    form = intake_forms.section_form(section, intake.question_set_version, {}, formdata)
    problem, status = None, 200
    if request.method == "POST":
        problem, status = _save(intake, form)
        if problem is None:
            return _done(appointment, intake)
    return render_template(
        "frontdesk/safety.html",
        appointment=appointment,
        form=form,
        section=section,
        problem=problem,
    ), status


def _save(intake, form) -> tuple[str | None, int]:
    form.validate_on_submit()  # the CSRF check only: the service judges the answers
    if form.csrf_token.errors:
        return "This page expired before you saved it. The answers are below: save again.", 400
    try:
        services.save_answers(
            intake,
            SECTION,
            intake_forms.raw_answers(form, request.form),
            version=intake.question_set_version,
            now=clock.now(),
            source=ScreeningSource.FRONT_DESK,
        )
    except answers.InvalidAnswers as invalid:
        intake_forms.show_errors(form, invalid.errors)
        return invalid.message, 400
    except services.IntakeClosed as closed:
        return closed.message, closed.status_code
    record("intake.desk_screening", actor=current_user, subject=intake)
    return None, 200


def _done(appointment, intake):
    return render_template(
        "frontdesk/safety_done.html",
        appointment=appointment,
        intake=intake,
        result=summary.screening_result(intake),
    )
