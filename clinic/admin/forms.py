"""The admin's forms: staff accounts (each re-asks the admin's password) and audit log filters."""

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from clinic.auth.accounts import NEW_PROFILE
from clinic.auth.forms import current_password_field, new_password_fields
from clinic.auth.models import Role
from clinic.core import dates
from clinic.core.numbers import MAX_ID


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a whole number, like 42.") from None


class PlainDateField(DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a date like 2026-03-02.") from None
        if self.data is not None and not dates.in_range(self.data):
            self.data = None
            raise ValueError(dates.OUT_OF_RANGE)


ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]
NEW_PROFILE_CHOICE = SelectChoice(NEW_PROFILE, "Create a new therapist profile")


def _role_field(label: str = "Role") -> SelectField:
    return SelectField(
        label,
        choices=ROLE_CHOICES,
        validators=[DataRequired("Choose a role.")],
    )


def _profile_fields() -> tuple[SelectField, StringField, StringField]:
    """Which therapist record a therapist's account uses; the choices are set by the view."""
    return (
        SelectField(
            "Therapist profile",
            description="For therapists only: their public profile, new or one not yet linked.",
            choices=[NEW_PROFILE_CHOICE],
            validate_choice=False,
        ),
        StringField(
            "Name patients will see",
            description="For a new therapist profile, e.g. Dana Whitfield.",
            validators=[Optional(), Length(max=120)],
        ),
        StringField(
            "Credentials",
            description="For a new therapist profile, e.g. PT, DPT, OCS.",
            validators=[Optional(), Length(max=80)],
        ),
    )


class NewStaffForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired("Enter their email."),
            Email("Enter a valid email, like name@clinic.example."),
            Length(max=254),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    role = _role_field()
    therapist_profile, display_name, credentials = _profile_fields()
    new_password, new_password_again = new_password_fields("Initial password")
    current_password = current_password_field("Your password")

    def set_profiles(self, therapists) -> None:
        self.therapist_profile.choices = [NEW_PROFILE_CHOICE] + [
            SelectChoice(str(t.id), f"{t.display_name} ({t.credentials})") for t in therapists
        ]

    def validate_therapist_profile(self, field) -> None:
        valid = {choice.value for choice in field.choices}
        if field.data not in valid | {None, ""}:
            raise ValidationError("Choose a therapist profile from the list.")


class RoleForm(FlaskForm):
    role = _role_field("New role")
    therapist_profile, display_name, credentials = _profile_fields()
    current_password = current_password_field("Your password")

    set_profiles = NewStaffForm.set_profiles
    validate_therapist_profile = NewStaffForm.validate_therapist_profile


class ConfirmWithPasswordForm(FlaskForm):
    """Disable or enable an account: the admin's password is all it asks."""

    current_password = current_password_field("Your password")


class AuditFilterForm(FlaskForm):
    """Filters read from the query string, so a filtered view can be linked and paged."""

    class Meta:
        csrf = False

    action = StringField(
        "Action",
        description="auth for every auth.… action, auth.sign_in for that one, "
        "auth.sign* for a prefix.",
        validators=[Optional(), Length(max=60, message="Use at most 60 characters.")],
        render_kw={"spellcheck": "false"},
    )
    actor = StringField(
        "Actor email",
        description="The full email, or patient, or system.",
        validators=[Optional(), Length(max=254, message="Use at most 254 characters.")],
        render_kw={"spellcheck": "false"},
    )
    subject_type = SelectField(
        "Subject type", choices=[SelectChoice("", "Any")], validate_choice=False
    )
    subject_id = WholeNumberField(
        "Subject id",
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_ID, message="Enter a whole number of 1 or more."),
        ],
    )
    date_from = PlainDateField("From", validators=[Optional()])
    date_to = PlainDateField("To", validators=[Optional()])

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")

    def validate_subject_type(self, field) -> None:
        if field.data and len(field.data) > 40:
            raise ValidationError("Choose a subject type from the list.")
