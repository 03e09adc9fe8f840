"""Red-flag screening: a table of rules from intake answers to flags, and the overall level.

Pure: the standard library only. Each rule reads answers by stable question id (see
`question_sets.py`), applies to a set of body regions (or all), and fires when all of its
`all_of` conditions hold and, if it has any, one of its `any_of` conditions. The overall level
is the most severe flag, else "clear". Every rule, and where it comes from, is listed in
docs/screening.md.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from clinic.core.regions import REGIONS


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
class Condition:
    """One test of one answer: it is one of `values` (for a multiple-choice answer, includes
    one of them), or a whole number within `minimum`..`maximum`; `negate` turns it round, so a
    missing answer satisfies a negated condition."""

    question_id: str
    values: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    negate: bool = False

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return self._matches(answers.get(self.question_id)) != self.negate

    def _matches(self, answer: Any) -> bool:
        if self.values:
            if isinstance(answer, list | tuple | set | frozenset):
                return any(value in self.values for value in answer)
            return answer in self.values
        if not isinstance(answer, int) or isinstance(answer, bool):
            return False
        return (self.minimum is None or answer >= self.minimum) and (
            self.maximum is None or answer <= self.maximum
        )

    def describe(self) -> str:
        """The condition in a few words, for docs/screening.md."""
        if self.values:
            words = ", ".join(f"`{value}`" for value in self.values)
            verb = ("is not" if self.negate else "is") + (" any of" if len(self.values) > 1 else "")
            return f"`{self.question_id}` {verb} {words}"
        if self.maximum is None:
            return f"`{self.question_id}` ≥ {self.minimum}"
        if self.minimum is None:
            return f"`{self.question_id}` ≤ {self.maximum}"
        return f"`{self.question_id}` from {self.minimum} to {self.maximum}"


def said(question_id: str, *values: str) -> Condition:
    return Condition(question_id, values=values)


def not_said(question_id: str, *values: str) -> Condition:
    return Condition(question_id, values=values, negate=True)


def at_least(question_id: str, minimum: int) -> Condition:
    return Condition(question_id, minimum=minimum)


def at_most(question_id: str, maximum: int) -> Condition:
    return Condition(question_id, maximum=maximum)


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


@dataclass(frozen=True)
class ScreeningResult:
    level: Severity = Severity.CLEAR
    #: Most severe first, then in rule order.
    flags: tuple[Flag, ...] = field(default=())

    @property
    def stops_booking(self) -> bool:
        return self.level is Severity.EMERGENCY

    @property
    def needs_acknowledgement(self) -> bool:
        """The patient must acknowledge "see a physician first" before booking goes on."""
        return self.level is Severity.PHYSICIAN

    @property
    def codes(self) -> list[str]:
        return [flag.code for flag in self.flags]

    @property
    def urgency(self) -> Urgency | None:
        """For a see-a-doctor result, the most pressing time frame of its flags; else None."""
        if self.level is not Severity.PHYSICIAN:
            return None
        found = [f.urgency for f in self.flags if f.severity is Severity.PHYSICIAN and f.urgency]
        return max(found, key=lambda u: u.rank, default=Urgency.FEW_DAYS)


def screen(answers: Mapping[str, Any], region: str | None = None) -> ScreeningResult:
    """Flags raised by `answers` (question id -> value; "age" as a whole number if known).

    The region comes from the argument, else from `answers["region"]`. Without either, no
    region filter applies: an answer to a region's question is only there if it was asked.
    """
    region = region or answers.get("region")
    if region is not None and region not in REGIONS:
        raise ValueError(f"Unknown body region {region!r}.")
    fired = [rule for rule in RULES if rule.applies_to(region) and rule.fires(answers)]
    replaced = {code for rule in fired for code in rule.supersedes}
    kept = [rule for rule in fired if rule.code not in replaced]
    kept.sort(key=lambda rule: -rule.severity.rank)  # stable: rule order within a severity
    flags = tuple(rule.flag() for rule in kept)
    return ScreeningResult(flags[0].severity if flags else Severity.CLEAR, flags)


def rule_count_by_severity() -> dict[str, int]:
    """How many rules raise each severity, most severe first."""
    counts = Counter(rule.severity for rule in RULES)
    return {str(s): counts[s] for s in (Severity.EMERGENCY, Severity.PHYSICIAN, Severity.INFORM)}


# --- The rule table -------------------------------------------------------------------------

EMERGENCY, PHYSICIAN, INFORM = Severity.EMERGENCY, Severity.PHYSICIAN, Severity.INFORM
SPINE = frozenset({"low_back", "mid_upper_back", "neck"})
BACK = frozenset({"low_back", "mid_upper_back"})
#: Joints whose heat, redness, swelling or deformity a patient can see.
VISIBLE_JOINTS = frozenset({"shoulder", "elbow", "wrist_hand", "knee", "ankle_foot"})
LEG = frozenset({"knee", "lower_leg", "ankle_foot"})

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


def _rule(
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

    A see-a-doctor rule whose action asks for today or the next day is urgent today."""
    action = _ACTION[severity] if action is None else action
    urgency = None
    if severity is PHYSICIAN:
        soon = action in (SEE_DOCTOR_TODAY, SEE_DOCTOR_SOON)
        urgency = Urgency.TODAY if soon else Urgency.FEW_DAYS
    patient_text = " ".join(part for part in (lead, action) if part)
    return Rule(
        code, severity, regions, all_of, any_of, patient_text, clinician_text,
        f"red-flags.md {source}", supersedes, urgency,
    )  # fmt: skip


