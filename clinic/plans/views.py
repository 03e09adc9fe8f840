"""The therapist's plan editor beside the intake, its versions and their comparison.

Only the appointment's therapist and admins reach these pages (another therapist gets 404,
the front desk 403), through `clinical_appointment_or_404`.
"""

from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from clinic.audit.record import record
from clinic.auth.access import clinical_appointment_or_404, requires
from clinic.auth.permissions import Permission
from clinic.core import clock
from clinic.core.database import keep_changes_despite_error_status
from clinic.core.domain import DomainError
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.core.numbers import whole_number
from clinic.extensions import db
from clinic.intake import summary
from clinic.plans import content as plan_content
from clinic.plans import editor, services
from clinic.plans.reading import plan_of
from clinic.scheduling.models import Appointment

bp = Blueprint("plans", __name__, url_prefix="/staff/appointments/<appointment_id>/plan")


class PlanForm(FlaskForm):
    """CSRF only: the editor's fields depend on the plan's sections (see editor.py)."""


def _editor(appointment: Appointment, *, fields=None, errors=None, problem=None, status=200):
    plan = plan_of(appointment)
    intake = appointment.intake
    if intake is not None:
        record("intake.view", actor=current_user, subject=intake)
        if status >= 400:
            # Nothing else is pending (refusals change nothing or were rolled back): the
            # record that this person read the intake must stand.
            keep_changes_despite_error_status()
    if plan is not None and fields is None:
        fields = editor.fields_of(plan.content)
    fields = fields or {}
    return render_template(
        "plans/editor.html",
        appointment=appointment,
        plan=plan,
        intake=intake,
        view=summary.for_staff(intake) if intake else None,
        form=PlanForm(),
        fields=fields,
        goal_rows=editor.goal_rows(fields),
        errors=errors or {},
        problem=problem,
        published=services.published_version(plan) if plan else None,
        editable=appointment.status in services.EDITABLE,
    ), status


@bp.get("")
@requires(Permission.EDIT_PLANS)
def edit(appointment_id: str):
    return _editor(clinical_appointment_or_404(appointment_id))


@bp.post("")
@requires(Permission.EDIT_PLANS)
@keeps_input_on_csrf_failure
def save(appointment_id: str):
    appointment = clinical_appointment_or_404(appointment_id)
    form = PlanForm()
    fields = editor.form_values(request.form)
    plan = plan_of(appointment)
    if plan is None:
        abort(404)
    if not form.validate_on_submit():
        problem = (
            "Your session expired, so nothing was saved. Your text is kept: please save again."
        )
        return _editor(appointment, fields=fields, problem=problem, status=400)
    if request.form.get("base_version") != str(plan.versions[-1].number):
        problem = (
            "Someone saved this plan after you opened it, so nothing was saved. Your text is "
            "kept below; compare the versions, then save again."
        )
        return _editor(appointment, fields=fields, problem=problem, status=409)
    now = clock.now()
    today = now.astimezone(ZoneInfo(appointment.location.timezone)).date()
    submitted = editor.submitted_from(request.form, plan.content)
    publishing = request.form.get("action") == "publish"
    try:
        saved = services.save(plan, submitted, author=current_user, now=now, today=today)
        if publishing:
            services.publish(plan, author=current_user, now=now)
    except plan_content.InvalidPlan as invalid:
        return _editor(
            appointment, fields=fields, errors=invalid.errors, problem=invalid.message, status=400
        )
    except DomainError as refused:
        db.session.rollback()
        return _editor(
            appointment, fields=fields, problem=refused.message, status=refused.status_code
        )
    if publishing:
        flash(
            "Published. The patient can read the plan on their booking page and has been emailed.",
            "success",
        )
    elif saved is None:
        flash("Nothing had changed, so no new version was saved.", "info")
    else:
        flash(
            f"Saved as version {saved.number}. The patient does not see it until you publish.",
            "success",
        )
    return redirect(url_for("plans.edit", appointment_id=appointment.id))


@bp.post("/start")
@requires(Permission.EDIT_PLANS)
def start(appointment_id: str):
    appointment = clinical_appointment_or_404(appointment_id)
    if not PlanForm().validate_on_submit():
        abort(400)
    services.start_blank(appointment, author=current_user, now=clock.now())
    return redirect(url_for("plans.edit", appointment_id=appointment.id))


def _plan_or_404(appointment: Appointment):
    plan = plan_of(appointment)
    if plan is None:
        abort(404)
    return plan


@bp.get("/versions")
@requires(Permission.EDIT_PLANS)
def versions(appointment_id: str):
    appointment = clinical_appointment_or_404(appointment_id)
    plan = _plan_or_404(appointment)
    return render_template("plans/versions.html", appointment=appointment, plan=plan)


@bp.get("/versions/<number>")
@requires(Permission.EDIT_PLANS)
def version(appointment_id: str, number: str):
    appointment = clinical_appointment_or_404(appointment_id)
    found = services.version(_plan_or_404(appointment), _number(number))
    if found is None:
        abort(404)
    return render_template("plans/version.html", appointment=appointment, version=found)


@bp.get("/compare")
@requires(Permission.EDIT_PLANS)
def compare(appointment_id: str):
    appointment = clinical_appointment_or_404(appointment_id)
    plan = _plan_or_404(appointment)
    chosen = [services.version(plan, _number(request.args.get(k))) for k in ("a", "b")]
    if None in chosen:
        problem = "Choose two versions of this plan to compare."
        return render_template(
            "plans/versions.html", appointment=appointment, plan=plan, problem=problem
        ), 400
    old, new = sorted(chosen, key=lambda v: v.number)
    return render_template(
        "plans/compare.html",
        appointment=appointment,
        plan=plan,
        old=old,
        new=new,
        changes=plan_content.compare(old.content, new.content),
    )


def _number(raw: str | None) -> int:
    number = whole_number(raw, maximum=10**8)
    return -1 if number is None else number
