"""A clinic with two therapists and one of everything each owns, for the attack catalogue.

Therapist A and therapist B each have a patient, a booked evaluation with its manage link,
an answered intake, a published plan, an episode with a recorded action, time off, a
calendar feed and the emails those things queued. The clinic also has an admin, a front
desk, a closure, a question from the public (one answered), a published and a draft
article, and a cancelled visit of A's with a reason.

Every free-text value a person could type goes through `text(field)`, so the XSS tests can
fill the whole world with one payload and the others get plain words.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from clinic.alerts import services as alerts
from clinic.auth.models import Role
from clinic.booking import flow, tokens, verification
from clinic.content import authoring, questions
from clinic.core import clock
from clinic.demo.intakes import answer
from clinic.extensions import db
from clinic.frontdesk import services as frontdesk
from clinic.intake import services as intake_services
from clinic.intake.questions import Kind
from clinic.invites import feeds
from clinic.notifications import messages
from clinic.patients.models import PossibleSamePatient
from clinic.plans import services as plans
from clinic.plans.content import Submitted
from clinic.plans.reading import plan_of
from clinic.scheduling import booking
from clinic.scheduling.models import ScreeningLevel
from tests import factories

TUESDAY = date(2026, 3, 3)  # the day after the fixed clock's Monday
EMAILS = {
    "admin": "admin@clinic.example",
    "front_desk": "desk@clinic.example",
    "therapist_a": "therapist.a@clinic.example",
    "therapist_b": "therapist.b@clinic.example",
}


def plain(field: str) -> str:
    """Ordinary words for a free-text field, long enough for every length rule."""
    return f"Plain words for the {field.replace('_', ' ')} field"


@dataclass
class Side:
    """What one therapist owns."""

    user: object
    therapist: object
    patient: object
    appointment: object
    token: str
    intake: object
    plan: object
    episode: object
    action: object
    time_off: object
    rule: object
    feed_token: str
    section: str
    messages: list = field(default_factory=list)
    task: object = None
    #: The confirm-by-email link's token of a booking waiting for its code.
    verify_link: str = ""
    #: A "possible same patient" entry pairing the patient with an online booking's record.
    match: object = None


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), ZoneInfo("America/Chicago"))


def _verify_link(name: str, clinic, therapist, hour: int, now: datetime) -> str:
    """A booking held at the code step, and the token of the link its email carries."""
    _, draft = flow.new_draft(now, region="knee", location_id=clinic.location.id)
    held = booking.hold(
        clinic.request(_local(TUESDAY + timedelta(days=7), hour), therapist=therapist),
        nonce=draft.nonce,
        now=now,
    )
    draft.appointment_id = held.id
    email = f"booker.{name}@example.com"
    details = {"first_name": "Sam", "last_name": "Booker", "email": email}
    details |= {"phone": "(312) 555-0199", "date_of_birth": "1990-01-01", "guardian_name": None}
    flow.update(draft, now, details=details)
    verification.send_code(draft, now)
    return factories.emailed_code(email)[1].rsplit("/", 1)[1]


def _possible_twin(patient, now: datetime):
    twin = factories.make_patient(
        first_name="Sam", last_name="Twin", email=patient.email, date_of_birth=patient.date_of_birth
    )
    match = PossibleSamePatient(
        patient_id=twin.id, existing_id=patient.id, reason="Same email", created_at=now
    )
    db.session.add(match)
    db.session.flush()
    return match


def _intake_answers(intake, text: Callable[[str], str]) -> dict:
    """Every free-text question and the PSFS activities filled with `text`."""
    given: dict = {}
    for question in intake_services.question_set_of(intake).questions():
        if question.kind == Kind.TEXT:
            given[question.id] = text(f"intake_{question.id}")[: question.max_length]
        elif question.kind == Kind.ACTIVITIES:
            given[question.id] = [(text(f"psfs_{n}"), str(n + 3)) for n in range(3)]
    return given


def _side(
    name: str, clinic, hour: int, text: Callable[[str], str], now: datetime, region: str
) -> Side:
    user = factories.make_user(Role.THERAPIST, email=EMAILS[f"therapist_{name}"])
    therapist = factories.make_therapist(
        user=user,
        display_name=text(f"therapist_{name}_name"),
        bio=text(f"therapist_{name}_bio"),
        interests=text(f"therapist_{name}_interests")[:300],
    )
    rules = [factories.make_rule(therapist, clinic.location, day) for day in range(5)]
    patient = factories.make_patient(
        first_name=text(f"patient_{name}_first_name")[:100],
        last_name=text(f"patient_{name}_last_name")[:100],
        guardian_name=text(f"patient_{name}_guardian")[:200],
        phone=text(f"patient_{name}_phone")[:40],
    )
    appointment = booking.book(
        clinic.request(_local(TUESDAY, hour), therapist=therapist),
        patient=patient,
        nonce=f"world-{name}",
        now=now,
        actor=None,
    )
    token = tokens.issue(appointment, now)
    intake = intake_services.start(appointment, region, now)
    answer(intake, _intake_answers(intake, text), now)
    plan = plan_of(appointment) or plans.start_blank(appointment, author=user, now=now)
    section_keys = [s["key"] for s in plan.content["sections"]]
    plans.save(
        plan,
        Submitted(
            sections={key: text(f"plan_{key}") for key in section_keys},
            goals=[(text("plan_goal"), "")],
            visits_per_week="2",
            weeks="6",
            home_programme=text("plan_home_programme"),
        ),
        author=user,
        now=now,
        today=now.date(),
    )
    plans.publish(plan, author=user, now=now)
    confirmation = messages.queue("confirmation", appointment, token, now)
    episode = factories.make_episode(patient, clinic.location, TUESDAY - timedelta(days=7))
    action = frontdesk.record_episode_action(
        episode,
        kind="notification",
        done_on=now.date(),
        today=now.date(),
        detail=text("episode_action_detail")[:200],
        note=text("episode_action_note")[:300],
        now=now,
        actor=None,
    )
    time_off = factories.make_time_off(
        _local(date(2026, 3, 20), 8),
        _local(date(2026, 3, 20), 17),
        therapist=therapist,
        reason=text(f"time_off_{name}_reason")[:200],
    )
    return Side(
        user=user,
        therapist=therapist,
        patient=patient,
        appointment=appointment,
        token=token,
        intake=intake,
        plan=plan,
        episode=episode,
        action=action,
        time_off=time_off,
        rule=rules[0],
        feed_token=feeds.rotate(therapist, now),
        section=intake_services.question_set_of(intake).sections[-1].id,
        messages=[confirmation],
        task=alerts.call_patient(appointment, ScreeningLevel.PHYSICIAN, now),
        verify_link=_verify_link(name, clinic, therapist, hour, now),
        match=_possible_twin(patient, now),
    )


def ids(thing):
    """The world as plain values (ids, tokens), usable after its app context has ended."""
    if isinstance(thing, (SimpleNamespace, Side)):
        return SimpleNamespace(**{k: ids(v) for k, v in vars(thing).items()})
    if isinstance(thing, list):
        return [ids(item) for item in thing]
    return getattr(thing, "id", thing)


def build(text: Callable[[str], str] = plain) -> SimpleNamespace:
    """The whole world, committed; call inside an app context and keep only `ids(world)`."""
    now = clock.now()
    clinic = factories.make_bookable_clinic()
    clinic.location.state = "IL"
    admin = factories.make_user(Role.ADMIN, email=EMAILS["admin"])
    desk = factories.make_user(Role.FRONT_DESK, email=EMAILS["front_desk"])
    a = _side("a", clinic, 10, text, now, "low_back")
    b = _side("b", clinic, 11, text, now, "knee")
    cancelled = booking.book(
        clinic.request(_local(TUESDAY, 14), therapist=a.therapist),
        patient=a.patient,
        nonce="world-cancelled",
        now=now,
        actor=None,
    )
    frontdesk.cancel(cancelled, reason=text("cancel_reason"), now=now, actor=desk)
    closure = factories.make_time_off(
        _local(date(2026, 4, 3), 0),
        _local(date(2026, 4, 4), 0),
        location=clinic.location,
        reason=text("closure_reason")[:200],
    )
    asked, answered = (_question(prefix, text, now) for prefix in ("question", "answered"))
    questions.answer(answered, text("question_answer"), a.user, now)
    article = _article("knee-clicks", text, a.therapist.id, now, publish=True)
    draft = _article("draft-hip", text, b.therapist.id, now, publish=False)
    db.session.commit()
    return SimpleNamespace(
        kind=clinic.kind,
        location=clinic.location,
        admin=admin,
        desk=desk,
        a=a,
        b=b,
        cancelled=cancelled,
        closure=closure,
        question=asked,
        answered=answered,
        article=article,
        draft=draft,
    )


def _question(prefix: str, text: Callable[[str], str], now: datetime):
    asked = questions.Asked(
        name=text(f"{prefix}_name")[:120],
        email=f"{prefix}@example.com",
        region="knee",
        body=text(f"{prefix}_body"),
    )
    return questions.receive(asked, now)


def _article(slug, text, author_id, now, publish):
    article = authoring.create(
        authoring.ArticleInput(
            question=text(f"article_{slug}_question")[:300],
            slug=slug,
            summary=text("article_summary")[:500],
            region="knee",
            answer_md=f"Some **Markdown**.\n\n{text('article_answer')}\n\nMore words.",
            reviewed_on=date(2026, 2, 1),
            author_id=author_id,
            tags=[text("article_tag")[:40]],
            key_points=[text("article_key_point")],
            see_doctor_if=[text("article_see_doctor_if")],
        ),
        now,
    )
    if publish:
        authoring.publish(article, now)
    return article
