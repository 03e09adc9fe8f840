"""A task on the front desk's console: call this patient, shown until someone acknowledges it."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.auth.models import User
from clinic.core.model import str_enum
from clinic.extensions import db
from clinic.scheduling.models import Appointment, ScreeningLevel


class CallTask(db.Model):
    """Call the patient of `appointment`: a warning was given on an existing booking."""

    __tablename__ = "call_task"
    __table_args__ = (
        # One open task per booking, whatever the race: a second insert fails and the
        # service falls back to the open one.
        Index(
            "uq_call_task_open",
            "appointment_id",
            unique=True,
            sqlite_where=text("acknowledged_at IS NULL"),
            postgresql_where=text("acknowledged_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointment.id", ondelete="CASCADE"), index=True
    )
    #: The level that raised it (physician or emergency); the front desk sees levels only.
    level: Mapped[ScreeningLevel] = mapped_column(str_enum(ScreeningLevel, "call_task_level"))
    created_at: Mapped[datetime]
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: The name the person gave when acknowledging (accounts may be shared at a desk).
    acknowledged_name: Mapped[str | None] = mapped_column(String(120))

    appointment: Mapped[Appointment] = relationship()
    acknowledged_by: Mapped[User | None] = relationship()

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None
