"""Plan outlines and every version of them."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.auth.models import User
from clinic.core.model import str_enum
from clinic.extensions import db
from clinic.scheduling.models import Appointment


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class VersionSource(enum.StrEnum):
    #: Made by the generator from the intake; replaced while no therapist has edited the plan.
    GENERATOR = "generator"
    THERAPIST = "therapist"


class PlanOutline(db.Model):
    __tablename__ = "plan_outline"

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointment.id", ondelete="CASCADE"), unique=True
    )
    #: The outline as the generator made it from the intake, kept unchanged.
    generated: Mapped[dict[str, Any]] = mapped_column(default=dict)
    #: The therapist's current text, section by section.
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[PlanStatus] = mapped_column(
        str_enum(PlanStatus, "plan_status"), default=PlanStatus.DRAFT
    )
    published_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]

    appointment: Mapped[Appointment] = relationship()
    versions: Mapped[list["PlanOutlineVersion"]] = relationship(
        back_populates="plan",
        order_by="PlanOutlineVersion.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class PlanOutlineVersion(db.Model):
    __tablename__ = "plan_outline_version"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_outline.id", ondelete="CASCADE"))
    number: Mapped[int]
    content: Mapped[dict[str, Any]]
    status: Mapped[PlanStatus] = mapped_column(str_enum(PlanStatus, "plan_version_status"))
    source: Mapped[VersionSource] = mapped_column(
        str_enum(VersionSource, "plan_version_source"), default=VersionSource.THERAPIST
    )
    #: Staff member who saved this version; empty for the generator's first draft.
    author_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime]

    plan: Mapped[PlanOutline] = relationship(back_populates="versions")
    author: Mapped[User | None] = relationship()
