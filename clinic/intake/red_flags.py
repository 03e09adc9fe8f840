"""What a red-flag rule is: severities, urgencies, flags, rules, and the patient's words.

Pure: the standard library only. The rules themselves are in `screening_rules.py`; `screen()`
in `screening.py` applies them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from clinic.intake.conditions import Condition


class Severity(StrEnum):
    """What a flag asks of the product; `CLEAR` is only ever an overall level."""

    EMERGENCY = "emergency"  # booking stops; the patient is told what to do now
    PHYSICIAN = "physician"  # see a doctor first; booking goes on after acknowledgement
    INFORM = "inform"  # the therapist is told
    CLEAR = "clear"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.CLEAR: 0, Severity.INFORM: 1, Severity.PHYSICIAN: 2, Severity.EMERGENCY: 3}


class Urgency(StrEnum):
    """How soon a see-a-doctor result asks the patient to be seen by a doctor."""

    TODAY = "today"  # today, or urgent care: no PT visit before the doctor's window has passed
    FEW_DAYS = "few_days"  # within a few days, before physical therapy starts

    @property
    def rank(self) -> int:
        return 2 if self is Urgency.TODAY else 1


@dataclass(frozen=True)
class Flag:
    code: str
    severity: Severity
    patient_text: str
    clinician_text: str
    #: For a see-a-doctor flag, how soon; None for the other severities.
    urgency: Urgency | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    #: Body-region codes the rule applies to; None for every region.
    regions: frozenset[str] | None
    all_of: tuple[Condition, ...]
    any_of: tuple[Condition, ...]
    patient_text: str
    clinician_text: str
    #: Row of /work/shared/reference/red-flags.md and the sources it names.
    source: str
    #: Codes of milder rules this one replaces when both fire (same sign, one flag).
    supersedes: tuple[str, ...] = ()
    #: For a see-a-doctor rule, how soon (defaults to within a few days); None otherwise.
    urgency: Urgency | None = None

    @property
    def reads(self) -> tuple[str, ...]:
        """The answer ids the rule looks at, in order, each once."""
        return tuple(dict.fromkeys(c.question_id for c in (*self.all_of, *self.any_of)))

    def applies_to(self, region: str | None) -> bool:
        return region is None or self.regions is None or region in self.regions

    def fires(self, answers: Mapping[str, Any]) -> bool:
        return all(c.holds(answers) for c in self.all_of) and (
            not self.any_of or any(c.holds(answers) for c in self.any_of)
        )

    def flag(self) -> Flag:
        urgency = self.urgency
        if self.severity is Severity.PHYSICIAN and urgency is None:
            urgency = Urgency.FEW_DAYS
        return Flag(self.code, self.severity, self.patient_text, self.clinician_text, urgency)


EMERGENCY, PHYSICIAN, INFORM = Severity.EMERGENCY, Severity.PHYSICIAN, Severity.INFORM
SPINE = frozenset({"low_back", "mid_upper_back", "neck"})
BACK = frozenset({"low_back", "mid_upper_back"})
#: Joints whose heat, redness, swelling or deformity a patient can see.
VISIBLE_JOINTS = frozenset({"shoulder", "elbow", "wrist_hand", "knee", "ankle_foot"})
LEG = frozenset({"knee", "lower_leg", "ankle_foot"})
#: The leg regions with the hip: where calf, circulation and weight-bearing signs are asked.
LEGS = LEG | {"hip"}
ARM = frozenset({"shoulder", "elbow", "wrist_hand"})
LIMBS = ARM | LEGS

CALL_911 = (
    "Please don't wait for physical therapy: call 911 now, or go to the nearest emergency "
    "department."
)
_GO_ON = "You can still book once you confirm you have read this, and we will tell your therapist."
SEE_DOCTOR = f"Please see a doctor before you start physical therapy. {_GO_ON}"
SEE_DOCTOR_SOON = (
    "Please see a doctor, or go to an urgent care clinic, within the next day and before you "
    f"start physical therapy. {_GO_ON}"
)
SEE_DOCTOR_TODAY = (
    "Please see a doctor, or go to an urgent care clinic, today and before you start physical "
    f"therapy. {_GO_ON}"
)
THERAPIST_WILL_ASK = "Thank you for telling us. Your therapist will talk this through with you."
_ACTION = {EMERGENCY: CALL_911, PHYSICIAN: SEE_DOCTOR, INFORM: THERAPIST_WILL_ASK}


def make_rule(
    code: str,
    severity: Severity,
    regions: frozenset[str] | None,
    lead: str,
    clinician_text: str,
    source: str,
    *,
    all_of: tuple[Condition, ...] = (),
    any_of: tuple[Condition, ...] = (),
    action: str | None = None,
    supersedes: tuple[str, ...] = (),
) -> Rule:
    """A rule whose patient text is `lead` and then what to do (by default, per severity).

    A see-a-doctor rule whose action asks for today or the next day is urgent today. A source
    starting with "#" is a row of /work/shared/reference/red-flags.md."""
    action = _ACTION[severity] if action is None else action
    urgency = None
    if severity is PHYSICIAN:
        soon = action in (SEE_DOCTOR_TODAY, SEE_DOCTOR_SOON)
        urgency = Urgency.TODAY if soon else Urgency.FEW_DAYS
    patient_text = " ".join(part for part in (lead, action) if part)
    return Rule(
        code, severity, regions, all_of, any_of, patient_text, clinician_text,
        f"red-flags.md {source}" if source.startswith("#") else source, supersedes, urgency,
    )  # fmt: skip
