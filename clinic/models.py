"""Every model, imported in one place so the metadata (and Alembic) sees all tables."""

from clinic.alerts.models import CallTask
from clinic.audit.models import AuditEvent
from clinic.auth.models import LoginThrottle, StaffSession, User
from clinic.booking.models import BookingDraft, ManageToken
from clinic.content.models import (
    Article,
    ArticleDailyViews,
    Question,
    QuestionRateLimit,
    SlugRedirect,
)
from clinic.frontdesk.models import EpisodeAction
from clinic.intake.models import Intake, ScreeningRecord
from clinic.invites.models import FeedToken
from clinic.notifications.models import OutboxMessage
from clinic.patients.models import Episode, Patient
from clinic.plans.models import PlanOutline, PlanOutlineVersion
from clinic.practice.models import ClinicSettings, Location, Therapist
from clinic.scheduling.models import (
    Appointment,
    AppointmentType,
    AvailabilityRule,
    SlotClaim,
    TimeOff,
)

__all__ = [
    "Appointment",
    "AppointmentType",
    "Article",
    "ArticleDailyViews",
    "AuditEvent",
    "AvailabilityRule",
    "BookingDraft",
    "CallTask",
    "ClinicSettings",
    "Episode",
    "EpisodeAction",
    "FeedToken",
    "Intake",
    "Location",
    "LoginThrottle",
    "ManageToken",
    "OutboxMessage",
    "Patient",
    "PlanOutline",
    "PlanOutlineVersion",
    "Question",
    "QuestionRateLimit",
    "ScreeningRecord",
    "SlotClaim",
    "SlugRedirect",
    "StaffSession",
    "Therapist",
    "TimeOff",
    "User",
]
