"""The front desk's forms: the shape of input only; the scheduling services judge the rules."""

import re

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp

from clinic.core.regions import REGIONS
from clinic.frontdesk.tracker import KIND_LABELS
from clinic.scheduling.forms import TimeOffForm

PHONE = re.compile(r"^[0-9 ()+.\-]{7,25}$")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _when_fields():
    # DataRequired (a value, typed or set by the view), not InputRequired (typed): a click on
    # a free-time button fills the date and time behind the scenes and leaves the box empty.
    return (
        DateField("Date", validators=[DataRequired("Enter the date of the visit.")]),
        TimeField(
            "Start time",
            description="Local time at the location, on the clinic's schedule grid.",
            validators=[DataRequired("Enter the start time, for example 09:30.")],
        ),
    )


class BookForm(FlaskForm):
    first_name = StringField(
        "First name", validators=[DataRequired("Enter the first name."), Length(max=100)]
    )
    last_name = StringField(
        "Last name", validators=[DataRequired("Enter the last name."), Length(max=100)]
    )
    email = EmailField(
        "Email",
        description="The confirmation and the questionnaire link go here.",
        validators=[DataRequired("Enter an email address."), Email("Enter a valid email.")],
    )
    phone = TelField(
        "Phone",
        validators=[
            DataRequired("Enter a phone number."),
            Regexp(PHONE, message="Enter a phone number using digits, spaces, ( ) + - or ."),
        ],
    )
    date_of_birth = DateField(
        "Date of birth", validators=[InputRequired("Enter the date of birth.")]
    )
    region = SelectField(
        "Body region",
        description="Chooses the questionnaire the patient is sent.",
        choices=[SelectChoice(code, label) for code, label in REGIONS.items()],
        validators=[InputRequired("Choose a body region.")],
    )
    location = SelectField("Location", coerce=int, validators=[InputRequired()])
    therapist = SelectField("Therapist", coerce=int, validators=[InputRequired()])
    kind = SelectField("Type of visit", coerce=int, validators=[InputRequired()])
    day, start = _when_fields()
    #: One per form shown: sending it twice books once.
    nonce = HiddenField()


class RescheduleForm(FlaskForm):
    therapist = SelectField("Therapist", coerce=int, validators=[InputRequired()])
    day, start = _when_fields()


class CancelForm(FlaskForm):
    reason = StringField(
        "Reason for cancelling",
        validators=[
            DataRequired("Give a reason for cancelling."),
            Length(max=200, message="Keep the reason under 200 characters."),
        ],
    )


class StatusForm(FlaskForm):
    """Check in, complete, no-show: only the CSRF token; the button's URL says which."""


class RuleForm(FlaskForm):
    location = SelectField("Location", coerce=int, validators=[InputRequired()])
    weekday = SelectField(
        "Day of the week",
        coerce=int,
        choices=[SelectChoice(i, day) for i, day in enumerate(WEEKDAYS)],
        validators=[InputRequired("Choose a day.")],
    )
    start = TimeField("From", validators=[InputRequired("Enter the start time.")])
    end = TimeField("To", validators=[InputRequired("Enter the end time.")])
    valid_from = DateField("First day (optional)", validators=[Optional()])
    valid_to = DateField("Last day (optional)", validators=[Optional()])
    confirm = BooleanField("Save even though bookings fall outside the new hours")


class ClosureForm(TimeOffForm):
    location = SelectField("Location", coerce=int, validators=[InputRequired()])


class EpisodeActionForm(FlaskForm):
    kind = SelectField(
        "What was done",
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        validators=[InputRequired("Choose what was done.")],
    )
    detail = HiddenField()
    done_on = DateField("Date done", validators=[InputRequired("Enter the date it was done.")])
    note = StringField(
        "Note (optional)",
        description="Who was told or who signed; no clinical details.",
        validators=[Length(max=300, message="Keep the note under 300 characters.")],
    )


class SearchForm(FlaskForm):
    q = StringField("Name, email, phone or date of birth", validators=[Length(max=100)])


class AcknowledgeForm(FlaskForm):
    """Taking a "call this patient" task: the person says who they are."""

    name = StringField(
        "Your name",
        validators=[
            DataRequired("Type your name, so the clinic knows who is making this call."),
            Length(max=120, message="Keep your name under 120 characters."),
        ],
    )


class MatchDecisionForm(FlaskForm):
    """Merge a booking's record into the existing one, or keep the two apart."""

    decision = RadioField(
        "Are these the same person?",
        choices=[
            SelectChoice("merge", "Same person: merge"),
            SelectChoice("apart", "Different people: keep apart"),
        ],
        validators=[DataRequired("Choose merge or keep apart.")],
    )
