"""What each booking step shows and does, kept out of the views so they stay thin."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from clinic.booking import doctor_window, flow
from clinic.booking.models import BookingDraft
from clinic.content.models import Article, ArticleStatus
from clinic.core import dates
from clinic.core.numbers import whole_number
from clinic.directaccess import explain
from clinic.extensions import db
from clinic.intake import answers as answer_rules
from clinic.intake import forms as intake_forms
from clinic.intake import history, screening
from clinic.intake.models import ScreeningSource
from clinic.intake.questions import Section
from clinic.practice.models import Location, Therapist
from clinic.scheduling import booking
from clinic.scheduling.free_times import find_free_starts
from clinic.scheduling.models import AppointmentType

WEEK = timedelta(days=7)
LOOK_AHEAD_WEEKS = 8


def evaluation_type() -> AppointmentType:
    kind = db.session.scalar(
        select(AppointmentType)
        .where(AppointmentType.active, AppointmentType.online_bookable)
        .order_by(AppointmentType.id)
        .limit(1)
    )
    if kind is None:
        raise LookupError("No appointment type can be booked online.")
    return kind


def locations() -> list[Location]:
    return list(db.session.scalars(select(Location).where(Location.active).order_by(Location.id)))


def location_choices() -> list[SelectChoice]:
    return [SelectChoice(loc.id, f"{loc.name}, {loc.city}, {loc.state}") for loc in locations()]


def topic_of(args) -> str | None:
    slug = (args.get("topic") or "").strip()[:160]
    if not slug:
        return None
    found = db.session.scalar(
        select(Article.slug).where(Article.slug == slug, Article.status == ArticleStatus.PUBLISHED)
    )
    return found


def reason_defaults(draft: BookingDraft | None, args) -> dict[str, Any]:
    if draft is not None:
        data = draft.data
        return {k: data.get(k) for k in ("region", "words", "duration", "onset")} | {
            "location": data.get("location_id")
        }
    region = args.get("region")
    slug = topic_of(args)
    if slug:
        region = db.session.scalar(select(Article.region).where(Article.slug == slug))
    places = locations()
    return {
        "region": region if region else None,
        "location": places[0].id if len(places) == 1 else None,
    }


def direct_access_notice(location_id: int | None):
    # The form's value may be any integer typed into the request; only an id can name a place.
    location_id = whole_number(location_id) if location_id is not None else None
    location = db.session.get(Location, location_id) if location_id else None
    return explain.for_patient(location.state) if location else None


def all_notices() -> list[tuple[Location, Any]]:
    return [(loc, explain.for_patient(loc.state)) for loc in locations()]


@dataclass
class SafetyOutcome:
    result: screening.ScreeningResult | None = None
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    #: Follow-ups to ask next, as the next page (their answers are not in yet).
    more: bool = False
    #: The section's answers after this page, for showing the page again.
    answers: dict[str, Any] = field(default_factory=dict)


def check_safety(
    draft: BookingDraft, form, section: Section, now: datetime, page: Section | None = None
) -> SafetyOutcome:
    """Read one page of the safety step (`page`, by default the whole `section`), screen the
    answers so far, and record where that leaves the booking: stopped, follow-ups to ask next,
    advice to acknowledge, or done."""
    from flask import request

    page = page or section
    raw = intake_forms.raw_answers(form, request.form)
    read = answer_rules.read_page(
        section.questions, page.questions, draft.data.get("safety", {}), raw
    )
    if read.errors:
        return SafetyOutcome(
            errors=read.errors, message="Some answers need another look.", answers=read.answers
        )
    values = read.answers
    region = draft.data["region"]
    result = screening.screen({**values, "region": region}, region)
    history.keep(result, values, source=ScreeningSource.BOOKING, now=now, draft_ref=draft.id_hash)
    more = bool(read.pending) and not result.stops_booking
    acknowledged = request.form.get("acknowledge") == "yes" and not more
    was_shown = draft.data.get("physician_advice_shown") and draft.data.get("safety") == values
    flow.update(
        draft,
        now,
        safety=values,
        safety_pending=[q.id for q in read.pending] if more else [],
        level=str(result.level),
        urgency=str(result.urgency) if result.urgency else None,
        # Once told to see a doctor today, later answers don't reopen tomorrow morning.
        today_advised=bool(draft.data.get("today_advised"))
        or result.urgency is screening.Urgency.TODAY,
        stopped=result.stops_booking,
        acknowledged=acknowledged,
        physician_advice_shown=result.needs_acknowledgement and not more,
        safety_done=not more
        and not result.stops_booking
        and (acknowledged or not result.needs_acknowledgement),
    )
    message = None
    if result.needs_acknowledgement and not acknowledged and was_shown and not more:
        message = "Please tick the box to confirm you have read the advice, to go on booking."
    return SafetyOutcome(result=result, message=message, more=more, answers=values)


def report_mistake(draft: BookingDraft, now: datetime) -> None:
    """From the stop page: "I answered by mistake". Noted on the result, which stays; the
    patient goes back to the questions with their answers kept."""
    kept = history.latest_for_draft(draft.id_hash)
    if kept is not None:
        history.report_mistake(kept, now)


@dataclass
class TherapistOption:
    therapist: Therapist
    matches: bool
    next_free: datetime | None
    zone: str


def therapist_options(draft: BookingDraft, now: datetime) -> list[TherapistOption]:
    """Therapists at the chosen location: those treating the region first, then by name."""
    location = db.session.get(Location, draft.data["location_id"])
    zone = ZoneInfo(location.timezone)
    today = now.astimezone(zone).date()
    starts = find_free_starts(evaluation_type(), location, today, today + 4 * WEEK, now)
    starts = doctor_window.drop_before(starts, doctor_window.not_before(draft, now))
    people = db.session.scalars(select(Therapist).where(Therapist.id.in_(list(starts))))
    region = draft.data["region"]
    options = [
        TherapistOption(
            t,
            region in (t.specialties or []),
            starts[t.id][0] if starts.get(t.id) else None,
            location.timezone,
        )
        for t in people
    ]
    options.sort(key=lambda o: (not o.matches, o.next_free is None, o.therapist.display_name))
    return options


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(raw: str | None, location_id: int, now: datetime) -> date | None:
    """The Monday of the asked week, kept between this week and the booking horizon."""
    zone = ZoneInfo(db.session.get(Location, location_id).timezone)
    this_week = monday_of(now.astimezone(zone).date())
    if not raw:
        return this_week
    try:
        asked = monday_of(date.fromisoformat(raw))
    except ValueError:
        return None
    return min(max(asked, this_week), this_week + LOOK_AHEAD_WEEKS * WEEK)


@dataclass
class SlotChoice:
    value: str
    label: str
    therapist: str


@dataclass
class Day:
    day: date
    label: str
    slots: list[SlotChoice]


@dataclass
class WeekView:
    zone: str
    zone_label: str
    week: date
    previous: date | None
    next: date | None
    days: list[Day]
    next_free_week: date | None = None
    nearest: list[SlotChoice] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(day.slots for day in self.days)


def _choice(therapist_id: int, start: datetime, zone: ZoneInfo, names: dict[int, str]):
    local = start.astimezone(zone)
    label = local.strftime("%-I:%M %p")
    return SlotChoice(f"{therapist_id}@{start.isoformat()}", label, names.get(therapist_id, ""))


ZONE_NAMES = {
    "America/New_York": "Eastern Time",
    "America/Chicago": "Central Time",
    "America/Denver": "Mountain Time",
    "America/Phoenix": "Mountain Time (Arizona)",
    "America/Los_Angeles": "Pacific Time",
    "America/Anchorage": "Alaska Time",
    "Pacific/Honolulu": "Hawaii Time",
}


def zone_label(zone_name: str, at: datetime) -> str:
    """A zone as people say it, with its abbreviation at `at`: "Central Time (CST)"."""
    name = ZONE_NAMES.get(zone_name, zone_name.replace("_", " ") + " time")
    return f"{name} ({at.astimezone(ZoneInfo(zone_name)).tzname()})"


def describe(slots, location_id: int) -> list[SlotChoice]:
    """Offered times as choices labelled with their day, in the location's zone."""
    zone = ZoneInfo(db.session.get(Location, location_id).timezone)
    names = dict(db.session.execute(select(Therapist.id, Therapist.display_name)).all())
    return [
        SlotChoice(
            f"{s.therapist_id}@{s.start.isoformat()}",
            s.start.astimezone(zone).strftime("%A %B %-d, %-I:%M %p"),
            names.get(s.therapist_id, ""),
        )
        for s in slots
    ]


