"""The plan as data: the editor's text round-trips, each bad field is named, versions compare."""

from datetime import date

import pytest

from clinic.core.regions import REGIONS
from clinic.plans.content import (
    InvalidPlan,
    Submitted,
    apply_edit,
    compare,
    frequency_text,
    from_outline,
    has_text,
    parse_section,
    section_text,
)
from clinic.plans.editor import fields_of, goal_rows, submitted_from
from clinic.plans.generator import BANDS, OutlineInputs, generate

TODAY = date(2026, 3, 2)
GOALS = (("Running 5k", 3), ("Lifting my grandchild", 6))


def outline_content(region="knee", band="moderate", level="clear", goals=GOALS):
    outline = generate(OutlineInputs(region, irritability=band, goals=goals, screening_level=level))
    return from_outline(outline)


def unchanged(content) -> Submitted:
    return submitted_from(fields_of(content), content)


@pytest.mark.parametrize("region", sorted(REGIONS))
@pytest.mark.parametrize("band", BANDS)
def test_every_generated_section_survives_the_editor_unchanged(region, band):
    content = outline_content(region, band)
    assert apply_edit(content, unchanged(content), TODAY) == content


def test_the_restated_goals_become_goals_the_therapist_can_date():
    content = outline_content()
    goals_section = next(s for s in content["sections"] if s["key"] == "goals")
    assert goals_section["items"] == [] and goals_section["paragraphs"]
    assert [g["target"] for g in content["goals"]] == ["", ""]
    assert "Running 5k" in content["goals"][0]["text"]


def test_section_text_has_paragraphs_then_items():
    section = {"paragraphs": ["One.", "Two."], "items": ["a", "b"]}
    assert section_text(section) == "One.\n\nTwo.\n\n- a\n- b"
    assert parse_section(section_text(section)) == (["One.", "Two."], ["a", "b"])


def test_parsing_joins_wrapped_lines_and_accepts_windows_line_ends_and_stars():
    text = "First line\r\ncontinues here.\r\n\r\n* starred item\r\n-   spaced item\r\n- \r\n"
    assert parse_section(text) == (["First line continues here."], ["starred item", "spaced item"])


def test_an_empty_section_is_allowed():
    assert parse_section("") == ([], [])
    assert parse_section("\n\n  \n") == ([], [])


def test_an_edit_sets_goals_dates_frequency_and_home_programme():
    content = outline_content()
    submitted = Submitted(
        sections={"self_care": "Keep moving gently.\n\n- Walk each day"},
        goals=[("Run 5 km without stopping", "2026-05-01"), ("", ""), ("Carry shopping", "")],
        visits_per_week="2",
        weeks="6",
        home_programme="  Walk daily.\r\n\r\nStretch as shown.  ",
    )
    edited = apply_edit(content, submitted, TODAY)
    self_care = next(s for s in edited["sections"] if s["key"] == "self_care")
    assert (self_care["paragraphs"], self_care["items"]) == (
        ["Keep moving gently."],
        ["Walk each day"],
    )
    assert edited["goals"] == [
        {"text": "Run 5 km without stopping", "target": "2026-05-01"},
        {"text": "Carry shopping", "target": ""},
    ]
    assert (edited["visits_per_week"], edited["weeks"]) == (2, 6)
    assert edited["home_programme"] == "Walk daily.\n\nStretch as shown."
    assert frequency_text(edited) == "2 visits a week for 6 weeks"
    # Sections the form did not send are kept as they were.
    assert edited["sections"][0] == content["sections"][0]


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [
        ("goal_target", "2026-13-01", "goal-1-target"),
        ("goal_target", "yesterday", "goal-1-target"),
        ("goal_target", "2026-03-01", "goal-1-target"),  # the day before today
        ("goal_target", "2028-03-03", "goal-1-target"),  # more than two years ahead
        ("goal_text", "x" * 301, "goal-1-text"),
        ("goal_text_missing", "", "goal-1-text"),
        ("visits_per_week", "0", "visits_per_week"),
        ("visits_per_week", "6", "visits_per_week"),
        ("visits_per_week", "2.5", "visits_per_week"),
        ("weeks", "53", "weeks"),
        ("weeks", "-3", "weeks"),
        ("home_programme", "x" * 4001, "home_programme"),
        ("section", "x" * 4001, "section-self_care"),
    ],
)
def test_each_bad_field_is_named(field, value, error_field):
    goal_text, goal_target = "A goal", ""
    sections, visits, weeks, home = {}, "", "", ""
    match field:
        case "goal_target":
            goal_target = value
        case "goal_text":
            goal_text = value
        case "goal_text_missing":
            goal_text, goal_target = "", "2026-04-01"
        case "visits_per_week":
            visits = value
        case "weeks":
            weeks = value
        case "home_programme":
            home = value
        case "section":
            sections = {"self_care": value}
    submitted = Submitted(sections, [(goal_text, goal_target)], visits, weeks, home)
    with pytest.raises(InvalidPlan) as refused:
        apply_edit(outline_content(), submitted, TODAY)
    assert list(refused.value.errors) == [error_field]


def test_today_is_an_acceptable_target():
    submitted = Submitted({}, [("A goal", TODAY.isoformat())])
    assert apply_edit(outline_content(), submitted, TODAY)["goals"][0]["target"] == "2026-03-02"


def test_the_editor_shows_two_spare_goal_rows_up_to_eight():
    assert goal_rows(fields_of(outline_content())) == 4
    assert goal_rows(fields_of(outline_content(goals=()))) == 2
    many = {f"goal-{n}-text": "g" for n in range(1, 9)}
    assert goal_rows(many) == 8


def test_compare_shows_only_what_changed_line_by_line():
    old = outline_content()
    new = apply_edit(
        old,
        Submitted(
            {"what_to_bring": section_text(old["sections"][-1]) + "\n- Running shoes"},
            [(g["text"], g["target"]) for g in old["goals"]],
            weeks="6",
        ),
        TODAY,
    )
    changes = {change.label: change.lines for change in compare(old, new)}
    assert set(changes) == {"What to bring", "Visits"}
    assert ("added", "- Running shoes") in changes["What to bring"]
    assert changes["Visits"] == (("removed", "Not set"), ("added", "for 6 weeks"))
    assert compare(old, old) == []
    # Notes added where there were none: one added line, no empty line shown as removed.
    noted = {**old, "home_programme": "Walk daily."}
    assert compare(old, noted)[0].lines == (("added", "Walk daily."),)


def test_a_plan_of_empty_sections_has_nothing_to_show():
    blank = {"sections": [{"key": "goals", "title": "Goals", "paragraphs": [], "items": []}]}
    assert not has_text(blank)
    assert has_text({**blank, "goals": [{"text": "Walk", "target": ""}]})
    assert has_text(outline_content())


def test_frequency_reads_naturally():
    assert frequency_text({"visits_per_week": 1, "weeks": 1}) == "1 visit a week for 1 week"
    assert frequency_text({"visits_per_week": 3, "weeks": None}) == "3 visits a week"
    assert frequency_text({"weeks": 8}) == "for 8 weeks"
    assert frequency_text({}) is None
