"""The clinic's settings, its locations and its therapists."""

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.auth.models import User
from clinic.extensions import db


class ClinicSettings(db.Model):
    """The single row of clinic-wide settings, including the booking policy."""

    __tablename__ = "clinic_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("slot_grid_minutes IN (5, 10, 15, 20, 30, 60)", name="grid"),
        CheckConstraint("min_notice_minutes >= 0", name="notice"),
        CheckConstraint("horizon_days > 0", name="horizon"),
        CheckConstraint("hold_minutes > 0", name="hold"),
        CheckConstraint("cancel_cutoff_hours >= 0", name="cutoff"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(254))
    #: Length of one cell of the booking grid; every start time falls on it.
    slot_grid_minutes: Mapped[int] = mapped_column(default=15)
    #: Online bookings must start at least this long after "now".
    min_notice_minutes: Mapped[int] = mapped_column(default=120)
    #: How many days ahead online booking reaches.
    horizon_days: Mapped[int] = mapped_column(default=60)
    #: How long a chosen time is held while the patient finishes booking.
    hold_minutes: Mapped[int] = mapped_column(default=10)
    #: Patients may cancel online until this many hours before the visit; after, they call.
    cancel_cutoff_hours: Mapped[int] = mapped_column(default=24)


class Location(db.Model):
    __tablename__ = "location"
    __table_args__ = (CheckConstraint("length(state) = 2", name="state_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    street: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    #: Two-letter US state code; selects the direct-access rule that applies.
    state: Mapped[str] = mapped_column(String(2))
    postal_code: Mapped[str] = mapped_column(String(10))
    phone: Mapped[str] = mapped_column(String(40))
    #: IANA time zone name, e.g. America/Chicago; times are shown and computed in it.
    timezone: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def address(self) -> str:
        return f"{self.street}, {self.city}, {self.state} {self.postal_code}"


class Therapist(db.Model):
    __tablename__ = "therapist"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), unique=True
    )
    display_name: Mapped[str] = mapped_column(String(120))
    #: Post-nominal letters as the therapist writes them, e.g. "PT, DPT, OCS".
    credentials: Mapped[str] = mapped_column(String(80))
    bio: Mapped[str] = mapped_column(Text, default="")
    #: Body-region codes from clinic.core.regions that this therapist treats by preference.
    specialties: Mapped[list[str]] = mapped_column(default=list)
    interests: Mapped[str] = mapped_column(String(300), default="")
    accepts_new_patients: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)

    user: Mapped[User | None] = relationship()

    @property
    def full_title(self) -> str:
        return f"{self.display_name}, {self.credentials}"
