"""A state's direct-access rule in plain words, and the day and visit arithmetic behind it.

Pure: the standard library only; every function takes the dates it needs. Patients get short,
warm sentences and never a number from a low-confidence row; staff get the whole row, with a
warning when it is unsure. `limit_status` and `notifications_due` serve the front desk's
tracker of open direct-access episodes. See docs/direct-access.md.
"""

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from clinic.directaccess.rules import (
    MEDICARE_NOTE,
    PAYER_NOTE,
    STATE_NAMES,
    Action,
    Confidence,
    LimitType,
    Notification,
    StateRule,
    rule_for,
)

NO_HOLIDAYS: frozenset[date] = frozenset()
NEAR_FRACTION = 0.8

LOW_CONFIDENCE_WARNING = "Low confidence: verify with the state board before relying on this."

INSURANCE_NOTE = (
    "Some insurance has its own rules. Medicare, workers' compensation (for injuries at work) "
    "and car insurance may ask for a doctor's referral, or for a doctor to sign your treatment "
    "plan. Please check with your plan."
)

_UNSURE_DETAILS = (
    "There may be limits on how long you can see a physical therapist without a referral. "
    "Your therapist will explain any limits that apply to you."
)
_NO_LIMIT_DETAILS = (
    "The state does not limit how many visits you can have or how long your care lasts. "
    "If your therapist thinks a doctor should check you, they will tell you."
)
_OTHER_DETAILS = (
    "For some problems or treatments, your therapist may need to involve your doctor. "
    "They will tell you if this applies to you."
)

#: What each action means for the patient, as the end of a sentence.
_PATIENT_ACTION = {
    Action.REFERRAL: "your therapist will need to involve your doctor",
    Action.PLAN_SIGN_OFF: "a doctor will need to sign your treatment plan",
    Action.CONSULT: "your therapist will need to check with your doctor",
}


@dataclass(frozen=True)
class PatientNotice:
    headline: str
    details: str
    insurance_note: str = INSURANCE_NOTE


@dataclass(frozen=True)
class StaffNotice:
    state: str
    name: str
    limit: str  #: the limit type and its numbers, in one line
    conditions: str
    notifications: tuple[str, ...]
    action_at_limit: str
    confidence: str
    warning: str | None
    source: str
    checked_on: date | None
    payer_note: str = f"{MEDICARE_NOTE} {PAYER_NOTE}"


class Standing(StrEnum):
    OK = "ok"
    NEAR = "near"  # at least 80% of a limit used
    REACHED = "reached"  # the action is needed before the next treatment
    NOT_APPLICABLE = "not_applicable"  # no count limit, or no numbers we trust enough to hold


@dataclass(frozen=True)
class LimitStatus:
    """Where an episode stands against the next checkpoint of its state's rule."""

    state: Standing
    days_used: int  #: since the first visit (day 0), business or calendar days as the rule says
    days_limit: int | None
    visits_used: int
    visits_limit: int | None
    fraction_used: float  #: the larger of days and visits used over their limits
    next_action: str
    due_date: date | None  #: the day the day limit is reached
    business_days: bool
    checkpoint: str  #: "progress check", "limit" or "" when not applicable


# Patients


def for_patient(state: str) -> PatientNotice:
    """What to tell a patient of a location in `state` about seeing a PT without a referral."""
    rule = rule_for(state)
    if rule is None:
        return PatientNotice(
            headline="Please ask the clinic whether you need a doctor's referral.",
            details="Your therapist will explain any limits that apply to you.",
        )
    if not rule.evaluation_without_referral:
        headline = f"In {rule.name} you need a doctor's referral to see a physical therapist."
    else:
        headline = f"In {rule.name} you can see a physical therapist without a referral."
    return PatientNotice(headline=headline, details=_patient_details(rule))


