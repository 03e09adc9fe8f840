"""Confirming a booking by proving the email: the code page, a new code, and the link.

Joins the booking blueprint (imported at the end of clinic.booking.views). Every page works
without JavaScript; verify-code.js only sends the form once six digits are typed.
"""

from flask import current_app, redirect, render_template, request, url_for

from clinic.booking import confirmation, flow, steps, verification
from clinic.booking.forms import CodeForm
from clinic.booking.models import BookingDraft
from clinic.booking.views import _step, bp
from clinic.core import clock
from clinic.core.database import keep_changes_despite_error_status
from clinic.core.domain import DomainError
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.intake.patient_advice import advice_for_patient
from clinic.scheduling.errors import SlotTaken


def _confirm(draft: BookingDraft, now) -> tuple[str | None, list]:
    """Book it (once, whoever asks first): (None, []) when booked, else what went wrong and
    the nearest free times when the held time was taken meanwhile."""
    flow.lock(draft)
    if draft.data.get("confirmed"):
        return None, []
    verification.mark_verified(draft, now)
    try:
        confirmation.confirm(draft, now)
    except SlotTaken as taken:
        nearest = steps.describe(taken.alternatives, draft.data["location_id"])
        return taken.message + " Please choose another time.", nearest
    except DomainError as refused:
        return refused.message, []
    flow.update(draft, now, confirmed=True)
    return None, []


def _verify_page(draft, form, problem=None, status=200, nearest=()):
    now = clock.now()
    return render_template(
        "booking/verify.html",
        form=form,
        nearest=nearest,
        email=draft.data["details"]["email"],
        minutes=current_app.config["BOOKING_CODE_MINUTES"],
        held=steps.held_summary(draft, now),
        problem=problem,
    ), status


@bp.route("/verify", methods=["GET", "POST"])
@keeps_input_on_csrf_failure
def verify():
    draft, elsewhere = _step("review")
    if elsewhere:
        return elsewhere  # confirmed already (here or by the link): the done page
    if not verification.pending(draft):
        return redirect(url_for("booking.review"))
    form = CodeForm()
    if request.method == "GET":
        return _verify_page(draft, form)
    if not form.validate_on_submit():
        return _verify_page(draft, form, status=400)
    now = clock.now()
    flow.lock(draft)
    wrong = verification.check_code(draft, form.code.data, now)
    if wrong:
        keep_changes_despite_error_status()  # the wrong try is counted, though this is a 400
        form.code.errors = [wrong]
        return _verify_page(draft, form, status=400)
    problem, nearest = _confirm(draft, now)
    if problem:
        return _verify_page(draft, form, problem, 409, nearest)
    return redirect(url_for("booking.done"))


@bp.post("/verify/resend")
def resend():
    draft, elsewhere = _step("review")
    if elsewhere:
        return elsewhere
    now = clock.now()
    flow.lock(draft)
    try:
        if not draft.data.get("robot"):
            verification.send_code(draft, now)
    except DomainError as refused:
        return _verify_page(draft, CodeForm(), refused.message, refused.status_code)
    return redirect(url_for("booking.verify"))


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def verify_link(token: str):
    """The link in the code's email: a page with a button (a GET never books: mail scanners
    open links), then the booking, from whichever browser the email was read in."""
    now = clock.now()
    draft = verification.by_link(token, now)
    if draft is None or draft.appointment is None:
        return render_template("booking/verify_gone.html"), 404
    summary = confirmation.review(draft, now)
    if request.method == "GET":
        return render_template("booking/verify_link.html", summary=summary)
    problem, _ = _confirm(draft, now)
    if problem:
        return render_template("booking/verify_gone.html", problem=problem), 409
    links = confirmation.calendar_links(draft.appointment) | {"ics": None}
    return render_template(
        "booking/done.html",
        summary=confirmation.review(draft, now),
        email=draft.data["details"]["email"],
        links=links,
        plan=None,
        screening=advice_for_patient(draft.appointment.intake),
    )
