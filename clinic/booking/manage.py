"""The patient's manage page behind the secret link: see, reschedule, cancel, download.

Every forged, expired or revoked token answers the same 404. Every action is audited.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from clinic.audit.record import record
from clinic.booking import confirmation, steps, tokens
from clinic.booking.forms import CancelForm, TimeForm
from clinic.core import clock, limits
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.intake import advice
from clinic.intake import services as intake_services
from clinic.invites import calendar_for
from clinic.notifications import messages
from clinic.plans import reading as plan_reading
from clinic.scheduling import booking, reads
from clinic.scheduling.errors import SchedulingError, SlotTaken
from clinic.scheduling.models import Appointment, AppointmentStatus

bp = Blueprint("manage", __name__, url_prefix="/visit/<token>")


@bp.after_request
def private(response: Response) -> Response:
    # The token in these URLs goes to no other site: clinic.core.headers sends
    # `Referrer-Policy: same-origin` (not no-referrer, which would fail the forms over HTTPS).
    response.headers["Cache-Control"] = "no-store"
    return response


def _appointment(token: str, *, cancelled_too: bool = False) -> Appointment:
    appointment = tokens.find(token, clock.now())
    if appointment is None or appointment.status == AppointmentStatus.HELD:
        abort(404)
    if not cancelled_too:
        refuse_if_cancelled(appointment)
    return appointment


def refuse_if_cancelled(appointment: Appointment) -> None:
    """A cancelled visit's link opens only "this visit was cancelled, book again" (410)."""
    if appointment.status == AppointmentStatus.CANCELLED:
        abort(make_response(render_template("booking/visit_cancelled.html"), 410))


def may_cancel_online(appointment: Appointment, now) -> bool:
    cutoff = timedelta(hours=reads.settings().cancel_cutoff_hours)
    return appointment.status == AppointmentStatus.BOOKED and now < appointment.starts_at - cutoff


def _page(token: str, appointment: Appointment, problem: str | None = None, status: int = 200):
    now = clock.now()
    intake = appointment.intake
    zone = ZoneInfo(appointment.location.timezone)
    local = appointment.starts_at.astimezone(zone)
    return render_template(
        "booking/manage.html",
        token=token,
        appointment=appointment,
        intake=intake,
        when=local.strftime("%A %B %-d, %Y at %-I:%M %p"),
        zone=steps.zone_label(appointment.location.timezone, appointment.starts_at),
        can_cancel=may_cancel_online(appointment, now),
        upcoming=appointment.status == AppointmentStatus.BOOKED and appointment.starts_at > now,
        links=confirmation.calendar_links(appointment, token),
        form=CancelForm(),
        bring=confirmation.WHAT_TO_BRING,
        problem=problem,
        plan=plan_reading.for_patient(appointment),
    ), status


@bp.get("/")
def show(token: str):
    appointment = _appointment(token)
    record("manage.view", actor_label="patient", subject=appointment)
    return _page(token, appointment)


@bp.get("/plan")
def plan(token: str):
    """The patient's plan (or outline) alone on a page, laid out to print on one sheet."""
    appointment = _appointment(token)
    shown = plan_reading.for_patient(appointment)
    if shown is None:
        abort(404)
    record("plan.view", actor_label="patient", subject=appointment)
    return render_template("plans/print.html", token=token, appointment=appointment, plan=shown)


@bp.post("/cancel")
def cancel(token: str):
    appointment = _appointment(token, cancelled_too=True)
    now = clock.now()
    if appointment.status == AppointmentStatus.CANCELLED:
        return redirect(url_for("manage.show", token=token))
    if not may_cancel_online(appointment, now):
        return _page(
            token,
            appointment,
            "It's too close to your visit to cancel online. Please call the clinic.",
            409,
        )
    booking.cancel(appointment, now=now, reason="Cancelled by the patient online")
    messages.queue("cancelled", appointment, token, now)
    record("manage.cancel", actor_label="patient", subject=appointment)
    return redirect(url_for("manage.show", token=token))


@bp.route("/reschedule", methods=["GET", "POST"])
@limits.holds
@keeps_input_on_csrf_failure
def reschedule(token: str):
    appointment = _appointment(token)
    now = clock.now()
    if appointment.status != AppointmentStatus.BOOKED or appointment.starts_at <= now:
        return _page(token, appointment, "This booking can't be moved online.", 409)
    week = steps.parse_week(request.args.get("week"), appointment.location_id, now)
    if week is None:
        abort(400, "That week isn't a date we understand. Use the links to move between weeks.")
    chosen = str(appointment.therapist_id)
    earliest = intake_services.earliest_visit(appointment)
    view = steps.week_view(
        appointment.location_id,
        chosen,
        week,
        now,
        skip_empty="week" not in request.args,
        earliest=earliest,
    )
    form = TimeForm()
    problem, status = None, 200
    if request.method == "POST":
        if not form.validate_on_submit():
            problem, status = "Choose one of the times shown.", 400
        else:
            try:
                therapist_id, start = steps.parse_slot(form.slot.data)
                before = appointment.starts_at
                advice.check_start(start, earliest, ZoneInfo(appointment.location.timezone))
                booking.reschedule(
                    appointment, start=start, therapist_id=therapist_id, now=now, online=True
                )
                messages.queue("rescheduled", appointment, token, now)
                record(
                    "manage.reschedule",
                    actor_label="patient",
                    subject=appointment,
                    details={"from": before.isoformat(), "to": start.isoformat()},
                )
                return redirect(url_for("manage.show", token=token))
            except SlotTaken as taken:
                problem, status = taken.message, 409
                view = steps.week_view(
                    appointment.location_id,
                    chosen,
                    week,
                    now,
                    taken.alternatives,
                    earliest=earliest,
                )
            except SchedulingError as refused:
                problem, status = refused.message, refused.status_code
            except ValueError:
                problem, status = "Choose one of the times shown.", 400
    return render_template(
        "booking/reschedule.html",
        token=token,
        appointment=appointment,
        view=view,
        form=form,
        problem=problem,
    ), status


@bp.get("/invite.ics")
def invite(token: str):
    appointment = _appointment(token)
    record("manage.download_invite", actor_label="patient", subject=appointment)
    body = calendar_for.download(appointment, token, clock.now())
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="appointment.ics"'},
    )