RULES: tuple[Rule, ...] = (
    # --- emergency: booking stops ---
    _rule(
        "self_harm", EMERGENCY, None,
        "Thank you for telling us. You deserve support right now. Please call or text 988, "
        "the Suicide & Crisis Lifeline, any time of day or night. If you are in immediate "
        "danger, call 911.",
        "Reports thoughts of self-harm or suicide. Contact the patient; 988 given.",
        "#25 (general safety)",
        all_of=(said("self_harm", "yes"),), action="",
    ),
    _rule(
        "cauda_equina", EMERGENCY, BACK,
        "New numbness around your bottom or groin, or a change in bladder or bowel control, "
        "needs a doctor to check it straight away.",
        "Saddle anaesthesia and/or new bladder or bowel dysfunction: possible cauda equina.",
        "#1 (AHCPR; cliniborg)",
        any_of=(said("saddle_numbness", "yes"), said("bladder_bowel_change", "yes")),
    ),
    _rule(
        "rapid_weakness", EMERGENCY, SPINE,
        "Weakness in an arm or leg that is coming on quickly needs a doctor to check it "
        "straight away.",
        "Rapidly progressive limb weakness or foot drop.",
        "#2 (AHCPR)",
        all_of=(said("limb_weakness", "sudden"),),
    ),
    _rule(
        "cervical_arterial", EMERGENCY, frozenset({"neck"}),
        "The new symptoms you told us about, such as dizziness, changes in sight or speech, or "
        "a sudden severe headache, need a doctor to check them straight away.",
        "Possible cervical arterial dysfunction / posterior circulation signs with neck pain.",
        "#4 (IFOMPT cervical framework 2023)",
        all_of=(said("arterial_signs", "dizziness", "double_vision", "speech_swallowing",
                     "drop_attacks", "face_numbness", "sudden_headache"),),
    ),
    _rule(
        "cardiac", EMERGENCY, frozenset({"mid_upper_back", "neck", "shoulder", "elbow"}),
        "Chest pressure, new shortness of breath, sweating or feeling sick with the pain, or "
        "pain that comes with effort needs a doctor to check it straight away.",
        "Possible cardiac referral: chest pressure, dyspnoea, diaphoresis/nausea or exertional "
        "pain.",
        "#5 (thoracic and shoulder references)",
        all_of=(said("cardiac_signs", "chest_pressure", "breathless", "sweating_nausea",
                     "exertion"),),
    ),
    _rule(
        "aortic", EMERGENCY, BACK,
        "Sudden tearing pain in your back or belly, or a pulsing lump in your belly, needs a "
        "doctor to check it straight away.",
        "Possible aortic dissection or aneurysm: tearing pain or pulsatile abdominal mass.",
        "#6 (thoracic references)",
        all_of=(said("aortic_signs", "tearing_pain", "pulsing_lump"),),
    ),
    _rule(
        "major_trauma_spine", EMERGENCY, SPINE,
        "Back or neck pain that began with a crash, a big fall or a hard blow in the last two "
        "weeks needs a doctor to check it straight away.",
        "Spinal pain after major trauma within 2 weeks: possible fracture or instability.",
        "#12 (AHCPR)",
        all_of=(said("major_trauma", "recent"),), supersedes=("major_trauma",),
    ),
    _rule(
        "infection_very_unwell", EMERGENCY, None,
        "A fever while you feel very unwell needs a doctor to check it straight away.",
        "Fever and feels very unwell: possible systemic infection or sepsis.",
        "#7 (AHCPR), widened from spine to all regions",
        all_of=(said("fever", "very_unwell"),), supersedes=("infection",),
    ),
    _rule(
        "septic_joint", EMERGENCY, VISIBLE_JOINTS,
        "A hot, red, swollen joint together with a fever needs a doctor to check it straight "
        "away.",
        "Hot, red, swollen joint with fever: possible septic arthritis or bursitis.",
        "#8 (CCGI shoulder pathway 2024), widened to wrist/hand and ankle/foot",
        all_of=(said("hot_red_swollen_joint", "yes"), said("fever", "yes", "very_unwell")),
        supersedes=("hot_swollen_joint", "infection"),
    ),
    _rule(
        "joint_deformity", EMERGENCY, VISIBLE_JOINTS,
        "A joint that looks out of place, or that you can't move at all after an injury, "
        "needs a doctor to check it straight away.",
        "Visible deformity or total loss of movement after injury: possible dislocation or "
        "fracture.",
        "#15 (CCGI shoulder pathway 2024), widened to wrist/hand",
        all_of=(said("joint_deformity", "yes"),),
    ),
    _rule(
        "pe_signs", EMERGENCY, LEG,
        "New shortness of breath, chest pain or coughing up blood needs a doctor to check it "
        "straight away.",
        "Dyspnoea, chest pain or haemoptysis with a leg complaint: possible pulmonary embolism.",
        "#16 (DVT references)",
        all_of=(said("breathless_chest_pain", "yes"),), supersedes=("dvt",),
    ),
    _rule(
        "compartment", EMERGENCY, frozenset({"lower_leg", "elbow"}),
        "Pain far worse than the injury explains, with tight swelling, numbness or pale skin, "
        "needs a doctor to check it straight away.",
        "Pain out of proportion with tense swelling or neurovascular change: possible "
        "compartment syndrome.",
        "#17 (compartment syndrome references)",
        all_of=(said("compartment_signs", "out_of_proportion"),),
        any_of=(said("compartment_signs", "tight_swelling", "numb_pale"),),
    ),
    # --- physician first: booking goes on after acknowledgement ---
    _rule(
        "infection", PHYSICIAN, None,
        "A fever, chills or night sweats along with your pain should be checked by a doctor.",
        "Fever, chills or night sweats in the last 2 weeks: screen for infection.",
        "#7 (AHCPR), widened from spine to all regions",
        all_of=(said("fever", "yes", "very_unwell"),),
    ),
    _rule(
        "hot_swollen_joint", PHYSICIAN, VISIBLE_JOINTS,
        "A hot, red, swollen joint should be checked by a doctor.",
        "Hot, red, swollen joint without fever: rule out infection, crystal or inflammatory "
        "arthritis.",
        "#8 (CCGI shoulder pathway 2024), widened to wrist/hand and ankle/foot",
        all_of=(said("hot_red_swollen_joint", "yes"),), action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "progressive_weakness", PHYSICIAN, SPINE,
        "Weakness in an arm or leg, even when it comes on slowly, should be checked by a doctor.",
        "Progressive limb weakness over weeks: neurological deficit.",
        "#2 (AHCPR)",
        all_of=(said("limb_weakness", "gradual"),), action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "myelopathy", PHYSICIAN, frozenset({"neck", "mid_upper_back"}),
        "Clumsy hands, unsteady walking or electric-shock feelings should be checked by a "
        "doctor soon.",
        "Possible myelopathy: hand clumsiness, gait disturbance or Lhermitte's sign.",
        "#3 (myelopathy references)",
        all_of=(said("myelopathy_signs", "clumsy_hands", "unsteady_walking",
                     "electric_shocks"),),
        action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "cancer_history", PHYSICIAN, None,
        "Because you have been treated for cancer before, we'd like a doctor to check this "
        "new pain first.",
        "History of cancer with new musculoskeletal pain.",
        "#9 (AHCPR)",
        all_of=(said("cancer_history", "yes"),),
    ),
    _rule(
        "weight_loss", PHYSICIAN, None,
        "Weight loss you can't explain should be checked by a doctor.",
        "Unexplained weight loss in recent months.",
        "#10 (AHCPR)",
        all_of=(said("weight_loss", "yes"),),
    ),
    _rule(
        "non_mechanical_pain", PHYSICIAN, None,
        "Pain that is there all the time, in every position, and wakes you every night should "
        "be checked by a doctor.",
        "Constant pain unaffected by position, waking every night: non-mechanical pattern.",
        "#11 (Physiopedia)",
        all_of=(said("unrelenting_night_pain", "yes"),),
    ),
    _rule(
        "major_trauma", PHYSICIAN, None,
        "Pain that began with a crash, a big fall or a hard blow should be checked by a "
        "doctor, who may arrange an X-ray or scan.",
        "Onset with major trauma (vehicle collision, fall from height, hard blow).",
        "#12 (AHCPR)",
        all_of=(said("major_trauma", "recent", "earlier"),),
    ),
    _rule(
        "fragility_fracture", PHYSICIAN, BACK | {"hip"},
        "With thin bones or long-term steroids, pain that began after a small fall or lift "
        "should be checked by a doctor, who may arrange an X-ray.",
        "Osteoporosis or long-term oral steroids with onset after minor trauma: possible "
        "fragility fracture.",
        "#13 (AHCPR), widened to the hip",
        all_of=(said("osteoporosis_steroids", "yes"), said("minor_trauma_onset", "yes")),
        action=SEE_DOCTOR_SOON, supersedes=("bone_health",),
    ),
    _rule(
        "ottawa_knee", PHYSICIAN, frozenset({"knee"}),
        "After a knee injury this week, your answers mean a doctor should check whether you "
        "need an X-ray.",
        "Ottawa knee rule positive (age ≥55, fibular head or isolated patellar tenderness, "
        "flexion <90° or unable to weight-bear 4 steps): X-ray indicated.",
        "#14 (Ottawa knee rule; ALiEM)",
        all_of=(said("recent_injury", "yes"),),
        any_of=(at_least("age", 55), said("four_steps", "no"),
                said("knee_bony_tender", "kneecap", "fibula_head"), said("knee_bend_90", "no")),
        action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "ottawa_ankle", PHYSICIAN, frozenset({"ankle_foot"}),
        "After an ankle or foot injury this week, your answers mean a doctor should check "
        "whether you need an X-ray.",
        "Ottawa ankle/foot rule positive (malleolar or midfoot bony tenderness, or unable to "
        "weight-bear 4 steps): X-ray indicated.",
        "#14 (Ottawa ankle rule; ALiEM)",
        all_of=(said("recent_injury", "yes"),),
        any_of=(said("four_steps", "no"),
                said("ankle_bony_tender", "outer_ankle_bone", "inner_ankle_bone",
                     "outer_midfoot", "inner_midfoot")),
        action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "dvt", PHYSICIAN, LEG,
        "A swollen, warm, red or tender calf should be checked by a doctor today.",
        "Unilateral calf swelling, warmth, redness or tenderness: rule out DVT same day.",
        "#16 (DVT references)",
        all_of=(said("calf_signs", "yes"),), action=SEE_DOCTOR_TODAY,
    ),
    _rule(
        "stress_fracture", PHYSICIAN, frozenset({"lower_leg", "ankle_foot"}),
        "One spot on the bone that hurts a lot to press or hop on should be checked by a "
        "doctor.",
        "Focal bony tenderness or pain on hopping: possible stress fracture.",
        "#18 (shin references)",
        all_of=(said("bone_spot_pain", "yes"),),
    ),
    _rule(
        "knee_locked", PHYSICIAN, frozenset({"knee"}),
        "A knee that is stuck and won't straighten should be checked by a doctor soon.",
        "Locked knee (cannot fully extend): possible mechanical block.",
        "#19 (general)",
        all_of=(said("knee_locked", "yes"),), action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "knee_haemarthrosis", PHYSICIAN, frozenset({"knee"}),
        "A knee that swelled up a lot within hours of an injury should be checked by a doctor "
        "soon.",
        "Rapid large effusion within hours of injury: possible haemarthrosis.",
        "#19 (general)",
        all_of=(said("knee_rapid_swelling", "yes"),), action=SEE_DOCTOR_SOON,
    ),
    _rule(
        "visceral_referral", PHYSICIAN, frozenset({"shoulder", "mid_upper_back"}),
        "Pain that changes with eating or breathing, or stays the same however you move, "
        "should be checked by a doctor.",
        "Pain linked to eating or breathing, or unaffected by movement: possible visceral "
        "referral.",
        "#20 (shoulder references)",
        all_of=(said("visceral_signs", "eating", "breathing", "unchanged_by_movement"),),
    ),
    _rule(
        "anticoagulant_bleeding", PHYSICIAN, None,
        "Because you take a blood thinner, swelling, bruising or a hard knock should be "
        "checked by a doctor.",
        "On anticoagulants with swelling, bruising or major trauma: rule out bleeding.",
        "#22 (general)",
        all_of=(said("blood_thinners", "yes"),),
        any_of=(said("swelling_bruising", "yes"), said("major_trauma", "recent", "earlier")),
        action=SEE_DOCTOR_SOON, supersedes=("anticoagulant",),
    ),
    # --- inform: the therapist is told ---
    _rule(
        "age_new_back_pain", INFORM, SPINE, "",
        "New spinal pain (first episode, under 6 weeks) at age under 20 or over 50.",
        "#21 (AHCPR)",
        all_of=(said("duration", "under_6_weeks"), not_said("previous_episodes", "yes")),
        any_of=(at_most("age", 19), at_least("age", 51)),
    ),
    _rule(
        "pregnancy", INFORM, frozenset({"low_back", "hip"}), "",
        "Pregnant or given birth in the last 6 months.",
        "#23 (general)",
        all_of=(said("pregnancy", "pregnant", "recent_birth"),),
    ),
    _rule(
        "distress", INFORM, None, "",
        "Feels worried, low or wary of moving 'a lot' because of this problem (single item, "
        "not a validated tool): explore yellow flags.",
        "#24 (Keele), one item of our own instead of STarT Back",
        all_of=(said("worry_mood", "a_lot"),),
    ),
    _rule(
        "infection_risk", INFORM, SPINE, "",
        "Infection risk: recent infection, weak immunity or injecting drugs.",
        "#7 (AHCPR)",
        all_of=(said("infection_risk", "recent_infection", "weak_immunity",
                     "injecting_drugs"),),
    ),
    _rule(
        "anticoagulant", INFORM, None, "",
        "Takes a blood thinner: bleeding risk with manual therapy and injury.",
        "#22 (general)",
        all_of=(said("blood_thinners", "yes"),),
    ),
    _rule(
        "bone_health", INFORM, None, "",
        "Osteoporosis or long-term oral steroids: fracture risk.",
        "#13 (AHCPR)",
        all_of=(said("osteoporosis_steroids", "yes"),),
    ),
)  # fmt: skip

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
