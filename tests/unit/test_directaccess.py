"""Direct access: one rule per state in the reference, plain words for patients (never a number
from an unsure row), the whole row for staff, and the day and visit arithmetic."""

import re
from dataclasses import replace
from datetime import date

import pytest

from clinic.directaccess.explain import (
    LOW_CONFIDENCE_WARNING,
    LimitStatus,
    Standing,
    add_business_days,
    business_days_between,
    for_patient,
    for_staff,
    limit_status,
    notifications_due,
)
from clinic.directaccess.rules import (
    CHECKED_ON,
    MEDICARE_NOTE,
    MEDICARE_PLAN_SIGN_OFF_DAYS,
    MEDICARE_RECERTIFY_DAYS,
    PAYER_NOTE,
    RULES,
    STATE_NAMES,
    Action,
    Confidence,
    LimitType,
    Notification,
    StateRule,
    rule_for,
)

#: Every jurisdiction in reference/direct-access.md, copied by hand from its table.
REFERENCE_STATES = (
    "AK", "AZ", "CO", "HI", "ID", "IA", "KY", "MD", "MA", "MT",
    "NE", "NV", "NC", "ND", "OR", "SD", "UT", "VT", "WV", "WY",
    "AL", "AR", "CA", "CT", "DE", "DC", "FL", "GA", "IL", "IN", "KS", "LA", "ME", "MI", "MN",
    "MS", "MO", "NH", "NJ", "NM", "NY", "OH", "OK", "PA", "RI", "SC", "TN", "TX", "VA", "WA",
    "WI", "VI",
)  # fmt: skip

#: Rows the reference marks L, M/L or "?".
LOW_CONFIDENCE = ("AR", "DC", "MS", "NH", "NM", "SC", "VI")

MON = date(2026, 3, 2)  # a Monday; the whole file runs on fixed dates
FRI = date(2026, 3, 6)
SAT = date(2026, 3, 7)


def rule(state: str) -> StateRule:
    found = rule_for(state)
    assert found is not None
    return found


def visits_only_rule(visits: int = 10) -> StateRule:
    """No state limits visits alone today; a made-up row to pin the arithmetic."""
    return StateRule(
        state="ZZ",
        evaluation_without_referral=True,
        limit=LimitType.VISITS,
        visits=visits,
        conditions="Made up for a test.",
        action_at_limit=Action.REFERRAL,
        confidence=Confidence.HIGH,
        source="test",
    )


def status(state: str, visits: int, today: date, **options) -> LimitStatus:
    return limit_status(rule(state), MON, visits, today, **options)


# The data


@pytest.mark.parametrize("state", REFERENCE_STATES)
def test_every_state_in_the_reference_has_a_rule(state):
    found = rule(state)
    assert found.state == state
    assert found.evaluation_without_referral
    assert found.source and found.conditions
    assert found.checked_on == CHECKED_ON == date(2026, 11, 29)
    assert state in STATE_NAMES


def test_there_is_one_rule_per_reference_state_and_no_more():
    assert len(REFERENCE_STATES) == len(set(REFERENCE_STATES)) == 52
    assert set(RULES) == set(REFERENCE_STATES)


def test_every_limit_type_but_visits_alone_is_used():
    # The reference has no state that limits visits alone; the type stays for the tracker and
    # its arithmetic is pinned with a made-up rule below.
    assert {r.limit for r in RULES.values()} == set(LimitType) - {LimitType.VISITS}


def test_the_twenty_unrestricted_states_have_no_limit():
    unrestricted = REFERENCE_STATES[:20]
    assert all(rule(s).limit is LimitType.NONE for s in unrestricted)
    assert all(rule(s).confidence is Confidence.HIGH for s in unrestricted)


def test_low_confidence_rows_are_the_unsure_ones_in_the_reference():
    assert {s for s, r in RULES.items() if r.confidence is Confidence.LOW} == set(LOW_CONFIDENCE)


