"""The pre-evaluation plan outline: general, educational words chosen from the intake.

Pure: the standard library only. The words live in `wording.json` beside this module, per
section, irritability band and body region, so a clinic can change them without touching code;
this module only picks and fills them in. It never names a diagnosis or gives exercise doses:
the therapist makes the real plan after the first visit. A `physician` screening keeps only
"what to expect" and the advice to see a doctor first; an `emergency` one gets no outline.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from clinic.core.regions import REGIONS
from clinic.intake import scoring

BANDS = ("low", "moderate", "high")
#: The band whose wording is used while the intake is too incomplete to give one.
DEFAULT_BAND = "moderate"
LEVELS = ("clear", "inform", "physician", "emergency")
ONSETS = ("injury", "gradual", "after_surgery", "not_sure")
DURATIONS = ("under_6_weeks", "6_to_12_weeks", "over_12_weeks")
FULL_SECTIONS = (
    "what_to_expect",
    "self_care",
    "goals",
    "typical_course",
    "warning_signs",
    "what_to_bring",
)
PHYSICIAN_SECTIONS = ("what_to_expect", "see_physician_first")
#: Sections whose wording each region supplies (the rest are shared by every region).
REGION_SECTIONS = ("self_care", "typical_course", "warning_signs")
#: Answers of the `night_pain` question (questions_core.py) and whether they mean night pain.
NIGHT_PAIN = {"no": False, "sometimes": True, "most_nights": True}


@dataclass(frozen=True)
class OutlineInputs:
    """What the generator reads: intake answers and scores, and the location's rule."""

    region: str
    onset: str | None = None
    duration: str | None = None
    irritability: str | None = None  #: None while the intake can't give a band
    night_pain: bool | None = None
    goals: tuple[tuple[str, int], ...] = ()  #: PSFS (activity, 0-10 score) pairs
    screening_level: str = "clear"
    direct_access: tuple[str, str] | None = None  #: (headline, details) for the patient


@dataclass(frozen=True)
class OutlineSection:
    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "paragraphs": list(self.paragraphs),
            "items": list(self.items),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "OutlineSection":
        return cls(
            key=data["key"],
            title=data["title"],
            paragraphs=tuple(data.get("paragraphs", ())),
            items=tuple(data.get("items", ())),
        )


@dataclass(frozen=True)
class Outline:
    region: str
    band: str  #: the band whose wording was used
    screening_level: str
    sections: tuple[OutlineSection, ...]
    notice: str

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(section.key for section in self.sections)

    def section(self, key: str) -> OutlineSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def texts(self) -> tuple[str, ...]:
        """Every sentence shown to the patient, titles and notice included."""
        parts = [self.notice]
        for s in self.sections:
            parts += [s.title, *s.paragraphs, *s.items]
        return tuple(parts)

    def as_text(self) -> str:
        """Plain text, one section after another, for email bodies and previews."""
        blocks = []
        for s in self.sections:
            lines = [s.title, *s.paragraphs, *(f"- {item}" for item in s.items)]
            blocks.append("\n".join(lines))
        return "\n\n".join([*blocks, self.notice])

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable, as stored on `PlanOutline.generated`."""
        return {
            "version": 1,
            "region": self.region,
            "band": self.band,
            "screening_level": self.screening_level,
            "sections": [s.as_dict() for s in self.sections],
            "notice": self.notice,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Outline":
        return cls(
            region=data["region"],
            band=data["band"],
            screening_level=data["screening_level"],
            sections=tuple(OutlineSection.from_dict(s) for s in data["sections"]),
            notice=data["notice"],
        )


@cache
def load_wording() -> dict[str, Any]:
    """The clinic's wording, read once from the package."""
    text = files("clinic.plans").joinpath("wording.json").read_text(encoding="utf-8")
    return json.loads(text)


def generate(inputs: OutlineInputs, wording: Mapping[str, Any] | None = None) -> Outline | None:
    """The outline for `inputs`, or None after an emergency screening.

    `wording` defaults to the package's `wording.json`. Raises ValueError for an unknown
    region, band or screening level.
    """
    _check(inputs)
    if inputs.screening_level == "emergency":
        return None
    words = load_wording() if wording is None else wording
    band = inputs.irritability or DEFAULT_BAND
    region = words["regions"][inputs.region]
    keys = PHYSICIAN_SECTIONS if inputs.screening_level == "physician" else FULL_SECTIONS
    sections = []
    for key in keys:
        paragraphs, items = _BUILDERS[key](inputs, words, region, band)
        sections.append(OutlineSection(key, words["titles"][key], paragraphs, items))
    return Outline(inputs.region, band, inputs.screening_level, tuple(sections), words["notice"])


def _check(inputs: OutlineInputs) -> None:
    if inputs.region not in REGIONS:
        raise ValueError(f"Unknown body region {inputs.region!r}.")
    if inputs.irritability is not None and inputs.irritability not in BANDS:
        raise ValueError(f"Unknown irritability band {inputs.irritability!r}.")
    if inputs.screening_level not in LEVELS:
        raise ValueError(f"Unknown screening level {inputs.screening_level!r}.")


