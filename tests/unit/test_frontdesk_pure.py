"""The front desk's pure parts: the grid, status transitions, the tracker and the CSV."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from clinic.directaccess.rules import Action, Confidence, LimitType, StateRule, rule_for
from clinic.frontdesk import export, tracker
from clinic.scheduling import grid, transitions
from clinic.scheduling.availability import WeeklyRule

CHICAGO = ZoneInfo("America/Chicago")
MONDAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 15, 7, tzinfo=UTC)  # 9:07 in Chicago


def local(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), CHICAGO)


def day_grid(visits=(), blocks=(), columns=None, now=NOW):
    rules = [WeeklyRule(1, 10, 0, time(9), time(12)), WeeklyRule(2, 10, 0, time(8), time(17))]
    return grid.build(
        columns=columns or [grid.Column(1, MONDAY, "Ana"), grid.Column(2, MONDAY, "Ben")],
        rules=rules,
        blocks=list(blocks),
        visits=list(visits),
        zone=CHICAGO,
        grid_minutes=15,
        now=now,
    )


def test_rows_run_from_the_earliest_to_the_latest_hour_on_the_grid():
    g = day_grid()
    assert g.rows[0].label == "8:00 AM" and g.rows[-1].label == "4:45 PM"
    assert len(g.rows) == 9 * 4


def test_working_hours_are_open_and_the_rest_off():
    g = day_grid()
    by_label = {row.label: row for row in g.rows}
    assert [c.state for c in by_label["8:00 AM"].cells] == ["off", "open"]
    assert [c.state for c in by_label["9:00 AM"].cells] == ["open", "open"]
    assert by_label["12:00 PM"].cells[0].label == "Not working"


def test_time_off_and_closures_are_shaded():
    blocks = [
        grid.Block(1, local(MONDAY, 10), local(MONDAY, 11), "Dentist"),
        grid.Block(None, local(MONDAY, 16), local(MONDAY, 17), "Holiday"),
    ]
    by_label = {row.label: row for row in day_grid(blocks=blocks).rows}
    assert by_label["10:15 AM"].cells[0].state == "away"
    assert by_label["10:15 AM"].cells[1].state == "open"
    assert [c.state for c in by_label["4:30 PM"].cells] == ["closed", "closed"]


def test_a_visit_spans_its_rows_and_hides_none():
    visits = [
        grid.Visit(2, local(MONDAY, 10), local(MONDAY, 11), "a"),
        grid.Visit(2, local(MONDAY, 10, 30), local(MONDAY, 11), "overlap"),
    ]
    g = day_grid(visits=visits)
    by_label = {row.label: row for row in g.rows}
    cell = by_label["10:00 AM"].cells[1]
    assert cell.rowspan == 4 and [v.item for v in cell.visits] == ["a", "overlap"]
    assert by_label["10:15 AM"].cells[1].state == "covered"
    assert g.visit_count == 2


def test_a_visit_outside_hours_widens_the_grid():
    g = day_grid(visits=[grid.Visit(1, local(MONDAY, 18), local(MONDAY, 19), "late")])
    assert g.rows[-1].label == "6:45 PM"


def test_now_is_marked_only_on_its_day():
    g = day_grid()
    assert g.now_label == "9:07 AM"
    assert [row.label for row in g.rows if row.is_now] == ["9:00 AM"]
    tuesday = day_grid(columns=[grid.Column(1, date(2026, 3, 3), "Ana")])
    assert tuesday.now_label is None and not any(r.is_now for r in tuesday.rows)


def test_week_columns_and_the_spring_forward_gap():
    # 8 March 2026: clocks in Chicago skip 02:00-03:00.
    sunday = date(2026, 3, 8)
    rules = [WeeklyRule(1, 10, 6, time(1), time(4))]
    g = grid.build(
        columns=[grid.Column(1, sunday, "Sun"), grid.Column(1, date(2026, 3, 1), "Last Sun")],
        rules=rules,
        blocks=[],
        visits=[],
        zone=CHICAGO,
        grid_minutes=30,
        now=NOW,
    )
    by_label = {row.label: row for row in g.rows}
    assert by_label["2:30 AM"].cells[0].state == "gap"
    assert by_label["2:30 AM"].cells[1].state == "open"
    assert grid.works_on(rules, 1, sunday, CHICAGO) and not grid.works_on(rules, 1, MONDAY, CHICAGO)


START = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [
        ("booked", transitions.Action.CHECK_IN, "checked_in"),
        ("checked_in", transitions.Action.COMPLETE, "completed"),
    ],
)
def test_legal_transitions(status, action, expected):
    assert transitions.next_status(status, action, starts_at=START, now=NOW) == expected


@pytest.mark.parametrize(
    ("status", "action", "words"),
    [
        ("cancelled", transitions.Action.CHECK_IN, "was cancelled, so it can't be checked in"),
        ("booked", transitions.Action.COMPLETE, "hasn't been checked in yet"),
        ("completed", transitions.Action.NO_SHOW, "already completed"),
        ("held", transitions.Action.CHECK_IN, "still being booked"),
        ("no_show", transitions.Action.CHECK_IN, "no-show"),
    ],
)
def test_illegal_transitions_say_why(status, action, words):
    with pytest.raises(transitions.IllegalTransition, match=words):
        transitions.next_status(status, action, starts_at=START, now=NOW)


def test_check_in_opens_two_hours_before_and_no_show_after_the_start():
    later = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)
    with pytest.raises(transitions.IllegalTransition, match="too early"):
        transitions.next_status("booked", transitions.Action.CHECK_IN, starts_at=later, now=NOW)
    with pytest.raises(transitions.IllegalTransition, match="after the start"):
        transitions.next_status("booked", transitions.Action.NO_SHOW, starts_at=START, now=NOW)
    assert transitions.allowed("booked", starts_at=START, now=NOW) == [transitions.Action.CHECK_IN]


def _rule(limit, **numbers):
    return StateRule(
        state="AL",
        evaluation_without_referral=True,
        limit=limit,
        conditions="",
        action_at_limit=Action.REFERRAL,
        confidence=Confidence.HIGH,
        source="test",
        **numbers,
    )


def test_calendar_days_limit_near_at_80_percent_and_past_at_the_limit():
    rule = rule_for("FL")  # 30 calendar days, plan sign-off
    near = tracker.assess(rule, date(2026, 2, 1), 0, date(2026, 2, 25))
    assert near.level == "near" and near.percent == 80 and near.needs_attention
    assert near.action_kind == tracker.Kind.PLAN_SIGN_OFF
    past = tracker.assess(rule, date(2026, 2, 1), 0, date(2026, 3, 3))
    assert past.level == "past" and past.status.due_date == date(2026, 3, 3)


def test_visits_limit_counts_visits():
    rule = _rule(LimitType.VISITS, visits=10)
    assert tracker.assess(rule, date(2026, 3, 1), 7, date(2026, 3, 2)).level == "ok"
    assert tracker.assess(rule, date(2026, 3, 1), 8, date(2026, 3, 2)).level == "near"
    assert tracker.assess(rule, date(2026, 3, 1), 10, date(2026, 3, 2)).level == "past"


def test_whichever_comes_first():
    rule = rule_for("NY")  # 30 days or 10 visits
    by_visits = tracker.assess(rule, date(2026, 3, 1), 10, date(2026, 3, 3))
    by_days = tracker.assess(rule, date(2026, 1, 1), 1, date(2026, 2, 1))
    assert by_visits.level == "past" and by_days.level == "past"


def test_business_days_progress_check_and_its_recorded_pass():
    rule = rule_for("IL")  # progress check at 10 visits or 15 business days
    start = date(2026, 3, 2)  # a Monday; 15 business days later is Monday 23 March
    told = [tracker.Done("notification", start, rule.notifications[0].what)]
    at = tracker.assess(rule, start, 1, date(2026, 3, 23), told)
    assert at.status.days_used == 15 and at.level == "past"
    assert at.status.due_date == date(2026, 3, 23) and at.status.business_days
    before = tracker.assess(rule, start, 1, date(2026, 3, 20), told)  # 14 of 15: 93%
    assert before.level == "near"
    checked = tracker.assess(
        rule, start, 1, date(2026, 3, 23), [*told, tracker.Done("progress_check", start)]
    )
    assert checked.status.state.value == "not_applicable" and checked.level == "none"


def test_notification_duties_with_business_day_deadlines():
    rule = rule_for("IL")  # notify the treating provider within 5 business days
    start = date(2026, 3, 6)  # a Friday: due the next Friday
    open_duty = tracker.assess(rule, start, 0, date(2026, 3, 14))
    duty = open_duty.duties[0]
    assert duty.due == date(2026, 3, 13) and duty.overdue and open_duty.level == "past"
    done = tracker.Done("notification", date(2026, 3, 10), duty.key)
    settled = tracker.assess(rule, start, 0, date(2026, 3, 14), [done])
    assert settled.duties[0].done_on == date(2026, 3, 10) and not settled.duties[0].overdue


def test_a_recorded_action_settles_a_reached_limit():
    rule = rule_for("FL")
    done = [tracker.Done("plan_sign_off", date(2026, 3, 2))]
    row = tracker.assess(rule, date(2026, 2, 1), 0, date(2026, 3, 5), done)
    assert row.action_done_on == date(2026, 3, 2) and not row.needs_attention


def test_no_rule_on_file_needs_verifying():
    row = tracker.assess(None, date(2026, 3, 1), 0, date(2026, 3, 2))
    assert row.status is None and row.action_kind == tracker.Kind.VERIFIED


def test_order_puts_past_first():
    rule = rule_for("FL")
    ok = tracker.assess(rule, date(2026, 3, 1), 0, date(2026, 3, 2))
    past = tracker.assess(rule, date(2026, 1, 1), 0, date(2026, 3, 2))
    assert [name for name, _ in tracker.order([("ok", ok), ("past", past)])] == ["past", "ok"]


def test_order_is_overdue_then_due_then_near_then_the_rest():
    today = date(2026, 3, 9)
    nothing_to_do = tracker.assess(rule_for("CO"), date(2026, 3, 2), 1, today)
    notify_due = tracker.assess(rule_for("IL"), date(2026, 3, 6), 0, today)  # due Mar 13
    near = tracker.assess(rule_for("FL"), date(2026, 2, 12), 0, today)  # 25 of 30 days
    overdue = tracker.assess(rule_for("FL"), date(2026, 2, 1), 0, today)
    rows = [("rest", nothing_to_do), ("near", near), ("due", notify_due), ("overdue", overdue)]
    assert [name for name, _ in tracker.order(rows)] == ["overdue", "due", "near", "rest"]


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"])
def test_csv_cells_that_look_like_formulas_are_neutralised(value):
    assert export.safe_cell(value) == "'" + value
    assert export.to_csv([[value]]).splitlines()[1].lstrip('"').startswith("'")


def test_csv_keeps_plain_values_and_quotes_commas():
    text = export.to_csv([["Rivera, Ana", None, 3]], header=("a", "b", "c"))
    assert text == 'a,b,c\r\n"Rivera, Ana",,3\r\n'
