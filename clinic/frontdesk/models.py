"""What the front desk records about a direct-access episode: referrals, sign-offs, notices."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.auth.models import User
from clinic.extensions import db
from clinic.patients.models import Episode

ACTION_KINDS = (
    "progress_check",
    "referral",
    "plan_sign_off",
    "consult",
    "verified",
    "notification",
)


class EpisodeAction(db.Model):
    """One thing a direct-access rule asked for, recorded as done (never edited, only added)."""

    __tablename__ = "episode_action"
    __table_args__ = (
        CheckConstraint(
            "kind IN ({})".format(", ".join(f"'{k}'" for k in ACTION_KINDS)), name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    episode_id: Mapped[int] = mapped_column(
        ForeignKey("episode.id", ondelete="CASCADE"), index=True
    )
    #: One of ACTION_KINDS (clinic.frontdesk.tracker.Kind).
    kind: Mapped[str] = mapped_column(String(30))
    #: For a notification, the duty it fulfils (the rule's wording).
    detail: Mapped[str] = mapped_column(String(200), default="")
    #: The day it was done, which may be before the day it was recorded.
    done_on: Mapped[date]
    #: Who it was sent to or who signed, in staff words; no clinical detail.
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime]

    episode: Mapped[Episode] = relationship()
    recorded_by: Mapped[User | None] = relationship()