# Sections: each builder returns (paragraphs, items).

Parts = tuple[tuple[str, ...], tuple[str, ...]]
Words = Mapping[str, Any]


def _what_to_expect(inputs: OutlineInputs, words: Words, region: Words, band: str) -> Parts:
    section = words["what_to_expect"]
    paragraphs = [section["paragraphs"][0].format(area=region["area"])]
    if inputs.onset in section["onset"]:
        paragraphs.append(section["onset"][inputs.onset])
    if inputs.direct_access is not None:
        paragraphs += [text for text in inputs.direct_access if text]
    paragraphs += [p.format(area=region["area"]) for p in section["paragraphs"][1:]]
    return tuple(paragraphs), tuple(section["items"])


def _self_care(inputs: OutlineInputs, words: Words, region: Words, band: str) -> Parts:
    section = words["self_care"][band]
    items = [*section["items"], region["self_care"][band]]
    if inputs.night_pain:
        items.append(words["night_pain"])
    return tuple(section["paragraphs"]), tuple(items)


def _goals(inputs: OutlineInputs, words: Words, region: Words, band: str) -> Parts:
    section = words["goals"]
    if not inputs.goals:
        return tuple(section["none"]), ()
    items = (section["item"].format(activity=a, score=s) for a, s in inputs.goals)
    return tuple(section["paragraphs"]), tuple(items)


def _typical_course(inputs: OutlineInputs, words: Words, region: Words, band: str) -> Parts:
    section = words["typical_course"]
    paragraphs = [
        section["range"].format(area=region["area"], **region["typical_course"]),
        section["spacing"],
    ]
    if inputs.duration in section["duration"]:
        paragraphs.append(section["duration"][inputs.duration])
    if inputs.onset == "after_surgery":
        paragraphs.append(section["after_surgery"])
    paragraphs += [section["individual"], section["phases_intro"]]
    return tuple(paragraphs), tuple(section["phases"])


def _warning_signs(inputs: OutlineInputs, words: Words, region: Words, band: str) -> Parts:
    section = words["warning_signs"]
    return tuple(section["paragraphs"]), (*region["warning_signs"], *section["items"])


def _what_to_bring(inputs: OutlineInputs, words: Words, region: Words, band: str) -> Parts:
    section = words["what_to_bring"]
    return tuple(section["paragraphs"]), tuple(section["items"])


def _see_physician_first(inputs: OutlineInputs, words: Words, region: Words, band: str) -> Parts:
    paragraphs = words["see_physician_first"]["paragraphs"]
    return tuple(p.format(area=region["area"]) for p in paragraphs), ()


_BUILDERS: dict[str, Callable[[OutlineInputs, Words, Words, str], Parts]] = {
    "what_to_expect": _what_to_expect,
    "self_care": _self_care,
    "goals": _goals,
    "typical_course": _typical_course,
    "warning_signs": _warning_signs,
    "what_to_bring": _what_to_bring,
    "see_physician_first": _see_physician_first,
}


# From a stored intake


def inputs_from_intake(
    answers: Mapping[str, Any],
    region: str,
    level: str,
    scores: Mapping[str, Any],
    direct_access: Any = None,
) -> OutlineInputs:
    """Generator inputs from stored intake answers and their scores (see scoring.score).

    Unknown or missing answers become None; the scores are recomputed from the answers if
    absent. `direct_access` is a (headline, details) pair, or a `PatientNotice`, whose
    insurance note then follows its details.
    """
    band = scores["irritability"] if "irritability" in scores else scoring.irritability(answers)
    psfs = scores.get("psfs")
    if not isinstance(psfs, Mapping):
        psfs = scoring.psfs(answers)
    goals = tuple(
        (entry.get("name") or entry.get("activity"), entry["score"])
        for entry in psfs.get("activities", ())
    )
    onset, duration = answers.get("onset"), answers.get("duration")
    night = answers.get("night_pain")
    return OutlineInputs(
        region=region,
        onset=onset if onset in ONSETS else None,
        duration=duration if duration in DURATIONS else None,
        irritability=band if band in BANDS else None,
        night_pain=NIGHT_PAIN.get(night) if isinstance(night, str) else None,
        goals=goals,
        screening_level=str(level),
        direct_access=_direct_access(direct_access),
    )


def _direct_access(notice: Any) -> tuple[str, str] | None:
    if notice is None:
        return None
    if isinstance(notice, tuple | list):
        headline, details = notice
        return (headline, details)
    details = " ".join(p for p in (notice.details, getattr(notice, "insurance_note", "")) if p)
    return (notice.headline, details)


def warning_signs(region: str, wording: Words | None = None) -> OutlineSection:
    """The "get care sooner if" section for `region` on its own, for messages that must carry
    the warning signs whatever the screening level (a flagged booking's confirmation)."""
    words = load_wording() if wording is None else wording
    paragraphs, items = _warning_signs(OutlineInputs(region), words, words["regions"][region], "")
    return OutlineSection("warning_signs", words["titles"]["warning_signs"], paragraphs, items)