def _patient_details(rule: StateRule) -> str:
    # Never a number, nor even "no limit", from a row we are unsure of.
    if rule.confidence is Confidence.LOW:
        return _UNSURE_DETAILS
    if rule.limit is LimitType.NONE:
        return _NO_LIMIT_DETAILS
    if rule.limit is LimitType.OTHER:
        return _OTHER_DETAILS
    if rule.action_at_limit not in _PATIENT_ACTION:
        return _UNSURE_DETAILS
    action = _PATIENT_ACTION[rule.action_at_limit]
    business = rule.days_are_business_days
    sentences = []
    if rule.progress_days is not None or rule.progress_visits is not None:
        when = _when(rule.progress_visits, rule.progress_days, business)
        sentences.append(f"{when}, {action} if you are not improving.")
    if rule.days is not None or rule.visits is not None:
        when = _when(rule.visits, rule.days, business)
        if sentences:
            when += " in all"
        sentences.append(f"{when}, {action} before your care can go on.")
    return " ".join(sentences)


def _when(visits: int | None, days: int | None, business: bool) -> str:
    day_words = f"{days} business days" if business else f"{days} days"
    if visits is not None and days is not None:
        return f"After {visits} visits or {day_words}, whichever comes first"
    return f"After {visits} visits" if visits is not None else f"After {day_words}"


# Staff


def for_staff(state: str) -> StaffNotice:
    """The whole rule for staff, with a warning when it is unsure or missing."""
    rule = rule_for(state)
    code = state.strip().upper()
    if rule is None:
        return StaffNotice(
            state=code,
            name=STATE_NAMES.get(code, code),
            limit="No rule on file.",
            conditions="We hold no direct-access rule for this state.",
            notifications=(),
            action_at_limit=Action.VERIFY,
            confidence=Confidence.LOW,
            warning=f"No rule on file for {code}: check the state board before treating "
            "without a referral.",
            source="",
            checked_on=None,
        )
    return StaffNotice(
        state=rule.state,
        name=rule.name,
        limit=describe_limit(rule),
        conditions=rule.conditions,
        notifications=tuple(n.describe() for n in rule.notifications),
        action_at_limit=rule.action_at_limit,
        confidence=rule.confidence,
        warning=LOW_CONFIDENCE_WARNING if rule.confidence is Confidence.LOW else None,
        source=rule.source,
        checked_on=rule.checked_on,
    )


def describe_limit(rule: StateRule) -> str:
    """The limit type and its numbers, for staff: "Progress check at 10 visits or ..."."""
    kind = "business" if rule.days_are_business_days else "calendar"
    parts = []
    if rule.progress_days is not None or rule.progress_visits is not None:
        counts = _counts(rule.progress_visits, rule.progress_days, kind)
        parts.append(f"Progress check at {counts}: {rule.action_at_limit} if not improving.")
    if rule.days is not None or rule.visits is not None:
        counts = _counts(rule.visits, rule.days, kind)
        parts.append(f"Limit at {counts}: {rule.action_at_limit}.")
    if parts:
        return " ".join(parts)
    if rule.limit is LimitType.NONE:
        return "No day or visit limit."
    if rule.limit is LimitType.OTHER:
        return "No day or visit limit; limits by condition or treatment (see conditions)."
    return f"{rule.limit} limit, numbers not known."


def _counts(visits: int | None, days: int | None, kind: str) -> str:
    words = [f"{visits} visits"] if visits is not None else []
    words += [f"{days} {kind} days"] if days is not None else []
    return " or ".join(words) + (", whichever comes first" if len(words) == 2 else "")


# Arithmetic


def is_business_day(day: date, holidays: Container[date] = NO_HOLIDAYS) -> bool:
    """Monday to Friday, and not in `holidays` (the caller decides which holidays count)."""
    return day.weekday() < 5 and day not in holidays


