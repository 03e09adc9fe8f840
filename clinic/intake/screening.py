"""Red-flag screening: a table of rules from intake answers to flags, and the overall level.

Pure: the standard library only. Each rule reads answers by stable question id (see
`question_sets.py`), applies to a set of body regions (or all), and fires when all of its
`all_of` conditions hold and, if it has any, one of its `any_of` conditions. The overall level
is the most severe flag, else "clear". The rule table is `screening_rules.py`; every rule, and
where it comes from, is listed in docs/screening.md.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from clinic.core.regions import REGIONS
from clinic.intake.conditions import Condition, at_least, at_most, not_said, said
from clinic.intake.red_flags import Flag, Rule, Severity, Urgency
from clinic.intake.screening_rules import RULES

__all__ = [
    "RULES", "RULES_BY_CODE", "Condition", "Flag", "Rule", "ScreeningResult", "Severity",
    "Urgency", "at_least", "at_most", "not_said", "rule_count_by_severity", "said", "screen",
]  # fmt: skip


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


RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
