"""The booking steps' forms: shapes of input only; the services judge the rules."""

import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, RadioField, StringField, TelField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp

from clinic.core.regions import REGIONS
from clinic.intake import question_sets

_CORE = question_sets.for_region("low_back")


def _choices_of(question_id: str) -> list[SelectChoice]:
    return [SelectChoice(c.value, c.label) for c in _CORE.question(question_id).choices]


class ReasonForm(FlaskForm):
    region = RadioField(
        "Where is the problem?",
        choices=[SelectChoice(code, label) for code, label in REGIONS.items()],
        validators=[InputRequired("Choose the part of the body that bothers you most.")],
    )
    location = RadioField(
        "Which clinic would you like to visit?",
        coerce=int,
        validators=[InputRequired("Choose a clinic.")],
    )
    words = StringField(
        "In a line, what brings you in?",
        description='For example: "my lower back hurts when I sit for long".',
        validators=[
            DataRequired("Tell us in a few words what brings you in."),
            Length(max=200, message="Please keep this under 200 characters."),
        ],
    )
    duration = RadioField(
        "How long have you had it this time?",
        choices=_choices_of("duration"),
        validators=[InputRequired("Tell us how long you have had it.")],
    )
    onset = RadioField(
        "How did it begin?",
        choices=_choices_of("onset"),
        validators=[InputRequired("Tell us how it began.")],
    )


class TherapistForm(FlaskForm):
    therapist = RadioField(
        "Choose a therapist",
        validators=[InputRequired("Choose a therapist, or the first available.")],
    )


class TimeForm(FlaskForm):
    #: Rendered by the week template; any posted value is judged by the booking rules.
    slot = RadioField(
        "Choose a time",
        choices=[],
        validate_choice=False,
        validators=[InputRequired("Choose a time.")],
    )


PHONE = re.compile(r"^[0-9 ()+.\-]{7,25}$")


class DetailsForm(FlaskForm):
    first_name = StringField(
        "First name",
        validators=[DataRequired("Enter your first name."), Length(max=100)],
        render_kw={"autocomplete": "given-name"},
    )
    last_name = StringField(
        "Last name",
        validators=[DataRequired("Enter your last name."), Length(max=100)],
        render_kw={"autocomplete": "family-name"},
    )
    email = EmailField(
        "Email",
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter an email address like name@example.com.", check_deliverability=False),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email"},
    )
    phone = TelField(
        "Phone",
        validators=[
            DataRequired("Enter a phone number we can call."),
            Regexp(PHONE, message="Enter a phone number using digits, spaces, brackets or dashes."),
        ],
        render_kw={"autocomplete": "tel"},
    )
    date_of_birth = DateField(
        "Date of birth",
        validators=[InputRequired("Enter your date of birth.")],
        description="For example, April 30, 1985.",
        render_kw={"autocomplete": "bday"},
    )
    guardian_name = StringField(
        "Parent or guardian's full name",
        validators=[Optional(), Length(max=200)],
        description="Needed if the patient is under 18.",
    )
    guardian_consent = BooleanField(
        "I am the patient's parent or guardian and I consent to this evaluation."
    )
    consent_direct_access = BooleanField(
        "I understand I am booking a physical therapy evaluation without a doctor's referral.",
        validators=[DataRequired("Please confirm you are booking without a referral.")],
    )
    consent_privacy = BooleanField(
        "I have read the privacy notice and agree that the clinic keeps my answers to plan "
        "my care.",
        validators=[DataRequired("Please agree to the privacy notice to book.")],
    )
    #: A honeypot, as on the ask form: hidden from people, filled by form-filling robots.
    website = StringField("Leave this field empty")


class CodeForm(FlaskForm):
    """The 6-digit code from the email."""

    code = StringField(
        "Confirmation code",
        validators=[DataRequired("Enter the 6-digit code from the email.")],
        render_kw={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "pattern": "[0-9 ]*",
            "maxlength": 20,
        },
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the review page's button."""


class LostLinkForm(FlaskForm):
    email = EmailField(
        "The email address you booked with",
        validators=[
            DataRequired("Enter the email address you booked with."),
            Length(max=254, message="That email address is too long."),
            Email("Enter an email address like name@example.com.", check_deliverability=False),
        ],
        render_kw={"autocomplete": "email"},
    )


class CancelForm(FlaskForm):
    """Only the CSRF token: the manage page's cancel button."""
