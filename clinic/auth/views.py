"""Sign in, sign out, the staff entry point and "My account" (changing one's password)."""

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError

from clinic.auth import accounts, devices, services
from clinic.auth.forms import ChangePasswordForm, SignInForm, attach_error
from clinic.auth.permissions import landing_endpoint
from clinic.core import limits
from clinic.core.database import keep_changes_despite_error_status
from clinic.core.errors import keeps_input_on_csrf_failure
from clinic.core.redirects import same_site_path
from clinic.extensions import db, login_manager

bp = Blueprint("auth", __name__)


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    # The cookie holds only a session token; the server decides whether it is still live.
    login_manager.session_protection = None

    @login_manager.user_loader
    def load_user(token: str):
        try:
            return services.load_session_user(token)
        except SQLAlchemyError:
            # With the database down nobody is signed in; the error page still renders.
            db.session.rollback()
            return None

    app.register_blueprint(bp)


@bp.route("/staff/sign-in", methods=["GET", "POST"])
@limits.sign_in
@keeps_input_on_csrf_failure
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for(landing_endpoint(current_user.role)))
    form = SignInForm()
    error, status, headers = None, 200, {}
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data, devices.browser_id(form.email.data)
            )
        except services.SignInThrottled as refused:
            keep_changes_despite_error_status()
            error, status = refused.message, 429
            headers = {"Retry-After": str(refused.retry_after)}
        except services.SignInRefused as refused:
            keep_changes_despite_error_status()
            error, status = refused.message, 401
        else:
            login_user(user)
            response = redirect(
                same_site_path(request.args.get("next")) or url_for(landing_endpoint(user.role))
            )
            devices.remember(response, user.email)
            return response
    elif form.is_submitted():
        status = 400
    form.password.data = ""
    return render_template("auth/sign_in.html", form=form, error=error), status, headers


@bp.post("/staff/sign-out")
@login_required
def sign_out():
    services.end_session(current_user._get_current_object())
    logout_user()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.sign_in"))


@bp.get("/staff/")
@login_required
def staff_home():
    return redirect(url_for(landing_endpoint(current_user.role)))


def refusal_status(form, refused: accounts.AccountError) -> tuple[int, dict]:
    """Put an account service's refusal on the form; the status and headers to answer with.

    A wrong or throttled re-authentication keeps its throttle count and audit event.
    """
    headers = {}
    if isinstance(refused, accounts.ReauthenticationThrottled):
        headers["Retry-After"] = str(refused.retry_after)
    if isinstance(refused, accounts.ReauthenticationFailed | accounts.ReauthenticationThrottled):
        keep_changes_despite_error_status()
    attach_error(form, refused.field, refused.message)
    return refused.status_code, headers


@bp.route("/staff/account", methods=["GET", "POST"])
@login_required
@keeps_input_on_csrf_failure
def account():
    """My account: change one's own password (which signs out every other session)."""
    form = ChangePasswordForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_own_password(user, form.current_password.data, form.new_password.data)
        except accounts.AccountError as refused:
            status, headers = refusal_status(form, refused)
        else:
            login_user(user)
            flash(
                "Your password has been changed. Any other browser signed in as you has been "
                "signed out.",
                "success",
            )
            return redirect(url_for("auth.account"))
    elif form.is_submitted():
        status = 400
    return render_template("auth/account.html", form=form), status, headers
