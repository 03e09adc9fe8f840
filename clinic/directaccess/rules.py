"""Direct-access rules as data: one row per state, DC and the US Virgin Islands.

Pure: the standard library only. Transcribed from the shared reference
(reference/direct-access.md) on `CHECKED_ON`; each row keeps its source and how sure we are.
The wording of `conditions` is ours and is for staff; patients see only what `explain.py`
derives. Where the reference is unsure of a number ("?", "~"), the number is None, never a
guess. How to change a row: docs/direct-access.md.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class LimitType(StrEnum):
    """How a state limits treatment without a referral."""

    NONE = "none"
    DAYS = "days"
    VISITS = "visits"
    DAYS_OR_VISITS = "days_or_visits"  # whichever comes first
    PROGRESS = "progress"  # act if there is no measurable improvement by a checkpoint
    OTHER = "other"  # limits by condition or treatment, not by count


class Confidence(StrEnum):
    """H = statute or board text seen; M = association or clinic summary; L = secondary or
    conflicting source. A mixed grade in the reference ("M/L") takes the lower one."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Action(StrEnum):
    """What the therapist must do when a limit is reached, in staff words."""

    NONE = "none"
    REFERRAL = "referral"
    PLAN_SIGN_OFF = "plan sign-off by a physician"
    CONSULT = "consult a prescriber"
    VERIFY = "verify the rule with the state board"


@dataclass(frozen=True)
class Notification:
    """A duty to tell someone, within business days or calendar days (or, where the source
    gives no deadline, neither)."""

    what: str
    within_business_days: int | None = None
    within_days: int | None = None

    def __post_init__(self) -> None:
        if self.within_business_days is not None and self.within_days is not None:
            raise ValueError("a notification has business days or calendar days, not both")

    def describe(self) -> str:
        if self.within_business_days is not None:
            return f"{self.what} within {self.within_business_days} business days"
        if self.within_days is not None:
            return f"{self.what} within {self.within_days} days"
        return f"{self.what} (no deadline in our source)"


@dataclass(frozen=True)
class StateRule:
    """One jurisdiction's direct-access rule.

    `days`/`visits` are a hard limit: the action is needed whatever the progress.
    `progress_days`/`progress_visits` are a progress checkpoint: the action is needed if the
    patient is not measurably better by then. `days_are_business_days` applies to both.
    """

    state: str
    evaluation_without_referral: bool
    limit: LimitType
    conditions: str
    action_at_limit: Action
    confidence: Confidence
    source: str
    days: int | None = None
    visits: int | None = None
    progress_days: int | None = None
    progress_visits: int | None = None
    days_are_business_days: bool = False
    notifications: tuple[Notification, ...] = ()
    checked_on: date = date(2026, 11, 29)

    def __post_init__(self) -> None:
        if len(self.state) != 2 or not self.state.isalpha() or not self.state.isupper():
            raise ValueError(f"state must be two capital letters, not {self.state!r}")
        problem = _shape_problem(self)
        if problem:
            raise ValueError(f"{self.state}: {problem}")

    @property
    def name(self) -> str:
        return STATE_NAMES[self.state]

    @property
    def has_numbers(self) -> bool:
        numbers = (self.days, self.visits, self.progress_days, self.progress_visits)
        return any(n is not None for n in numbers)


def _shape_problem(rule: StateRule) -> str | None:
    """Why the numbers don't fit the limit type, or None. Low-confidence rows may lack numbers."""
    hard = (rule.days is not None, rule.visits is not None)
    progress = rule.progress_days is not None or rule.progress_visits is not None
    unsure = rule.confidence is Confidence.LOW
    if rule.limit in (LimitType.NONE, LimitType.OTHER) and (any(hard) or progress):
        return "a row without a count limit has no numbers"
    if rule.limit is LimitType.PROGRESS:
        return None if progress or unsure else "a progress row needs a checkpoint"
    expected = {
        LimitType.DAYS: (True, False),
        LimitType.VISITS: (False, True),
        LimitType.DAYS_OR_VISITS: (True, True),
    }.get(rule.limit)
    if expected is not None and (hard != expected or progress) and not (unsure and not any(hard)):
        return f"numbers don't fit limit type {rule.limit}"
    return None


CHECKED_ON = date(2026, 11, 29)

STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "Washington, DC",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "VI": "the US Virgin Islands",
}  # fmt: skip

BASELINE_NOTE = (
    "Every state, DC and the US Virgin Islands let a physical therapist evaluate and treat "
    "without a referral (APTA, July 2025). States differ in the limits they set: days, "
    "visits, progress checks, therapist qualifications, or referral for certain treatments."
)