def week_view(
    location_id: int,
    chosen: str | None,
    week: date,
    now: datetime,
    nearest=None,
    *,
    skip_empty: bool = False,
    earliest: datetime | None = None,
) -> WeekView:
    """A week of free times at a location, for one therapist or ("any") the first free.

    With `skip_empty`, an empty week gives way to the first later week with free times.
    `earliest` leaves out starts before it (a see-a-doctor-today result's window).
    """
    location = db.session.get(Location, location_id)
    zone = ZoneInfo(location.timezone)
    ids = None if chosen in (None, "any") else [int(chosen)]
    kind = evaluation_type()
    starts = find_free_starts(
        kind, location, week, week + timedelta(days=6), now, therapist_ids=ids
    )
    starts = doctor_window.drop_before(starts, earliest)
    names = dict(db.session.execute(select(Therapist.id, Therapist.display_name)).all())
    by_day: dict[date, dict[datetime, SlotChoice]] = {}
    for therapist_id, times in sorted(starts.items()):
        for start in times:
            day = start.astimezone(zone).date()
            # "First available" offers each time once, with the first therapist free then.
            by_day.setdefault(day, {}).setdefault(start, _choice(therapist_id, start, zone, names))
    days = [
        Day(d, d.strftime("%A %B %-d"), [by_day.get(d, {})[t] for t in sorted(by_day.get(d, {}))])
        for d in (week + timedelta(days=n) for n in range(7))
    ]
    this_week = monday_of(now.astimezone(zone).date())
    view = WeekView(
        zone=location.timezone,
        zone_label=zone_label(location.timezone, datetime.combine(week, datetime.min.time(), zone)),
        week=week,
        previous=week - WEEK if week > this_week else None,
        next=week + WEEK if week < this_week + LOOK_AHEAD_WEEKS * WEEK else None,
        days=days,
        nearest=describe(nearest or [], location_id),
    )
    if view.empty and view.next is not None:
        later = find_free_starts(
            kind, location, week + WEEK, this_week + LOOK_AHEAD_WEEKS * WEEK, now, therapist_ids=ids
        )
        later = doctor_window.drop_before(later, earliest)
        firsts = [times[0] for times in later.values() if times]
        if firsts:
            view.next_free_week = monday_of(min(firsts).astimezone(zone).date())
            if skip_empty:
                return week_view(
                    location_id, chosen, view.next_free_week, now, nearest, earliest=earliest
                )
    return view


