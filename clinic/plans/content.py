"""The therapist's plan as data: made from a generated outline, edited, checked and compared.

Pure: the standard library only. A plan's content is a JSON-ready dict:

    {"sections": [{"key", "title", "paragraphs": [...], "items": [...]}, ...],
     "goals": [{"text": "...", "target": "YYYY-MM-DD" or ""}, ...],  # listed in the goals section
     "visits_per_week": int | None, "weeks": int | None,
     "home_programme": "...", "notice": "..."}

In the editor each section is one text box: paragraphs separated by blank lines, and list
items on lines that start with "- ". `section_text` and `parse_section` turn one into the
other without loss, so a section saved unchanged stays the same.
"""

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from clinic.core.domain import DomainError
from clinic.core.numbers import whole_number
from clinic.plans.generator import Outline

MAX_SECTION_CHARS = 4000
MAX_GOAL_CHARS = 300
MAX_GOALS = 8
MAX_HOME_PROGRAMME_CHARS = 4000
VISITS_PER_WEEK = range(1, 6)
WEEKS = range(1, 53)
#: The section whose list is the plan's goals (shown there, kept apart so each can be dated).
GOALS_SECTION = "goals"
#: How far ahead a goal's target date may be.
MAX_TARGET_DAYS = 2 * 365


class InvalidPlan(DomainError):
    """Some fields of an edited plan are not acceptable; `errors` maps field names to messages."""

    status_code = 400

    def __init__(self, errors: Mapping[str, str]):
        super().__init__("Some parts of the plan need fixing before it can be saved.")
        self.errors = dict(errors)


def from_outline(outline: Outline) -> dict[str, Any]:
    """A first plan from the generated outline: its sections, and a goal per PSFS activity."""
    sections = [s.as_dict() for s in outline.sections]
    goals = []
    for section in sections:
        if section["key"] == GOALS_SECTION:
            # The restated goals become the plan's goals, which the therapist can date.
            goals = [{"text": item, "target": ""} for item in section["items"]]
            section["items"] = []
    return {
        "sections": sections,
        "goals": goals,
        "visits_per_week": None,
        "weeks": None,
        "home_programme": "",
        "notice": outline.notice,
    }


def section_text(section: Mapping[str, Any]) -> str:
    """One section as the editor's text: paragraphs, then "- " items, blank-line separated."""
    blocks = list(section.get("paragraphs", ()))
    items = section.get("items", ())
    if items:
        blocks.append("\n".join(f"- {item}" for item in items))
    return "\n\n".join(blocks)


def parse_section(text: str) -> tuple[list[str], list[str]]:
    """(paragraphs, items) from the editor's text; lines starting with "- " are items."""
    paragraphs: list[str] = []
    items: list[str] = []
    lines: list[str] = []

    def end_paragraph() -> None:
        if lines:
            paragraphs.append(" ".join(lines))
            lines.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if line.startswith(("- ", "* ")) or line in ("-", "*"):
            end_paragraph()
            item = line[2:].strip()
            if item:
                items.append(item)
        elif not line:
            end_paragraph()
        else:
            lines.append(line)
    end_paragraph()
    return paragraphs, items


@dataclass(frozen=True)
class Submitted:
    """What the editor sends, as plain strings."""

    sections: Mapping[str, str]  #: section key -> text
    goals: Sequence[tuple[str, str]]  #: (text, target date as YYYY-MM-DD or "")
    visits_per_week: str = ""
    weeks: str = ""
    home_programme: str = ""


def apply_edit(current: Mapping[str, Any], submitted: Submitted, today: date) -> dict[str, Any]:
    """The new content from the editor's fields, or InvalidPlan naming each bad field.

    Sections keep their keys, titles and order; a section the form leaves out is unchanged.
    """
    errors: dict[str, str] = {}
    sections = []
    for section in current.get("sections", ()):
        key = section["key"]
        if key not in submitted.sections:
            sections.append(dict(section))
            continue
        text = submitted.sections[key]
        if len(text) > MAX_SECTION_CHARS:
            errors[f"section-{key}"] = f"Keep this section under {MAX_SECTION_CHARS} characters."
        paragraphs, items = parse_section(text)
        sections.append({**section, "paragraphs": paragraphs, "items": items})
    goals = _goals(submitted.goals, today, errors)
    visits = _whole_number(submitted.visits_per_week, VISITS_PER_WEEK, "visits_per_week", errors)
    weeks = _whole_number(submitted.weeks, WEEKS, "weeks", errors)
    home = submitted.home_programme.replace("\r\n", "\n").strip()
    if len(home) > MAX_HOME_PROGRAMME_CHARS:
        errors["home_programme"] = (
            f"Keep the home programme notes under {MAX_HOME_PROGRAMME_CHARS} characters."
        )
    if errors:
        raise InvalidPlan(errors)
    return {
        **current,
        "sections": sections,
        "goals": goals,
        "visits_per_week": visits,
        "weeks": weeks,
        "home_programme": home,
    }