MEDICARE_NOTE = (
    "Medicare needs no referral, but pays only while the patient is under a physician's or "
    "non-physician practitioner's care: an MD, DO, NP, PA or CNS must sign and date the plan "
    "of care (diagnoses, long-term goals, type, amount, frequency, duration) within 30 days of "
    "the first treatment, and recertify it at least every 90 days or when the goals change. "
    "Whichever of state law and payer rule is stricter applies."
)
MEDICARE_PLAN_SIGN_OFF_DAYS = 30
MEDICARE_RECERTIFY_DAYS = 90

PAYER_NOTE = (
    "Payers may require a referral even where the state does not: workers' compensation, auto "
    "insurance and some HMOs among them. Check the patient's plan before the first visit."
)

#: The reference's first row: no day or visit limit (APTA's 2021 "unrestricted" list).
_UNRESTRICTED = (
    "AK", "AZ", "CO", "HI", "ID", "IA", "KY", "MD", "MA", "MT",
    "NE", "NV", "NC", "ND", "OR", "SD", "UT", "VT", "WV", "WY",
)  # fmt: skip


def _unrestricted(state: str) -> StateRule:
    return StateRule(
        state=state,
        evaluation_without_referral=True,
        limit=LimitType.NONE,
        conditions="No day or visit limit. Refer on if the problem is outside PT scope.",
        action_at_limit=Action.NONE,
        confidence=Confidence.HIGH,
        source="APTA Levels of Patient Access (Feb 2021)",
    )


def _rule(state: str, limit: LimitType, **fields) -> StateRule:
    return StateRule(state=state, evaluation_without_referral=True, limit=limit, **fields)


_L = LimitType
_A = Action
_C = Confidence

