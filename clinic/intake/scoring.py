"""Scores computed from intake answers: NPRS summary, PSFS, and an irritability band.

Pure: the standard library only. Every function tolerates missing or malformed answers (an
intake in progress is scored on every save) and returns plain, JSON-serialisable values.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

NPRS_QUESTIONS = {"now": "pain_now", "best": "pain_best", "worst": "pain_worst"}
HIGH_PAIN, LOW_PAIN = 7, 4
#: Answer values of `flare_ease` and `settle_time` (see questions_core.py).
FLARE_VALUES = ("lot_of_activity", "moderate_activity", "little_activity")
SETTLE_VALUES = ("minutes", "hours", "day_or_more")


def _rating(value: Any) -> int | None:
    """A 0-10 rating, or None for anything else (missing, out of range, not a whole number)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value <= 10 else None


def _mean(values: list[int]) -> float | None:
    """The mean to one decimal place, halves rounded up (5.25 -> 5.3), or None if empty."""
    if not values:
        return None
    mean = Decimal(sum(values)) / Decimal(len(values))
    return float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def nprs_summary(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Pain now, at best and at worst in the last week, and the mean of those given.

    `consistent` is False when the ratings contradict each other (best above worst, or now
    outside best..worst, since the last week includes today); None when fewer than two of
    best/worst are given. The ratings are kept as the patient gave them.
    """
    now, best, worst = (_rating(answers.get(q)) for q in NPRS_QUESTIONS.values())
    given = [v for v in (now, best, worst) if v is not None]
    consistent = None
    if best is not None and worst is not None:
        consistent = best <= worst and (now is None or best <= now <= worst)
    return {
        "now": now,
        "best": best,
        "worst": worst,
        "average": _mean(given),
        "consistent": consistent,
    }


def _activity(entry: Any) -> dict[str, Any] | None:
    if isinstance(entry, Mapping):
        name, score = entry.get("activity", entry.get("name")), entry.get("score")
    elif isinstance(entry, list | tuple) and len(entry) == 2:
        name, score = entry
    else:
        return None
    score = _rating(score)
    if not isinstance(name, str) or not name.strip() or score is None:
        return None
    return {"name": name.strip(), "score": score}


def psfs(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Patient-Specific Functional Scale (Stratford et al., 1995): each activity's 0-10 score
    (10 = as before the problem) and their mean to one decimal; None without activities.

    Stored answers hold {"activity", "score"} items; incomplete items are left out.
    """
    raw = answers.get("psfs")
    entries = raw if isinstance(raw, list | tuple) else []
    activities = [a for a in (_activity(entry) for entry in entries) if a is not None]
    return {
        "activities": activities,
        "count": len(activities),
        "average": _mean([a["score"] for a in activities]),
    }


def irritability(answers: Mapping[str, Any]) -> str | None:
    """How easily symptoms flare and how slowly they settle: "low", "moderate" or "high".

    Inputs: pain (the worst rating of the last week, or the highest of now/best/worst if that
    is higher, as the week's worst can't be below today's), how easily it flares
    (`flare_ease`) and how long it takes to settle (`settle_time`).

    - high: pain >= 7 and (it flares with very little activity, or takes a few hours or
      longer to settle);
    - low: pain <= 4, it flares only with a lot of activity, and settles within minutes;
    - moderate: any other complete combination;
    - None while pain, `flare_ease` or `settle_time` is unanswered.
    """
    ratings = [_rating(answers.get(q)) for q in NPRS_QUESTIONS.values()]
    given = [r for r in ratings if r is not None]
    flare, settle = answers.get("flare_ease"), answers.get("settle_time")
    if not given or flare not in FLARE_VALUES or settle not in SETTLE_VALUES:
        return None
    pain = max(given)
    if pain >= HIGH_PAIN and (flare == "little_activity" or settle in ("hours", "day_or_more")):
        return "high"
    if pain <= LOW_PAIN and flare == "lot_of_activity" and settle == "minutes":
        return "low"
    return "moderate"


def score(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Every score at once, as stored on the intake."""
    return {
        "nprs": nprs_summary(answers),
        "psfs": psfs(answers),
        "irritability": irritability(answers),
    }