def add_business_days(start: date, n: int, holidays: Container[date] = NO_HOLIDAYS) -> date:
    """The `n`th business day after `start` (`start` itself is day 0, whatever day it is)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n:
        day += timedelta(days=1)
        if is_business_day(day, holidays):
            n -= 1
    return day


def business_days_between(start: date, end: date, holidays: Container[date] = NO_HOLIDAYS) -> int:
    """Business days after `start` up to and including `end`; the inverse of
    `add_business_days`."""
    if end < start:
        raise ValueError("end is before start")
    return sum(
        is_business_day(start + timedelta(days=i), holidays)
        for i in range(1, (end - start).days + 1)
    )


def limit_status(
    rule: StateRule,
    started_on: date,
    visits_used: int,
    today: date,
    *,
    progress_checked: bool = False,
    holidays: Container[date] = NO_HOLIDAYS,
) -> LimitStatus:
    """Where an episode begun on `started_on` stands on `today` after `visits_used` visits.

    The checkpoint is the rule's progress check until staff record it as done
    (`progress_checked`: the patient is improving), then its hard limit, if any.
    """
    if today < started_on or visits_used < 0:
        raise ValueError("today is before the start, or visits are negative")
    business = rule.days_are_business_days
    if business:
        days_used = business_days_between(started_on, today, holidays)
    else:
        days_used = (today - started_on).days
    days_limit, visits_limit, checkpoint = _checkpoint(rule, progress_checked)
    if days_limit is None and visits_limit is None:
        unsure = rule.confidence is Confidence.LOW
        return LimitStatus(
            state=Standing.NOT_APPLICABLE,
            days_limit=None,
            visits_limit=None,
            fraction_used=0.0,
            next_action=str(Action.VERIFY) if unsure else "",
            due_date=None,
            checkpoint="",
            days_used=days_used,
            visits_used=visits_used,
            business_days=business,
        )
    used = [(days_used, days_limit), (visits_used, visits_limit)]
    used = [(count, limit) for count, limit in used if limit is not None]
    due = None
    if days_limit is not None:
        due = _day_limit_date(started_on, days_limit, business, holidays)
    return LimitStatus(
        state=_standing(used),
        days_limit=days_limit,
        visits_limit=visits_limit,
        fraction_used=max(count / limit for count, limit in used),
        next_action=_next_action(rule, checkpoint),
        due_date=due,
        checkpoint=checkpoint,
        days_used=days_used,
        visits_used=visits_used,
        business_days=business,
    )


def _standing(used: list[tuple[int, int]]) -> Standing:
    if any(count >= limit for count, limit in used):
        return Standing.REACHED
    if any(5 * count >= 4 * limit for count, limit in used):  # 80%, in whole numbers
        return Standing.NEAR
    return Standing.OK


def _next_action(rule: StateRule, checkpoint: str) -> str:
    action = str(rule.action_at_limit)
    if checkpoint == "progress check":
        action += " if not improving"
    if rule.confidence is Confidence.LOW:
        action += " (low confidence: verify with the state board)"
    return action


def _checkpoint(rule: StateRule, progress_checked: bool) -> tuple[int | None, int | None, str]:
    has_progress = rule.progress_days is not None or rule.progress_visits is not None
    if has_progress and not progress_checked:
        return rule.progress_days, rule.progress_visits, "progress check"
    if rule.days is not None or rule.visits is not None:
        return rule.days, rule.visits, "limit"
    return None, None, ""


def _day_limit_date(start: date, days: int, business: bool, holidays: Container[date]) -> date:
    if business:
        return add_business_days(start, days, holidays)
    return start + timedelta(days=days)


def notifications_due(
    rule: StateRule, started_on: date, holidays: Container[date] = NO_HOLIDAYS
) -> tuple[tuple[Notification, date | None], ...]:
    """Each notification duty of the rule with the date it is due by (None: no deadline)."""
    due: list[tuple[Notification, date | None]] = []
    for notification in rule.notifications:
        if notification.within_business_days is not None:
            by = add_business_days(started_on, notification.within_business_days, holidays)
        elif notification.within_days is not None:
            by = started_on + timedelta(days=notification.within_days)
        else:
            by = None
        due.append((notification, by))
    return tuple(due)