@pytest.mark.parametrize("state", ["AR", "DC", "MS", "NM", "VI"])
def test_unknown_numbers_are_left_empty_not_guessed(state):
    assert not rule(state).has_numbers


def test_rule_for_ignores_case_and_spaces():
    assert rule_for("il") is rule_for(" IL ") is RULES["IL"]


@pytest.mark.parametrize("state", ["", "ZZ", "PR", "Illinois"])
def test_rule_for_an_unknown_state_is_none(state):
    assert rule_for(state) is None


def test_illinois_has_a_business_day_progress_check_and_a_notice_duty():
    illinois = rule("IL")
    assert (illinois.limit, illinois.progress_visits, illinois.progress_days) == (
        LimitType.PROGRESS, 10, 15,
    )  # fmt: skip
    assert illinois.days_are_business_days
    assert illinois.notifications == (
        Notification("Notify the treating provider", within_business_days=5),
    )


def test_notice_duties_for_ohio_and_virginia():
    assert rule("OH").notifications[0].within_business_days == 5
    assert rule("VA").notifications[0].within_days == 14


def test_medicare_and_payer_notes():
    assert (MEDICARE_PLAN_SIGN_OFF_DAYS, MEDICARE_RECERTIFY_DAYS) == (30, 90)
    assert "30 days" in MEDICARE_NOTE and "90 days" in MEDICARE_NOTE
    assert "workers' compensation" in PAYER_NOTE


def test_a_rule_needs_a_two_letter_state():
    with pytest.raises(ValueError, match="two capital letters"):
        replace(visits_only_rule(), state="Ill")


def test_a_days_rule_needs_its_days():
    with pytest.raises(ValueError, match="don't fit"):
        replace(visits_only_rule(), limit=LimitType.DAYS)


def test_a_no_limit_rule_has_no_numbers():
    with pytest.raises(ValueError, match="no numbers"):
        replace(visits_only_rule(), limit=LimitType.NONE)


def test_a_notification_has_one_kind_of_deadline():
    with pytest.raises(ValueError, match="not both"):
        Notification("Tell someone", within_business_days=5, within_days=7)


# Patients


def test_illinois_patient_text():
    notice = for_patient("IL")
    assert notice.headline == "In Illinois you can see a physical therapist without a referral."
    assert notice.details == (
        "After 10 visits or 15 business days, whichever comes first, your therapist will need "
        "to involve your doctor if you are not improving."
    )


def test_colorado_patient_text():
    notice = for_patient("co")
    assert notice.headline == "In Colorado you can see a physical therapist without a referral."
    assert notice.details == (
        "The state does not limit how many visits you can have or how long your care lasts. "
        "If your therapist thinks a doctor should check you, they will tell you."
    )


def test_california_patient_text_names_the_sign_off():
    assert for_patient("CA").details == (
        "After 12 visits or 45 days, whichever comes first, a doctor will need to sign your "
        "treatment plan before your care can go on."
    )


def test_a_progress_check_and_a_hard_limit_are_both_told():
    assert for_patient("ME").details == (
        "After 30 days, your therapist will need to involve your doctor if you are not "
        "improving. After 120 days in all, your therapist will need to involve your doctor "
        "before your care can go on."
    )


@pytest.mark.parametrize("state", [*LOW_CONFIDENCE, "ZZ"])
def test_unsure_or_unknown_rows_never_show_numbers_to_patients(state):
    notice = for_patient(state)
    for text in (notice.headline, notice.details, notice.insurance_note):
        assert not re.search(r"\d", text)
    assert "Your therapist will explain any limits that apply to you." in notice.details


@pytest.mark.parametrize("state", REFERENCE_STATES)
def test_patient_texts_use_plain_words(state):
    notice = for_patient(state)
    assert rule(state).name in notice.headline
    text = f"{notice.details} {notice.insurance_note}"
    assert not re.search(r"\b(PT|DPT|plan of care|prescriber|calendar)\b", text)
    assert "Medicare" in notice.insurance_note


