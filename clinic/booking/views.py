"""The patient's booking steps at /book: reason, safety check, therapist, time, details,
review and confirmation. Every step works without JavaScript."""

from flask import (
    Blueprint,
    Response,
    abort,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from wtforms.fields.choices import SelectChoice

from clinic.booking import (
    caps,
    confirmation,
    doctor_window,
    flow,
    safety_pages,
    steps,
    verification,
)
from clinic.booking.forms import DetailsForm, ReasonForm, TherapistForm, TimeForm
from clinic.core import clock, limits
from clinic.core.domain import DomainError
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.intake import forms as intake_forms
from clinic.intake import question_sets, screening
from clinic.intake.patient_advice import advice_for_patient
from clinic.invites import calendar_for
from clinic.plans import reading as plan_reading
from clinic.scheduling.errors import SchedulingError, SlotTaken

bp = Blueprint("booking", __name__, url_prefix="/book")
SESSION_KEY = "booking_draft"


@bp.after_request
def private(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _draft():
    return flow.find_draft(session.get(SESSION_KEY), clock.now())


def _step(name: str):
    """The draft, when this step may be shown now; otherwise a redirect to the right step."""
    draft = _draft()
    if draft is None:
        return None, redirect(url_for("booking.reason"))
    if draft.data.get("confirmed"):
        return None, redirect(url_for("booking.done"))
    if not flow.may_visit(draft, name):
        return None, redirect(url_for(f"booking.{flow.first_missing(draft)}"))
    return draft, None


@bp.route("", methods=["GET", "POST"])
@keeps_input_on_csrf_failure
def reason():
    draft = _draft()
    if draft is not None and draft.data.get("confirmed"):
        draft = None  # booked already: this is a new booking
    form = ReasonForm(data=steps.reason_defaults(draft, request.args))
    form.location.choices = steps.location_choices()
    status = 200
    if form.validate_on_submit():
        now = clock.now()
        answers = {
            "region": form.region.data,
            "location_id": form.location.data,
            "words": form.words.data.strip(),
            "duration": form.duration.data,
            "onset": form.onset.data,
        }
        if draft is None:
            draft_id, draft = flow.new_draft(now, topic=steps.topic_of(request.args))
            session[SESSION_KEY] = draft_id
        if draft.data.get("region") not in (None, answers["region"]):
            flow.forget(draft, "safety", "safety_done", "safety_pending", "stopped", "acknowledged")
        flow.update(draft, now, **answers)
        return redirect(url_for("booking.safety"))
    if form.is_submitted():
        status = 400
    location_id = form.location.data or (draft.data.get("location_id") if draft else None)
    return render_template(
        "booking/reason.html",
        form=form,
        notice=steps.direct_access_notice(location_id),
        notices=steps.all_notices(),
    ), status


@bp.route("/safety", methods=["GET", "POST"])
@keeps_input_on_csrf_failure
def safety():
    draft, elsewhere = _step("safety")
    if elsewhere:
        return elsewhere
    region = draft.data["region"]
    questions = question_sets.for_region(region)
    section = questions.section("safety")
    saved = draft.data.get("safety", {})
    asked = request.form.get("page") if request.method == "POST" else request.args.get("page")
    page = safety_pages.page_for(section, draft, asked)
    formdata = request.form if request.method == "POST" else None
    form = intake_forms.section_form(page, questions.version, saved, formdata)

    def show(page_, form_, answers, result=None, problem=None, status=200):
        return render_template(
            "booking/safety.html",
            form=form_,
            section=page_,
            follow_ups=safety_pages.follow_up_view(section, page_, answers),
            more=safety_pages.is_follow_up_page(page_),
            result=result,
            draft=draft,
            problem=problem,
        ), status

    if request.method == "GET":
        result = screening.screen({**saved, "region": region}, region)
        return show(page, form, saved, result if draft.data.get("safety_done") else None)
    if g.get("csrf_failed"):
        problem = "This page expired. Your answers are below: please send them again."
        return show(page, form, saved, problem=problem, status=400)
    outcome = steps.check_safety(draft, form, section, clock.now(), page)
    if outcome.errors:
        intake_forms.show_errors(form, outcome.errors)
        return show(page, form, outcome.answers, problem=outcome.message, status=400)
    if outcome.result.stops_booking:
        return render_template("booking/stop.html", result=outcome.result), 200
    if outcome.more:
        return redirect(url_for("booking.safety"))
    if outcome.result.needs_acknowledgement and not draft.data.get("acknowledged"):
        # The whole check again, answers filled in, with the advice and the box to tick.
        full = intake_forms.section_form(section, questions.version, outcome.answers)
        status = 400 if outcome.message else 200
        return show(section, full, outcome.answers, outcome.result, outcome.message, status)
    return redirect(url_for("booking.therapist"))


@bp.post("/safety/mistake")
def mistake():
    """The stop page's secondary path: recorded, then back to the questions, answers kept."""
    draft, elsewhere = _step("safety")
    if elsewhere:
        return elsewhere
    steps.report_mistake(draft, clock.now())
    return redirect(url_for("booking.safety"))


@bp.route("/therapist", methods=["GET", "POST"])
@keeps_input_on_csrf_failure
def therapist():
    draft, elsewhere = _step("therapist")
    if elsewhere:
        return elsewhere
    now = clock.now()
    options = steps.therapist_options(draft, now)
    form = TherapistForm(data={"therapist": draft.data.get("therapist")})
    form.therapist.choices = [SelectChoice("any", "First available")] + [
        SelectChoice(str(o.therapist.id), o.therapist.display_name) for o in options
    ]
    if form.validate_on_submit():
        flow.update(draft, now, therapist=form.therapist.data)
        return redirect(url_for("booking.time"))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "booking/therapist.html", form=form, options=options, draft=draft
    ), status


@bp.route("/time", methods=["GET", "POST"])
@limits.holds
@keeps_input_on_csrf_failure
def time():
    draft, elsewhere = _step("time")
    if elsewhere:
        return elsewhere
    now = clock.now()
    location_id, chosen = draft.data["location_id"], draft.data.get("therapist")
    week = steps.parse_week(request.args.get("week"), location_id, now)
    if week is None:
        abort(400, "That week isn't a date we understand. Use the links to move between weeks.")
    form = TimeForm()
    problem, status, nearest = None, 200, None
    if request.method == "POST":
        if not form.validate_on_submit():
            problem, status = "Choose one of the times shown.", 400
        else:
            try:
                steps.hold_time(draft, form.slot.data, now)
                return redirect(url_for("booking.details"))
            except SlotTaken as taken:
                problem, status, nearest = taken.message, 409, taken.alternatives
            except (SchedulingError, ValueError) as refused:
                problem = getattr(refused, "message", "Choose one of the times shown.")
                status = 400 if isinstance(refused, ValueError) else refused.status_code
    # Built only when a page is shown: a successful hold redirects without it.
    earliest = doctor_window.not_before(draft, now)
    view = steps.week_view(
        location_id,
        chosen,
        week,
        now,
        nearest,
        skip_empty="week" not in request.args,
        earliest=earliest,
    )
    return render_template(
        "booking/time.html",
        form=form,
        view=view,
        earliest=earliest,
        draft=draft,
        problem=problem,
        held=steps.held_summary(draft, now),
    ), status


@bp.route("/details", methods=["GET", "POST"])
@keeps_input_on_csrf_failure
def details():
    draft, elsewhere = _step("details")
    if elsewhere:
        return elsewhere
    now = clock.now()
    form = DetailsForm(data=steps.details_defaults(draft))
    status = 200
    if request.method == "GET" and "details_shown_at" not in draft.data:
        flow.update(draft, now, details_shown_at=now.isoformat())
    if form.validate_on_submit():
        if steps.too_fast(draft, now):
            form.form_errors.append("Please check your details, then send the form again.")
            flow.update(draft, now, details_shown_at=now.isoformat())
            status = 400
        elif steps.check_details(form, draft, now):
            steps.save_details(draft, form, now)
            # A filled honeypot goes on as usual, but no code is ever sent for it.
            flow.update(draft, now, robot=bool(form.website.data))
            return redirect(url_for("booking.review"))
        else:
            status = 400
    elif form.is_submitted():
        status = 400
    return render_template(
        "booking/details.html", form=form, draft=draft, held=steps.held_summary(draft, now)
    ), status


@bp.route("/review", methods=["GET", "POST"])
def review():
    draft, elsewhere = _step("review")
    if elsewhere:
        return elsewhere
    now = clock.now()
    problem, status = None, 200
    if request.method == "POST":
        flow.lock(draft)
        if draft.data.get("confirmed"):
            return redirect(url_for("booking.done"))
        try:
            caps.check(draft.data["details"]["email"], None, draft.appointment, now)
            if not draft.data.get("robot"):
                verification.send_code(draft, now)
        except DomainError as refused:
            problem, status = refused.message, refused.status_code
        else:
            return redirect(url_for("booking.verify"))
    summary = confirmation.review(draft, now)
    return render_template(
        "booking/review.html", draft=draft, summary=summary, problem=problem, nearest=[]
    ), status


@bp.get("/done")
def done():
    """The booker's own confirmation page: what was booked, and never the private link."""
    draft = _draft()
    if draft is None or not draft.data.get("confirmed") or draft.appointment is None:
        return redirect(url_for("booking.reason"))
    return render_template(
        "booking/done.html",
        summary=confirmation.review(draft, clock.now()),
        email=draft.data["details"]["email"],
        links=confirmation.calendar_links(draft.appointment),
        plan=plan_reading.for_patient(draft.appointment),
        screening=advice_for_patient(draft.appointment.intake),
    )


@bp.get("/done/invite.ics")
def done_invite():
    """The visit for one's own calendar, from the confirmation page: no link inside."""
    draft = _draft()
    if draft is None or not draft.data.get("confirmed") or draft.appointment is None:
        abort(404)
    body = calendar_for.download(draft.appointment, None, clock.now())
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="appointment.ics"'},
    )


from clinic.booking import recovery_views, verify_views  # noqa: E402, F401 - routes of this bp
