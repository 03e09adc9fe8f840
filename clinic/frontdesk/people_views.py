"""Patients (search, record) and the direct-access tracker."""

from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from clinic.audit.record import record
from clinic.auth.access import get_or_404, requires
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.extensions import db
from clinic.frontdesk import episodes, patients, services, tracker
from clinic.frontdesk.blueprint import bp
from clinic.frontdesk.forms import EpisodeActionForm, SearchForm
from clinic.patients import matching
from clinic.patients.models import Episode, Patient
from clinic.practice.models import Location


@bp.route("/patients", methods=["GET", "POST"])
@requires(Permission.MANAGE_BOOKINGS)
@keeps_input_on_csrf_failure
def patient_search():
    """Search by name, email, phone or date of birth. The search is posted, not put in the
    URL, so patients' names and birth dates stay out of access logs and browser history."""
    form = SearchForm()
    text, found, hint, status = "", [], None, 200
    if request.method == "POST":
        text = (form.q.data or "")[:100]
        if not form.validate_on_submit():
            hint, status = "This form expired. Please search again.", 400
        elif len(text.strip()) < 2:
            hint, status = "Type at least two characters.", 400
        else:
            found = patients.search(text)
    return render_template(
        "frontdesk/patients.html",
        form=form,
        q=text,
        found=found,
        hint=hint,
        searched=request.method == "POST" and hint is None,
        limit=patients.LIMIT,
    ), status


@bp.get("/patients/<patient_id>")
@requires(Permission.MANAGE_BOOKINGS)
def patient(patient_id: str):
    """A patient's appointments, episodes and no-show count."""
    found = get_or_404(Patient, patient_id)
    record("patient.view", actor=current_user, subject=found)
    locations = {loc.id: loc for loc in db.session.scalars(db.select(Location))}
    return render_template(
        "frontdesk/patient.html",
        record=patients.record_of(found),
        locations=locations,
        labels=tracker.KIND_LABELS,
        contact_changes=matching.contact_history(found),
    )


@bp.get("/direct-access")
@requires(Permission.MANAGE_BOOKINGS)
def tracker_page():
    """Every open direct-access episode against its state's limit, most urgent first."""
    return _tracker()


def _tracker(form: EpisodeActionForm | None = None, failed: int | None = None, status=200):
    now = clock.now()
    return render_template(
        "frontdesk/tracker.html",
        rows=episodes.tracked(now),
        form=form,
        failed=failed,
        labels=tracker.KIND_LABELS,
        blank=EpisodeActionForm(formdata=None),
        today=now.date(),
    ), status


@bp.post("/direct-access/<episode_id>/actions")
@requires(Permission.MANAGE_BOOKINGS)
@keeps_input_on_csrf_failure
def record_action(episode_id: str):
    """Record that a referral, sign-off, progress check or notification was done."""
    episode = get_or_404(Episode, episode_id)
    form = EpisodeActionForm()
    if not form.validate_on_submit():
        return _tracker(form, episode.id, 400)
    location = db.session.get(Location, episode.location_id)
    now = clock.now()
    try:
        services.record_episode_action(
            episode,
            kind=form.kind.data,
            done_on=form.done_on.data,
            today=now.astimezone(ZoneInfo(location.timezone)).date(),
            detail=form.detail.data or "",
            note=(form.note.data or "").strip(),
            now=now,
            actor=current_user,
        )
    except services.InvalidEpisodeAction as refused:
        form.done_on.errors = [*form.done_on.errors, refused.message]
        return _tracker(form, episode.id, refused.status_code)
    flash(f"Recorded: {tracker.KIND_LABELS[tracker.Kind(form.kind.data)]}.")
    return redirect(url_for("frontdesk.tracker_page"))
