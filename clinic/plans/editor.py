"""The plan editor's fields: from a plan's content to form values and back. Pure.

Field names: `section-<key>` for each section's text, `goal-<n>-text` and `goal-<n>-target`
for goals 1..n, `visits_per_week`, `weeks` and `home_programme`.
"""

from collections.abc import Mapping
from typing import Any

from clinic.plans.content import MAX_GOALS, Submitted, section_text

#: Empty goal rows offered below the plan's goals, so a therapist can add some.
SPARE_GOAL_ROWS = 2


def fields_of(content: Mapping[str, Any]) -> dict[str, str]:
    """The form's values for a plan's content."""
    fields = {
        f"section-{section['key']}": section_text(section)
        for section in content.get("sections", ())
    }
    for number, goal in enumerate(content.get("goals", ()), start=1):
        fields[f"goal-{number}-text"] = goal.get("text", "")
        fields[f"goal-{number}-target"] = goal.get("target", "")
    for name in ("visits_per_week", "weeks"):
        value = content.get(name)
        fields[name] = "" if value is None else str(value)
    fields["home_programme"] = content.get("home_programme") or ""
    return fields


def goal_rows(fields: Mapping[str, str]) -> int:
    """How many goal rows the editor shows: the filled ones plus spares, at most MAX_GOALS."""
    filled = 0
    for number in range(1, MAX_GOALS + 1):
        if fields.get(f"goal-{number}-text") or fields.get(f"goal-{number}-target"):
            filled = number
    return min(MAX_GOALS, filled + SPARE_GOAL_ROWS)


def submitted_from(form: Mapping[str, str], content: Mapping[str, Any]) -> Submitted:
    """What the editor sent, for the sections the plan has; unknown fields are ignored."""
    sections = {
        section["key"]: form[f"section-{section['key']}"]
        for section in content.get("sections", ())
        if f"section-{section['key']}" in form
    }
    goals = [
        (form.get(f"goal-{n}-text", ""), form.get(f"goal-{n}-target", ""))
        for n in range(1, MAX_GOALS + 1)
    ]
    return Submitted(
        sections=sections,
        goals=goals,
        visits_per_week=form.get("visits_per_week", ""),
        weeks=form.get("weeks", ""),
        home_programme=form.get("home_programme", ""),
    )


def form_values(form: Mapping[str, str]) -> dict[str, str]:
    """The editor's own fields from a submitted form, to show them again after an error."""
    return {
        name: value
        for name, value in form.items()
        if name.startswith(("section-", "goal-"))
        or name in ("visits_per_week", "weeks", "home_programme")
    }