def parse_slot(value: str | None) -> tuple[int, datetime]:
    """A chosen time as the week page sends it: "<therapist id>@<ISO start>"."""
    therapist_raw, _, start_raw = (value or "").partition("@")
    start = datetime.fromisoformat(start_raw)
    therapist_id = whole_number(therapist_raw, maximum=10**9)
    if start.tzinfo is None or therapist_id is None or not dates.in_range(start.date()):
        raise ValueError("not a time we offered")
    return therapist_id, start


def hold_time(draft: BookingDraft, value: str, now: datetime) -> None:
    """Hold the chosen time for this draft (the same draft moves its hold, never adds one)."""
    therapist_id, start = parse_slot(value)
    doctor_window.check(draft, start, now)
    request = booking.SlotRequest(
        therapist_id, draft.data["location_id"], evaluation_type().id, start
    )
    held = booking.hold(request, nonce=draft.nonce, now=now, topic=draft.data.get("topic"))
    draft.appointment_id = held.id
    flow.update(draft, now)


def held_summary(draft: BookingDraft, now: datetime) -> dict[str, Any] | None:
    appointment = draft.appointment
    if appointment is None:
        return None
    left = (appointment.hold_expires_at - now) if appointment.hold_expires_at else None
    return {
        "appointment": appointment,
        "minutes_left": max(0, int(left.total_seconds() // 60)) if left is not None else None,
    }


def details_defaults(draft: BookingDraft) -> dict[str, Any]:
    saved = dict(draft.data.get("details") or {})
    if saved.get("date_of_birth"):
        saved["date_of_birth"] = date.fromisoformat(saved["date_of_birth"])
    return saved


def check_details(form, draft: BookingDraft, now: datetime) -> bool:
    """Rules the form alone can't know: a real birth date, and a guardian for under-18s."""
    born = form.date_of_birth.data
    zone = ZoneInfo(db.session.get(Location, draft.data["location_id"]).timezone)
    today = now.astimezone(zone).date()
    ok = True
    if born > today:
        form.date_of_birth.errors = ["A date of birth can't be in the future."]
        return False
    if born.year < 1900:
        form.date_of_birth.errors = ["Enter a date of birth after 1900."]
        return False
    if flow.age_on(born, today) < 18:
        if not (form.guardian_name.data or "").strip():
            form.guardian_name.errors = [
                "A parent or guardian must give their name for a patient under 18."
            ]
            ok = False
        if not form.guardian_consent.data:
            form.guardian_consent.errors = [
                "A parent or guardian must consent for a patient under 18."
            ]
            ok = False
    return ok


def too_fast(draft: BookingDraft, now: datetime) -> bool:
    """The details form came back sooner after it was shown than a person can fill it in."""
    from flask import current_app

    shown = draft.data.get("details_shown_at")
    least = timedelta(seconds=current_app.config["BOOKING_MIN_FORM_SECONDS"])
    if not least:
        return False
    return shown is None or now - datetime.fromisoformat(shown) < least


def save_details(draft: BookingDraft, form, now: datetime) -> None:
    flow.update(
        draft,
        now,
        details={
            "first_name": form.first_name.data.strip(),
            "last_name": form.last_name.data.strip(),
            "email": form.email.data.strip().lower(),
            "phone": form.phone.data.strip(),
            "date_of_birth": form.date_of_birth.data.isoformat(),
            "guardian_name": (form.guardian_name.data or "").strip() or None,
        },
    )