def _goals(
    submitted: Sequence[tuple[str, str]], today: date, errors: dict[str, str]
) -> list[dict[str, str]]:
    goals = []
    for number, (text, target) in enumerate(submitted, start=1):
        text, target = text.strip(), target.strip()
        if not text and not target:
            continue
        field = f"goal-{number}"
        if not text:
            errors[f"{field}-text"] = "Describe the goal, or clear its target date."
        elif len(text) > MAX_GOAL_CHARS:
            errors[f"{field}-text"] = f"Keep each goal under {MAX_GOAL_CHARS} characters."
        if target:
            problem = _target_problem(target, today)
            if problem:
                errors[f"{field}-target"] = problem
        goals.append({"text": text, "target": target})
    if len(goals) > MAX_GOALS:
        errors["goals"] = f"A plan can hold at most {MAX_GOALS} goals."
    return goals


def _target_problem(target: str, today: date) -> str | None:
    try:
        day = date.fromisoformat(target)
    except ValueError:
        return "Enter the target date as a date, for example 2026-04-15."
    if day < today:
        return "A target date can't be in the past."
    if (day - today).days > MAX_TARGET_DAYS:
        return "A target date must be within two years."
    return None


def _whole_number(raw: str, allowed: range, field: str, errors: dict[str, str]) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    number = whole_number(raw)
    if number is None or number not in allowed:
        errors[field] = f"Enter a whole number from {allowed.start} to {allowed.stop - 1}."
        return None
    return number


def has_text(content: Mapping[str, Any]) -> bool:
    """Whether there is anything to show a patient: a section's words or a goal."""
    return any(s.get("paragraphs") or s.get("items") for s in content.get("sections", ())) or bool(
        content.get("goals")
    )


def frequency_text(content: Mapping[str, Any]) -> str | None:
    """ "2 visits a week for 6 weeks", or as much of it as the therapist has set."""
    visits, weeks = content.get("visits_per_week"), content.get("weeks")
    parts = []
    if visits:
        parts.append(f"{visits} visit{'s' if visits != 1 else ''} a week")
    if weeks:
        parts.append(f"for {weeks} week{'s' if weeks != 1 else ''}")
    return " ".join(parts) or None


# Comparing two versions


@dataclass(frozen=True)
class FieldChange:
    label: str
    #: Lines as ("same" | "added" | "removed", text).
    lines: tuple[tuple[str, str], ...]


def as_lines(content: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each part of a plan as lines of text, labelled the way the editor labels them."""
    parts = {
        section["title"]: section_text(section).splitlines()
        for section in content.get("sections", ())
    }
    parts["Goals"] = [
        goal["text"] + (f" (by {goal['target']})" if goal.get("target") else "")
        for goal in content.get("goals", ())
    ]
    parts["Visits"] = [frequency_text(content) or "Not set"]
    parts["Home programme notes"] = (content.get("home_programme") or "").splitlines()
    return parts


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """The parts that differ between two versions, line by line; unchanged parts are left out."""
    before, after = as_lines(old), as_lines(new)
    changes = []
    for label in dict.fromkeys([*before, *after]):
        a, b = before.get(label, []), after.get(label, [])
        if a == b:
            continue
        lines = []
        for line in difflib.ndiff(a, b):
            tag, text = line[:2], line[2:]
            if tag == "? ":
                continue
            kind = {"+ ": "added", "- ": "removed"}.get(tag, "same")
            lines.append((kind, text))
        changes.append(FieldChange(label, tuple(lines)))
    return changes