# fmt: off
_LIMITED: tuple[StateRule, ...] = (
    _rule(
        "AL", _L.DAYS_OR_VISITS, days=30, visits=11, action_at_limit=_A.REFERRAL,
        conditions="Since June 2024 (HB232). The PT holds a DPT, or a master's and 10 years "
        "of practice, and takes 2 hours of CE a year. Not for work-related injuries. "
        "Patients paying cash are not limited.",
        confidence=_C.MEDIUM, source="Ala. Code 34-24-210.1; HB232 (2024)",
    ),
    _rule(
        "AR", _L.OTHER, action_at_limit=_A.REFERRAL,
        conditions="Reported: a referral is needed only for wound care and bronchopulmonary "
        "hygiene. From a clinic page only.",
        confidence=_C.LOW, source="Clinic page",
    ),
    _rule(
        "CA", _L.DAYS_OR_VISITS, days=45, visits=12, action_at_limit=_A.PLAN_SIGN_OFF,
        conditions="Past 45 calendar days or 12 visits, a physician must sign the plan of "
        "care. The patient gets a written notice in 14-point type.",
        confidence=_C.HIGH, source="State statute or board text",
    ),
    _rule(
        "CT", _L.PROGRESS, progress_days=30, progress_visits=6, action_at_limit=_A.REFERRAL,
        conditions="Refer if there is no objective functional improvement by 30 days or 6 "
        "visits. The PT has practiced 3 of the last 6 years or holds a master's or higher. "
        "Record the patient's PCP.",
        confidence=_C.MEDIUM, source="Conn. Gen. Stat. 20-73",
    ),
    _rule(
        "DE", _L.DAYS, days=30, action_at_limit=_A.CONSULT,
        conditions="Before treating past 30 calendar days, consult a prescriber or stop.",
        confidence=_C.HIGH, source="Del. Admin. Code 2600",
    ),
    _rule(
        "DC", _L.PROGRESS, action_at_limit=_A.VERIFY,
        conditions="APTA lists DC as provisional; the details were not found.",
        confidence=_C.LOW, source="APTA direct-access page (Jul 2025)",
    ),
    _rule(
        "FL", _L.DAYS, days=30, action_at_limit=_A.PLAN_SIGN_OFF,
        conditions="Past 30 days, the practitioner of record must review and sign the plan. "
        "No direct access in acute-care settings.",
        confidence=_C.MEDIUM, source="State chapter / clinic pages",
    ),
    _rule(
        "GA", _L.DAYS_OR_VISITS, days=21, visits=8, action_at_limit=_A.REFERRAL,
        conditions="The PT holds a DPT and 2 years of practice, or a DPT and a certification "
        "or residency, or has 5 years of practice. Written disclosure to the patient.",
        confidence=_C.MEDIUM, source="State chapter / clinic pages",
    ),
    _rule(
        "IL", _L.PROGRESS, progress_days=15, progress_visits=10, days_are_business_days=True,
        action_at_limit=_A.REFERRAL,
        notifications=(Notification("Notify the treating provider", within_business_days=5),),
        conditions="Refer if there is no documented improvement by 10 visits or 15 business "
        "days. Refer a patient who comes back for the same problem more than 30 days after "
        "discharge.",
        confidence=_C.HIGH, source="225 ILCS 90 (PA 100-0897, 2018)",
    ),
    _rule(
        "IN", _L.DAYS, days=42, action_at_limit=_A.REFERRAL,
        conditions="42 calendar days. Spinal manipulation only on referral from an MD, DO or "
        "chiropractor.",
        confidence=_C.HIGH, source="IC 25-27-1-2.5",
    ),
    _rule(
        "KS", _L.PROGRESS, progress_days=15, progress_visits=10, days_are_business_days=True,
        action_at_limit=_A.REFERRAL,
        conditions="Refer if there is no improvement by 10 visits or 15 business days. Tell "
        "the patient in writing that a PT diagnosis is not a medical diagnosis.",
        confidence=_C.HIGH, source="K.S.A. 65-2921",
    ),
    _rule(
        "LA", _L.PROGRESS, progress_days=30, action_at_limit=_A.REFERRAL,
        conditions="Refer if there is no progress in 30 calendar days. The PT holds a DPT or "
        "has 5 years of licensed practice.",
        confidence=_C.HIGH, source="La. R.S. 37:2418",
    ),
    _rule(
        "ME", _L.PROGRESS, progress_days=30, days=120, action_at_limit=_A.REFERRAL,
        conditions="Refer if there is no improvement in 30 days; 120 days in all. No spinal "
        "thrust manipulation without a referral. Workers' compensation needs a referral.",
        confidence=_C.MEDIUM, source="State chapter / clinic pages",
    ),
    _rule(
        "MI", _L.DAYS_OR_VISITS, days=21, visits=10, action_at_limit=_A.REFERRAL,
        conditions="PA 260 of 2014. SB 144 (2025), passed by the Senate, would replace this "
        "with 'refer if no response in 60 days'; still pending.",
        confidence=_C.MEDIUM, source="Mich. PA 260 (2014)",
    ),
    _rule(
        "MN", _L.DAYS, days=90, action_at_limit=_A.REFERRAL,
        conditions="A PT licensed under a year works under a PT licensed over a year.",
        confidence=_C.MEDIUM, source="State chapter / clinic pages",
    ),
    _rule(
        "MS", _L.PROGRESS, action_at_limit=_A.VERIFY,
        conditions="Provisional since SB 2072 (July 2024). Reported, unconfirmed: DPT or 5 "
        "years of practice; refer if there is no improvement in about 30 days.",
        confidence=_C.LOW, source="Miss. SB 2072 (2024), secondary sources",
    ),
    # The reference calls MO a progress check, but the provider must be consulted before going
    # on even if the patient is improving, so it behaves as a hard limit.
    _rule(
        "MO", _L.DAYS_OR_VISITS, days=30, visits=10, action_at_limit=_A.CONSULT,
        conditions="After 10 visits or 30 days, consult a provider before continuing, even if "
        "the patient is improving. The PT holds a DPT or has 5 years of practice. The BetterPT "
        "page for MO is out of date.",
        confidence=_C.MEDIUM, source="Mo. SB 51 (2023)",
    ),
    _rule(
        "NH", _L.NONE, action_at_limit=_A.NONE,
        conditions="Reported: HB188 (2023) removed the 25-day referral rule; the governor's "
        "signature is not confirmed.",
        confidence=_C.LOW, source="N.H. HB188 (2023), secondary sources",
    ),
    _rule(
        "NJ", _L.PROGRESS, progress_days=30, action_at_limit=_A.REFERRAL,
        notifications=(
            Notification("Inform the patient's provider of the plan of care", within_days=30),
        ),
        conditions="Refer if there is no improvement in 30 days.",
        confidence=_C.MEDIUM, source="State chapter / clinic pages",
    ),
    _rule(
        "NM", _L.OTHER, action_at_limit=_A.VERIFY,
        conditions="APTA lists NM as provisional; the details were not found.",
        confidence=_C.LOW, source="APTA direct-access page (Jul 2025)",
    ),
    _rule(
        "NY", _L.DAYS_OR_VISITS, days=30, visits=10, action_at_limit=_A.REFERRAL,
        conditions="The PT has 3 years of full-time practice. Insurance notice to the "
        "patient. Bill A2300 (2023) would remove the limits; not confirmed enacted.",
        confidence=_C.HIGH, source="State statute or board text",
    ),
    _rule(
        "OH", _L.PROGRESS, progress_days=30, action_at_limit=_A.REFERRAL,
        notifications=(
            Notification(
                "Inform the physician (with the patient's consent)", within_business_days=5
            ),
        ),
        conditions="Refer if there is no improvement in 30 days. Exceptions: wellness care "
        "and known chronic conditions.",
        confidence=_C.HIGH, source="ORC 4755.481",
    ),
    _rule(
        "OK", _L.DAYS, days=30, action_at_limit=_A.REFERRAL,
        conditions="Not for workers' compensation. SB808 (from November 2025) covers "
        "direct-to-employer contracts.",
        confidence=_C.HIGH, source="59 Okla. Stat. 887.17",
    ),
    _rule(
        "PA", _L.DAYS, days=30, action_at_limit=_A.REFERRAL,
        conditions="30 calendar days. The PT holds a Direct Access certificate (2 years of "
        "practice, liability insurance, CE). Bills in 2024 would raise it to 60 days.",
        confidence=_C.MEDIUM, source="State chapter / clinic pages",
    ),
    _rule(
        "RI", _L.DAYS, days=90, action_at_limit=_A.REFERRAL,
        conditions="Refer by day 90 unless treatment has ended. Written consent from the "
        "patient. The PT has 1 year of experience.",
        confidence=_C.HIGH, source="R.I. regulation 13.4.6",
    ),
    # The 30 days is the statute's number; what is in doubt is whether it still applies, so
    # the tracker keeps flagging it and patients are not told it.
    _rule(
        "SC", _L.DAYS, days=30, action_at_limit=_A.REFERRAL,
        conditions="H.3687 (to remove the limit) was last seen in committee, but a clinic "
        "claims the limit was removed in 2024: sources conflict. A 2024 rule clarifies "
        "'referral'.",
        confidence=_C.LOW, source="APTA 2024 round-up; clinic page",
    ),
    _rule(
        "TN", _L.PROGRESS, progress_days=30, days=90, action_at_limit=_A.CONSULT,
        notifications=(Notification("Notify the patient's physician"),),
        conditions="Act if there is no progress in 30 days; consult by 90 days. Exceptions "
        "for chronic and neuromuscular conditions. The PT meets degree or experience criteria.",
        confidence=_C.MEDIUM, source="State chapter / clinic pages",
    ),
    _rule(
        "TX", _L.DAYS, days=30, action_at_limit=_A.REFERRAL,
        conditions="30 consecutive days since HB4099 (1 September 2025; was 10 visits or 15 "
        "business days). The PT has been licensed a year, carries liability insurance, and "
        "holds a doctorate or 30 hours of differential-diagnosis CE. Signed disclosure.",
        confidence=_C.HIGH, source="Tex. Occ. Code 453.301",
    ),
    _rule(
        "VA", _L.NONE, action_at_limit=_A.NONE,
        notifications=(
            Notification("Send records to the practitioner the patient names", within_days=14),
        ),
        conditions="No time limit since 1 July 2023. Treatment needs a DPT or a direct-access "
        "certificate (tDPT or 3 years); otherwise a one-time evaluation only. The patient "
        "signs an attestation form.",
        confidence=_C.HIGH, source="State statute or board text",
    ),
    _rule(
        "WA", _L.OTHER, action_at_limit=_A.REFERRAL,
        conditions="No consultation needed for musculoskeletal or neuromuscular conditions. "
        "Spinal manipulation needs an endorsement.",
        confidence=_C.HIGH, source="RCW 18.74.012",
    ),
    _rule(
        "WI", _L.OTHER, action_at_limit=_A.REFERRAL,
        conditions="No referral needed for musculoskeletal injuries except acute fractures or "
        "avulsions. No day limit found.",
        confidence=_C.MEDIUM, source="Wis. Admin. Code PT 6.01",
    ),
    _rule(
        "VI", _L.OTHER, action_at_limit=_A.VERIFY,
        conditions="APTA lists the USVI as provisional; the details were not found.",
        confidence=_C.LOW, source="APTA direct-access page (Jul 2025)",
    ),
)
# fmt: on

RULES: dict[str, StateRule] = {
    rule.state: rule for rule in (*map(_unrestricted, _UNRESTRICTED), *_LIMITED)
}


def rule_for(state: str) -> StateRule | None:
    """The rule for a two-letter code, any case ("il", "IL"); None for a code we don't hold."""
    return RULES.get(state.strip().upper())
