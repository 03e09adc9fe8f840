"""The content forms: shapes and lengths of input only; the services judge the rules."""

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from clinic.content.slugs import MAX_LENGTH as SLUG_MAX
from clinic.core.regions import REGIONS

QUESTION_MIN, QUESTION_MAX = 20, 2000
ANSWER_MAX = 10_000
NOT_SURE = ""


def _region_choices(first_label: str) -> list[SelectChoice]:
    return [SelectChoice(NOT_SURE, first_label)] + [
        SelectChoice(code, label) for code, label in REGIONS.items()
    ]


class QuestionForm(FlaskForm):
    """ "How can we help you today?"; `website` is a honeypot that people never see."""

    name = StringField(
        "Your first name",
        validators=[
            DataRequired("Tell us what to call you."),
            Length(max=120, message="Please keep your name under 120 characters."),
        ],
    )
    email = EmailField(
        "Your email address",
        validators=[
            DataRequired("Enter the email address we should answer."),
            Length(max=254, message="That email address is too long."),
            Email("Enter an email address like name@example.com.", check_deliverability=False),
        ],
    )
    region = SelectField(
        "Which part of the body is it about?",
        choices=_region_choices("Not sure, or somewhere else"),
        validators=[Optional()],
    )
    question = TextAreaField(
        "Your question",
        validators=[
            DataRequired("Write your question."),
            Length(
                min=QUESTION_MIN,
                max=QUESTION_MAX,
                message=f"Please write between {QUESTION_MIN} and {QUESTION_MAX:,} characters.",
            ),
        ],
    )
    website = StringField("Leave this field empty")


class AnswerForm(FlaskForm):
    answer = TextAreaField(
        "Your answer",
        validators=[
            DataRequired("Write the answer before sending it."),
            Length(
                max=ANSWER_MAX, message=f"Please keep the answer under {ANSWER_MAX:,} characters."
            ),
        ],
    )


def _lines(text: str | None) -> list[str]:
    return [
        line.strip().lstrip("-*• ").strip() for line in (text or "").splitlines() if line.strip()
    ]


class ArticleForm(FlaskForm):
    question = StringField(
        "Question (the page title)",
        validators=[DataRequired("Write the question."), Length(max=300)],
    )
    slug = StringField(
        "Web address",
        description="Lower-case words joined by hyphens. Leave empty to make one from the "
        "question. Changing it later keeps the old address working.",
        validators=[Optional(), Length(max=SLUG_MAX)],
    )
    summary = TextAreaField(
        "Summary",
        description="One or two sentences for the index, search results and search engines.",
        validators=[Length(max=500, message="Please keep the summary under 500 characters.")],
    )
    region = SelectField(
        "Body region",
        choices=[SelectChoice(code, label) for code, label in REGIONS.items()],
        validators=[DataRequired("Choose a body region.")],
    )
    tags = StringField("Tags", description="Separated by commas.", validators=[Length(max=300)])
    key_points = TextAreaField(
        "Things to know", description="One point per line.", validators=[Length(max=2000)]
    )
    answer_md = TextAreaField(
        "Answer",
        description="Markdown: blank lines between paragraphs, ## for a heading, - for a list.",
        validators=[Length(max=ANSWER_MAX)],
    )
    see_doctor_if = TextAreaField(
        "See a doctor first if", description="One sign per line.", validators=[Length(max=2000)]
    )
    author = SelectField("Author", coerce=int, validators=[Optional()])
    reviewed_on = DateField("Reviewed on", validators=[Optional()])

    def lists(self) -> dict[str, list[str]]:
        return {
            "tags": [t.strip() for t in (self.tags.data or "").split(",") if t.strip()],
            "key_points": _lines(self.key_points.data),
            "see_doctor_if": _lines(self.see_doctor_if.data),
        }
