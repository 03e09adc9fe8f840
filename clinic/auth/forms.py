"""The staff's own forms: sign-in and changing one's password."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from clinic.auth.passwords import MAX_LENGTH, MIN_LENGTH


class SignInForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email."), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=128)],
        render_kw={"autocomplete": "current-password"},
    )


def current_password_field(label: str = "Your current password") -> PasswordField:
    """Re-authentication: the signed-in person's own password, asked again before a change."""
    return PasswordField(
        label,
        description="We ask again before any change to an account.",
        validators=[DataRequired("Enter your current password."), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


def new_password_fields(subject: str = "New password") -> tuple[PasswordField, PasswordField]:
    """A new password and its repetition; the strength rules are the service's."""
    return (
        PasswordField(
            subject,
            description=f"At least {MIN_LENGTH} characters. A few unrelated words work well.",
            validators=[
                DataRequired(f"Enter the {subject.lower()}."),
                Length(
                    min=MIN_LENGTH,
                    max=MAX_LENGTH,
                    message=f"Use between {MIN_LENGTH} and {MAX_LENGTH} characters.",
                ),
            ],
            render_kw={"autocomplete": "new-password"},
        ),
        PasswordField(
            f"{subject}, again",
            validators=[
                DataRequired(f"Enter the {subject.lower()} again."),
                EqualTo("new_password", message="The two passwords don't match."),
            ],
            render_kw={"autocomplete": "new-password"},
        ),
    )


class ChangePasswordForm(FlaskForm):
    current_password = current_password_field()
    new_password, new_password_again = new_password_fields()


def attach_error(form: FlaskForm, field: str | None, message: str) -> None:
    """Show a service's refusal beside the field it concerns, or at the top of the form."""
    if field and field in form:
        form[field].errors = [*form[field].errors, message]
    else:
        form.form_errors.append(message)
