"""Staff accounts: list, create, change a role, disable and enable.

Every form re-asks the admin's password; every change is audited; a role change or disabling
ends the user's sessions on the server (`clinic.auth.accounts`).
"""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, logout_user
from sqlalchemy import or_, select

from clinic.admin.blueprint import bp
from clinic.admin.forms import ConfirmWithPasswordForm, NewStaffForm, RoleForm
from clinic.audit.models import AuditEvent
from clinic.auth import accounts
from clinic.auth.access import get_or_404, requires
from clinic.auth.models import Role, User
from clinic.auth.permissions import Permission
from clinic.auth.views import refusal_status
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.extensions import db


def _profile(form) -> accounts.TherapistProfile:
    choice = form.therapist_profile.data
    return accounts.TherapistProfile(
        therapist_id=None if choice in (None, "", accounts.NEW_PROFILE) else int(choice),
        display_name=form.display_name.data or "",
        credentials=form.credentials.data or "",
    )


@bp.get("/staff")
@requires(Permission.MANAGE_USERS)
def staff():
    return render_template("admin/staff.html", users=accounts.staff_list())


@bp.route("/staff/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
@keeps_input_on_csrf_failure
def staff_new():
    form = NewStaffForm()
    form.set_profiles(accounts.unlinked_therapists())
    status, headers = 200, {}
    if form.validate_on_submit():
        new = accounts.NewStaff(
            email=form.email.data,
            role=Role(form.role.data),
            password=form.new_password.data,
            profile=_profile(form),
        )
        try:
            user = accounts.create_staff(
                current_user._get_current_object(), form.current_password.data, new
            )
        except accounts.AccountError as refused:
            status, headers = refusal_status(form, refused)
        else:
            flash(f"Created the {user.role.label.lower()} account {user.email}.", "success")
            return redirect(url_for("admin.staff_member", user_id=user.id))
    elif form.is_submitted():
        status = 400
    return render_template("admin/staff_new.html", form=form), status, headers


def _member_page(user: User, status: int = 200, headers=None, **forms):
    role_form = forms.get("role_form") or RoleForm(formdata=None, prefix="role", role=user.role)
    role_form.set_profiles(accounts.unlinked_therapists())
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            or_(
                (AuditEvent.subject_type == User.__tablename__)
                & (AuditEvent.subject_id == user.id),
                AuditEvent.actor_user_id == user.id,
            )
        )
        .order_by(AuditEvent.id.desc())
        .limit(20)
    ).all()
    return (
        render_template(
            "admin/staff_member.html",
            user=user,
            therapist_id=accounts.therapist_id_of(user),
            role_form=role_form,
            status_form=forms.get("status_form")
            or ConfirmWithPasswordForm(formdata=None, prefix="status"),
            events=events,
        ),
        status,
        headers or {},
    )


@bp.get("/staff/<user_id>")
@requires(Permission.MANAGE_USERS)
def staff_member(user_id: str):
    return _member_page(get_or_404(User, user_id))


def _after_change(user: User, message: str):
    flash(message, "success")
    if user.id == current_user.id:
        # The admin changed their own role: their sessions ended like anyone else's.
        logout_user()
        return redirect(url_for("auth.sign_in"))
    return redirect(url_for("admin.staff_member", user_id=user.id))


@bp.post("/staff/<user_id>/role")
@requires(Permission.MANAGE_USERS)
@keeps_input_on_csrf_failure
def staff_role(user_id: str):
    user = get_or_404(User, user_id)
    form = RoleForm(prefix="role")
    form.set_profiles(accounts.unlinked_therapists())
    if not form.validate_on_submit():
        return _member_page(user, 400, role_form=form)
    before = user.role
    try:
        changed = accounts.change_role(
            current_user._get_current_object(),
            form.current_password.data,
            user,
            Role(form.role.data),
            _profile(form),
        )
    except accounts.AccountError as refused:
        status, headers = refusal_status(form, refused)
        return _member_page(user, status, headers, role_form=form)
    if not changed:
        flash(f"{user.email} is already {before.label.lower()}; nothing changed.", "info")
        return redirect(url_for("admin.staff_member", user_id=user.id))
    return _after_change(
        user,
        f"{user.email} is now {user.role.label.lower()} (was {before.label.lower()}). "
        "Their sessions have ended; they sign in again to continue.",
    )


def _set_active(user_id: str, active: bool):
    user = get_or_404(User, user_id)
    form = ConfirmWithPasswordForm(prefix="status")
    if not form.validate_on_submit():
        return _member_page(user, 400, status_form=form)
    try:
        changed = accounts.set_active(
            current_user._get_current_object(), form.current_password.data, user, active
        )
    except accounts.AccountError as refused:
        status, headers = refusal_status(form, refused)
        return _member_page(user, status, headers, status_form=form)
    if not changed:
        state = "active" if active else "disabled"
        flash(f"{user.email} is already {state}; nothing changed.", "info")
    elif active:
        flash(f"{user.email} can sign in again.", "success")
    else:
        flash(f"{user.email} is disabled and has been signed out everywhere.", "success")
    return redirect(url_for("admin.staff_member", user_id=user.id))


@bp.post("/staff/<user_id>/disable")
@requires(Permission.MANAGE_USERS)
@keeps_input_on_csrf_failure
def staff_disable(user_id: str):
    return _set_active(user_id, False)


@bp.post("/staff/<user_id>/enable")
@requires(Permission.MANAGE_USERS)
@keeps_input_on_csrf_failure
def staff_enable(user_id: str):
    return _set_active(user_id, True)
