"""WTForms forms built from a question set's section: one page of the intake.

Fields are named by question id, so what the browser sends maps straight onto answers.
The forms only shape input; `answers.parse` (through the services) decides what is valid,
with the same messages for every entry point.
"""

import json
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget, NumberInput

from clinic.intake.answers import ACTIVITY_MAX_LENGTH, MAX_ACTIVITIES
from clinic.intake.questions import Kind, Question, Section, visible

YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
META_FIELDS = frozenset({"csrf_token", "version", "action", "acknowledge", "page"})


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ActivityForm(Form):
    activity = StringField("Activity", render_kw={"maxlength": ACTIVITY_MAX_LENGTH})
    score = SelectField(
        "How well you can do it now",
        choices=[SelectChoice("", "Choose 0 to 10")]
        + [SelectChoice(str(n), str(n)) for n in range(11)],
    )


def _scale_choices(question: Question) -> list[SelectChoice]:
    low, high = question.minimum or 0, question.maximum or 10
    return [SelectChoice(str(n), str(n)) for n in range(low, high + 1)]


def _choices(question: Question) -> list[SelectChoice]:
    return [SelectChoice(c.value, c.label) for c in question.choices]


def _field(question: Question) -> Field:
    options = {"description": question.hint}
    match question.kind:
        case Kind.SCALE:
            return RadioField(question.text, choices=_scale_choices(question), **options)
        case Kind.YES_NO:
            return RadioField(question.text, choices=YES_NO, **options)
        case Kind.CHOICE:
            return RadioField(question.text, choices=_choices(question), **options)
        case Kind.MULTI:
            return CheckboxesField(question.text, choices=_choices(question), **options)
        case Kind.NUMBER:
            return IntegerField(
                question.text,
                widget=NumberInput(min=question.minimum, max=question.maximum),
                **options,
            )
        case Kind.ACTIVITIES:
            return FieldList(
                FormField(ActivityForm),
                question.text,
                min_entries=MAX_ACTIVITIES,
                max_entries=MAX_ACTIVITIES,
                **options,
            )
    return TextAreaField(question.text, render_kw={"rows": 3}, **options)


class SectionForm(FlaskForm):
    version = HiddenField()
    # Each question's field is added by `section_form`.
    questions: tuple[Question, ...] = ()


def section_form(
    section: Section, version: int, answers: dict[str, Any], formdata=None
) -> SectionForm:
    """A form for one section, filled from saved answers (or from what was just sent)."""
    fields = {q.id: _field(q) for q in section.questions}
    form_class = type(f"Section_{section.id}", (SectionForm,), fields)
    form_class.questions = section.questions
    data = {"version": str(version)}
    for question in section.questions:
        value = answers.get(question.id)
        if question.kind == Kind.ACTIVITIES:
            data[question.id] = [
                {"activity": a["activity"], "score": str(a["score"])} for a in value or []
            ]
        elif question.kind in (Kind.SCALE, Kind.NUMBER) and value is not None:
            data[question.id] = str(value) if question.kind == Kind.SCALE else value
        elif value is not None:
            data[question.id] = value
    return form_class(formdata=formdata, data=data)


def raw_answers(form: SectionForm, formdata) -> dict[str, Any]:
    """What was sent for each question, in the shape `answers.parse` reads."""
    raw: dict[str, Any] = {}
    for question in form.questions:
        if question.kind == Kind.MULTI:
            raw[question.id] = formdata.getlist(question.id)
        elif question.kind == Kind.ACTIVITIES:
            raw[question.id] = [
                (
                    formdata.get(f"{question.id}-{n}-activity", ""),
                    formdata.get(f"{question.id}-{n}-score", ""),
                )
                for n in range(MAX_ACTIVITIES)
            ]
        else:
            raw[question.id] = formdata.get(question.id)
    return raw


def posted_question_ids(formdata) -> list[str]:
    """The question ids a submission claims to answer (sub-fields folded to their question)."""
    return sorted({key.split("-", 1)[0] for key in formdata if key not in META_FIELDS})


def show_errors(form: SectionForm, errors: dict[str, str]) -> None:
    for question_id, message in errors.items():
        form[question_id].errors = [message]


def follow_up_view(
    section: Section, page: Section, answers: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """For each follow-up on the page: whether it shows now, and its conditions as JSON for the
    script (a condition on a question not on this page carries whether it holds already)."""
    shown = {q.id for q in visible(section.questions, answers)}
    on_page = {q.id for q in page.questions}
    return {
        q.id: {"shown": q.id in shown, "conditions": _conditions(q, on_page, answers)}
        for q in page.questions
        if q.follow_up
    }


def _conditions(question: Question, on_page: set[str], answers: dict[str, Any]) -> str:
    data = []
    for condition in question.shown_if:
        item = condition.as_data()
        if condition.question_id not in on_page:
            item["held"] = condition.holds(answers)
        data.append(item)
    return json.dumps(data, separators=(",", ":"))
