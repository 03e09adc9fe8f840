"""The direct-access tracker's rows: an open episode against its state's rule, what is needed
and what staff have already recorded as done.

Pure: the arithmetic is `clinic.directaccess.explain` (days, business days, visits, whichever
first, progress checks, notification deadlines); this module adds what the front desk did about
it. Recorded actions come in as plain `(kind, done_on, detail)` values.
"""

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from clinic.directaccess.explain import (
    NO_HOLIDAYS,
    LimitStatus,
    Standing,
    limit_status,
    notifications_due,
)
from clinic.directaccess.rules import Action, StateRule


class Kind(StrEnum):
    """What staff can record as done for an episode."""

    PROGRESS_CHECK = "progress_check"  # the patient is measurably improving
    REFERRAL = "referral"
    PLAN_SIGN_OFF = "plan_sign_off"
    CONSULT = "consult"
    VERIFIED = "verified"
    NOTIFICATION = "notification"


KIND_LABELS = {
    Kind.PROGRESS_CHECK: "Progress check passed (patient improving)",
    Kind.REFERRAL: "Referral received",
    Kind.PLAN_SIGN_OFF: "Plan signed off by a physician",
    Kind.CONSULT: "Prescriber consulted",
    Kind.VERIFIED: "Rule verified with the state board",
    Kind.NOTIFICATION: "Notification sent",
}

#: The kind that satisfies each action a rule can need at its limit.
FOR_ACTION = {
    Action.REFERRAL: Kind.REFERRAL,
    Action.PLAN_SIGN_OFF: Kind.PLAN_SIGN_OFF,
    Action.CONSULT: Kind.CONSULT,
    Action.VERIFY: Kind.VERIFIED,
}


@dataclass(frozen=True)
class Done:
    """An action recorded for the episode; `detail` names the duty for notifications."""

    kind: str
    done_on: date
    detail: str = ""


@dataclass(frozen=True)
class Duty:
    """A notification duty: what, by when (None: no deadline known), and whether it is done."""

    what: str
    key: str  #: the duty's name, recorded as the `detail` of its notification
    due: date | None
    done_on: date | None
    overdue: bool


@dataclass(frozen=True)
class Assessment:
    status: LimitStatus | None  #: None when the state has no rule on file
    action_kind: Kind | None  #: what would satisfy the action the rule needs now
    action_done_on: date | None
    duties: tuple[Duty, ...]
    needs_attention: bool
    level: str  #: "past", "near", "ok" or "none": how the row is highlighted
    percent: int  #: of the nearer limit used, for people (capped at 999)


def assess(
    rule: StateRule | None,
    started_on: date,
    visits_used: int,
    today: date,
    done: Iterable[Done] = (),
    holidays: Container[date] = NO_HOLIDAYS,
) -> Assessment:
    """Where one episode stands and what is still to do (an episode dated after `today`, as
    when clocks disagree by a day, counts as starting today). Business-day counts skip
    `holidays` (see `clinic.directaccess.business_calendar`)."""
    done = list(done)
    today = max(today, started_on)
    if rule is None:
        return Assessment(None, Kind.VERIFIED, _last(done, Kind.VERIFIED), (), True, "none", 0)
    checked = _last(done, Kind.PROGRESS_CHECK) is not None
    status = limit_status(
        rule, started_on, visits_used, today, progress_checked=checked, holidays=holidays
    )
    duties = _duties(rule, started_on, today, done, holidays)
    kind = _needed_kind(rule, status)
    kind_done = _last(done, kind) if kind else None
    limit_open = status.state in (Standing.NEAR, Standing.REACHED) and kind_done is None
    attention = limit_open or any(d.done_on is None and d.due is not None for d in duties)
    level = {Standing.REACHED: "past", Standing.NEAR: "near"}.get(status.state, "ok")
    if status.state is Standing.NOT_APPLICABLE:
        level = "none"
    if kind_done is not None or any(d.overdue for d in duties):
        level = "past" if any(d.overdue for d in duties) else "ok"
    return Assessment(
        status=status,
        action_kind=kind,
        action_done_on=kind_done,
        duties=duties,
        needs_attention=attention,
        level=level,
        percent=min(999, round(status.fraction_used * 100)),
    )


def _needed_kind(rule: StateRule, status: LimitStatus) -> Kind | None:
    if status.state is Standing.NOT_APPLICABLE:
        return Kind.VERIFIED if status.next_action else None
    return FOR_ACTION.get(rule.action_at_limit)


def _last(done: Sequence[Done], kind: Kind | None, detail: str | None = None) -> date | None:
    dates = [d.done_on for d in done if d.kind == kind and (detail is None or d.detail == detail)]
    return max(dates, default=None)


def _duties(
    rule: StateRule, started_on: date, today: date, done: list[Done], holidays: Container[date]
) -> tuple[Duty, ...]:
    duties = []
    for notification, due in notifications_due(rule, started_on, holidays):
        done_on = _last(done, Kind.NOTIFICATION, notification.what)
        overdue = done_on is None and due is not None and today > due
        duties.append(Duty(notification.describe(), notification.what, due, done_on, overdue))
    return tuple(duties)


def urgency(assessment: Assessment) -> int:
    """0 overdue (a limit passed or a deadline missed, nothing recorded), 1 due (something to
    do now: a notification with a deadline ahead, a rule to verify), 2 near a limit, 3 the
    rest (nothing to do yet, whatever the state's rule)."""
    if assessment.level == "past":
        return 0
    if assessment.level == "near":
        return 2
    return 1 if assessment.needs_attention else 3


def order(assessments: Iterable[tuple[object, Assessment]]) -> list[tuple[object, Assessment]]:
    """What is due first: overdue, due, near, then the rest, each by how much of its limit is
    used (stable)."""
    return sorted(assessments, key=lambda pair: (urgency(pair[1]), -pair[1].percent))
