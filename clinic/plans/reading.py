"""Reading plans: an appointment's plan, and what its patient may see of it.

Kept apart from the workflows in services.py so that the emails can show a plan without
importing the code that queues them.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from clinic.extensions import db
from clinic.plans.models import PlanOutline, PlanOutlineVersion, PlanStatus, VersionSource
from clinic.scheduling.models import Appointment, ScreeningLevel


def plan_of(appointment: Appointment) -> PlanOutline | None:
    return db.session.scalar(
        select(PlanOutline).where(PlanOutline.appointment_id == appointment.id)
    )


@dataclass(frozen=True)
class PatientPlan:
    """What the patient is shown: the published plan, or else the generated outline."""

    content: dict[str, Any]
    published: bool
    published_at: datetime | None


def latest(plan: PlanOutline, **where: Any) -> PlanOutlineVersion | None:
    """The newest version whose attributes match `where` (e.g. status=PUBLISHED)."""
    for version in reversed(plan.versions):
        if all(getattr(version, name) == value for name, value in where.items()):
            return version
    return None


def for_patient(appointment: Appointment) -> PatientPlan | None:
    """The patient's view: never a therapist's unpublished draft, and nothing after an
    emergency screening until a therapist publishes a plan."""
    plan = plan_of(appointment)
    if plan is None:
        return None
    published = latest(plan, status=PlanStatus.PUBLISHED)
    if published is not None:
        return PatientPlan(published.content, True, published.created_at)
    if appointment.screening_level == ScreeningLevel.EMERGENCY:
        return None
    generated = latest(plan, source=VersionSource.GENERATOR)
    if generated is None or not generated.content.get("sections"):
        return None
    content = generated.content
    if not _screened(appointment):
        # Self-care advice waits for a clear or inform screening (docs/screening.md).
        kept = [s for s in content["sections"] if s.get("key") != "self_care"]
        content = {**content, "sections": kept}
    return PatientPlan(content, False, None)


def _screened(appointment: Appointment) -> bool:
    return appointment.intake is not None and appointment.intake.screened