# Staff


def test_staff_see_illinois_in_full():
    notice = for_staff("IL")
    assert notice.limit == (
        "Progress check at 10 visits or 15 business days, whichever comes first: "
        "referral if not improving."
    )
    assert notice.notifications == ("Notify the treating provider within 5 business days",)
    assert "30 days after discharge" in notice.conditions
    assert (notice.action_at_limit, notice.confidence, notice.warning) == (
        "referral", "high", None,
    )  # fmt: skip
    assert notice.source.startswith("225 ILCS 90")
    assert notice.checked_on == CHECKED_ON
    assert "under a physician's" in notice.payer_note


@pytest.mark.parametrize("state", LOW_CONFIDENCE)
def test_staff_are_warned_about_low_confidence_rows(state):
    notice = for_staff(state)
    assert notice.confidence == "low"
    assert notice.warning == LOW_CONFIDENCE_WARNING


def test_staff_see_a_hard_limit_after_a_progress_check():
    assert for_staff("TN").limit == (
        "Progress check at 30 calendar days: consult a prescriber if not improving. "
        "Limit at 90 calendar days: consult a prescriber."
    )
    assert for_staff("TN").notifications == (
        "Notify the patient's physician (no deadline in our source)",
    )


def test_staff_are_warned_when_no_rule_is_on_file():
    notice = for_staff("pr")
    assert notice.confidence == "low"
    assert notice.warning is not None and "No rule on file for PR" in notice.warning


# Business days


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (FRI, 1, date(2026, 3, 9)),  # Friday + 1 is Monday
        (FRI, 5, date(2026, 3, 13)),
        (date(2026, 3, 5), 3, date(2026, 3, 10)),  # Thursday + 3 crosses the weekend
        (SAT, 1, date(2026, 3, 9)),  # a weekend start counts from Monday
        (MON, 15, date(2026, 3, 23)),
        (MON, 0, MON),
    ],
)
def test_add_business_days_skips_weekends(start, n, expected):
    assert add_business_days(start, n) == expected


def test_add_business_days_skips_given_holidays():
    assert add_business_days(MON, 1, holidays={date(2026, 3, 3)}) == date(2026, 3, 4)


def test_add_business_days_refuses_a_negative_count():
    with pytest.raises(ValueError, match="negative"):
        add_business_days(MON, -1)


def test_business_days_between_undoes_add_business_days():
    for offset in range(14):
        start = date(2026, 3, 1 + offset)
        for n in range(12):
            assert business_days_between(start, add_business_days(start, n)) == n


def test_a_weekend_adds_no_business_days():
    assert business_days_between(FRI, date(2026, 3, 8)) == 0


# Limit status


def test_days_limit_is_ok_then_near_then_reached():
    assert status("DE", 5, date(2026, 3, 25)).state is Standing.OK  # day 23 of 30
    near = status("DE", 5, date(2026, 3, 26))  # day 24: 80%
    assert (near.state, near.days_used, near.fraction_used) == (Standing.NEAR, 24, 0.8)
    reached = status("DE", 5, date(2026, 4, 1))
    assert (reached.state, reached.days_used) == (Standing.REACHED, 30)
    assert reached.due_date == date(2026, 4, 1)
    assert reached.next_action == "consult a prescriber"
    assert reached.visits_limit is None


@pytest.mark.parametrize(
    ("visits", "expected"),
    [(0, Standing.OK), (7, Standing.OK), (8, Standing.NEAR), (10, Standing.REACHED)],
)
def test_visits_limit(visits, expected):
    result = limit_status(visits_only_rule(), MON, visits, MON)
    assert result.state is expected
    assert (result.visits_limit, result.days_limit, result.due_date) == (10, None, None)


