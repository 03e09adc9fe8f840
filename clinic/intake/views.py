"""The intake pages: the patient's (behind the manage link) and the therapist's summary."""

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from clinic.audit.record import record
from clinic.auth.access import clinical_appointment_or_404, requires
from clinic.auth.permissions import Permission
from clinic.booking import tokens
from clinic.booking.manage import refuse_if_cancelled
from clinic.core import clock
from clinic.core.database import keep_changes_despite_error_status
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.core.numbers import whole_number
from clinic.intake import advice, answers, forms, services, summary
from clinic.intake.models import Intake

bp = Blueprint("intake", __name__)


@bp.after_request
def private(response: Response) -> Response:
    """Health data: never cached. (The token in the URL never leaves the site in a Referer:
    clinic.core.headers sends `Referrer-Policy: same-origin` everywhere.)"""
    response.headers["Cache-Control"] = "no-store"
    return response


def _intake_for(token: str) -> Intake:
    appointment = tokens.find(token, clock.now())
    if appointment is not None:
        refuse_if_cancelled(appointment)
    intake = appointment.intake if appointment else None
    if intake is None:
        abort(404)
    return intake


@bp.get("/visit/<token>/intake/")
def overview(token: str):
    intake = _intake_for(token)
    return render_template(
        "intake/overview.html",
        token=token,
        intake=intake,
        progress=summary.progress(intake),
        editable=services.editable(intake, clock.now()),
        result=summary.screening_result(intake),
    )


@bp.route("/visit/<token>/intake/<section_id>", methods=["GET", "POST"])
@keeps_input_on_csrf_failure
def section(token: str, section_id: str):
    intake = _intake_for(token)
    questions = services.question_set_of(intake)
    page = questions.section(section_id)
    if page is None:
        abort(404)
    now = clock.now()
    formdata = request.form if request.method == "POST" else None
    form = forms.section_form(page, intake.question_set_version, intake.answers, formdata)
    notice, status = None, 200
    if request.method == "POST":
        notice, status = _save(intake, page, form, now)
        if notice is None:
            return _next_page(token, intake, page.id)
    elif not services.editable(intake, now):
        notice, status = services.IntakeClosed().message, 200
    shown_with = intake.answers if request.method == "GET" else _sent(page, form)
    return render_template(
        "intake/section.html",
        token=token,
        intake=intake,
        section=page,
        form=form,
        follow_ups=forms.follow_up_view(page, page, {**intake.answers, **shown_with}),
        notice=notice,
        progress=summary.progress(intake),
        editable=services.editable(intake, now),
    ), status


def _save(intake: Intake, page, form, now) -> tuple[str | None, int]:
    """Validate and store a page; on any problem, the message and the status to show."""
    form.validate_on_submit()  # only for the CSRF check: the service judges the answers
    if form.csrf_token.errors:
        return "This page expired before you saved it. Your answers are below: save again.", 400
    known = {q.id for q in page.questions}
    try:
        unknown = [i for i in forms.posted_question_ids(request.form) if i not in known]
        if unknown:
            raise services.UnknownQuestions(unknown)
        version = whole_number(request.form.get("version") or "") or 0
        raw = forms.raw_answers(form, request.form)
        services.save_answers(intake, page.id, raw, version=version, now=now)
    except answers.InvalidAnswers as invalid:
        forms.show_errors(form, invalid.errors)
        return invalid.message, 400
    except (services.UnknownQuestions, services.StaleQuestionSet, services.IntakeClosed) as e:
        form.version.data = str(intake.question_set_version)
        return e.message, e.status_code
    except ValueError:
        return "Something on this page could not be read. Please check it and save again.", 400
    record("intake.save", actor_label="patient", subject=intake, details={"section": page.id})
    return None, 200


def _sent(page, form) -> dict:
    """What the page sent, read leniently, to show the follow-ups it calls for."""
    raw = forms.raw_answers(form, request.form)
    read = answers.read_page(page.questions, page.questions, {}, raw)
    return read.answers


def _next_page(token: str, intake: Intake, section_id: str):
    result = summary.screening_result(intake)
    if result.stops_booking:
        keep_changes_despite_error_status()
        return redirect(url_for("intake.urgent", token=token))
    if request.form.get("action") == "later":
        return redirect(url_for("intake.overview", token=token))
    if summary.follow_ups_to_ask(intake, section_id):
        # Without JavaScript, the follow-ups this page called for come as the next page.
        return redirect(url_for("intake.section", token=token, section_id=section_id))
    following = summary.next_section(intake, section_id)
    if following is None:
        return redirect(url_for("intake.overview", token=token))
    return redirect(url_for("intake.section", token=token, section_id=following.id))


@bp.post("/visit/<token>/intake/finish")
def finish(token: str):
    intake = _intake_for(token)
    now = clock.now()
    result = summary.screening_result(intake)
    problem = None
    if result.needs_acknowledgement and not intake.physician_acknowledged_at:
        if request.form.get("acknowledge") == "yes":
            services.acknowledge_physician_advice(intake, now)
        else:
            problem = "Please confirm that you have read the advice to see a physician first."
    if problem is None:
        try:
            services.submit(intake, now)
            return redirect(url_for("intake.overview", token=token))
        except (services.IntakeIncomplete, services.IntakeClosed) as refused:
            problem = refused.message
    return render_template(
        "intake/overview.html",
        token=token,
        intake=intake,
        progress=summary.progress(intake),
        editable=services.editable(intake, now),
        result=result,
        problem=problem,
    ), 400


@bp.get("/visit/<token>/intake/urgent")
def urgent(token: str):
    intake = _intake_for(token)
    return render_template(
        "intake/urgent.html", token=token, result=summary.screening_result(intake)
    )


@bp.post("/visit/<token>/intake/urgent/mistake")
def mistake(token: str):
    """ "I answered by mistake" from the stop page: noted on the result, which stays, and the
    patient goes back to the safety questions with their answers."""
    intake = _intake_for(token)
    services.report_mistake(intake, clock.now())
    return redirect(url_for("intake.section", token=token, section_id="safety"))


@bp.app_template_filter("doctor_time_frame")
def doctor_time_frame(urgency) -> str:
    return advice.time_frame(urgency) or ""


@bp.get("/staff/appointments/<appointment_id>/intake")
@requires(Permission.READ_INTAKES)
def staff_summary(appointment_id: str):
    appointment = clinical_appointment_or_404(appointment_id)
    intake = appointment.intake
    if intake is not None:
        record("intake.view", actor=current_user, subject=intake)
    return render_template(
        "intake/staff_summary.html",
        appointment=appointment,
        intake=intake,
        view=summary.for_staff(intake) if intake else None,
    )
