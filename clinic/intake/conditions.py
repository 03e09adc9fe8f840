"""Tests of one answer, shared by screening rules and by follow-up questions.

Pure: the standard library only. A `Condition` reads one answer by question id; screening
rules combine several (see `screening.py`), and a follow-up question is shown when one of its
conditions holds (see `questions.py`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


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

    def as_data(self) -> dict[str, Any]:
        """The condition as plain data, for the page's script to evaluate in place."""
        data: dict[str, Any] = {"question": self.question_id}
        if self.values:
            data["values"] = list(self.values)
        if self.minimum is not None:
            data["min"] = self.minimum
        if self.maximum is not None:
            data["max"] = self.maximum
        return data


def said(question_id: str, *values: str) -> Condition:
    return Condition(question_id, values=values)


def not_said(question_id: str, *values: str) -> Condition:
    return Condition(question_id, values=values, negate=True)


def at_least(question_id: str, minimum: int) -> Condition:
    return Condition(question_id, minimum=minimum)


def at_most(question_id: str, maximum: int) -> Condition:
    return Condition(question_id, maximum=maximum)