def test_days_or_visits_reached_by_visits_first():
    result = status("CA", 12, date(2026, 3, 22))
    assert result.state is Standing.REACHED
    assert result.fraction_used == 1.0
    assert result.due_date == date(2026, 4, 16)  # 45 calendar days
    assert result.next_action == "plan sign-off by a physician"


def test_days_or_visits_reached_by_days_first():
    assert status("CA", 5, date(2026, 4, 16)).state is Standing.REACHED


def test_days_or_visits_uses_the_larger_fraction():
    result = status("CA", 9, date(2026, 4, 7))  # 9/12 visits, 36/45 days
    assert (result.state, result.fraction_used) == (Standing.NEAR, 0.8)


@pytest.mark.parametrize(
    ("today", "days_used", "expected"),
    [
        (date(2026, 3, 17), 11, Standing.OK),
        (date(2026, 3, 18), 12, Standing.NEAR),  # 12 of 15 business days
        (date(2026, 3, 20), 14, Standing.NEAR),
        (date(2026, 3, 21), 14, Standing.NEAR),  # Saturday adds nothing
        (date(2026, 3, 23), 15, Standing.REACHED),
    ],
)
def test_progress_check_counts_business_days(today, days_used, expected):
    result = status("IL", 3, today)
    assert (result.days_used, result.state) == (days_used, expected)
    assert result.business_days
    assert result.checkpoint == "progress check"
    assert result.next_action == "referral if not improving"
    assert result.due_date == date(2026, 3, 23)


def test_progress_check_reached_by_visits():
    assert status("IL", 10, date(2026, 3, 4)).state is Standing.REACHED


def test_after_a_passed_progress_check_the_hard_limit_counts():
    maine = status("ME", 8, date(2026, 4, 6), progress_checked=True)  # day 35
    assert (maine.checkpoint, maine.days_limit, maine.state) == ("limit", 120, Standing.OK)
    assert maine.next_action == "referral"


def test_after_a_passed_progress_check_illinois_has_no_further_limit():
    result = status("IL", 12, date(2026, 4, 6), progress_checked=True)
    assert (result.state, result.next_action) == (Standing.NOT_APPLICABLE, "")


def test_no_limit_is_not_applicable():
    result = status("CO", 40, date(2026, 9, 1))
    assert (result.state, result.fraction_used, result.next_action) == (
        Standing.NOT_APPLICABLE, 0.0, "",
    )  # fmt: skip
    assert result.due_date is None


def test_unsure_row_without_numbers_asks_staff_to_verify():
    result = status("DC", 3, date(2026, 3, 20))
    assert (result.state, result.next_action) == (
        Standing.NOT_APPLICABLE, "verify the rule with the state board",
    )  # fmt: skip


def test_unsure_row_with_numbers_still_counts_and_says_so():
    result = status("SC", 3, date(2026, 4, 1))
    assert result.state is Standing.REACHED
    assert "low confidence" in result.next_action


@pytest.mark.parametrize(("day", "expected"), [(71, Standing.OK), (72, Standing.NEAR)])
def test_near_starts_at_exactly_eighty_percent(day, expected):
    rhode_island = rule("RI")  # 90 calendar days: 72 is 80%, 71 is 78.9%
    today = date.fromordinal(MON.toordinal() + day)
    assert limit_status(rhode_island, MON, 1, today).state is expected


def test_limit_status_refuses_a_date_before_the_start():
    with pytest.raises(ValueError, match="before the start"):
        status("IL", 0, date(2026, 3, 1))


def test_notifications_fall_due_in_business_or_calendar_days():
    assert notifications_due(rule("IL"), FRI) == ((rule("IL").notifications[0], date(2026, 3, 13)),)
    assert notifications_due(rule("VA"), FRI)[0][1] == date(2026, 3, 20)
    assert notifications_due(rule("TN"), FRI)[0][1] is None
    assert notifications_due(rule("CO"), FRI) == ()
