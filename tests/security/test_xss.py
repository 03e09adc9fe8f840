"""XSS (OWASP ASVS 1.2.1): each payload goes into every free-text field a person can type
(names, phone, guardian, intake answers and PSFS activities, plan sections, goals and home
programme, time-off and closure reasons, a cancellation reason, episode notes, questions and
answers, every article field, therapists' names and bios, the email typed at sign-in) and
every view that shows them is read: staff pages, patient pages, the public articles, the
outbox's emails and the invites. In HTML the payload only ever shows as text."""

import re

import pytest
from icalendar import Calendar
from sqlalchemy import select

from clinic.extensions import db
from clinic.intake import services as intake_services
from clinic.intake.models import Intake
from clinic.notifications.models import OutboxMessage
from tests.conftest import csrf_token_from
from tests.security import world as world_module
from tests.security.conftest import signed_in

SECRET = "testing-only-secret-key-not-for-production"
PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)' x='",
    '" autofocus onfocus="alert(1)',
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "</script><script>alert(1)</script>",
    "<iframe src=//evil.example>",
    "{{7*7}}zq{{config.SECRET_KEY}}",
    "{% raw %}zq{{ self }}",
]
#: The start of each tag a payload opens, e.g. "<script>ale" or "<img src=x ": never raw.
OPENING_TAG = re.compile(r"<[a-z][^<]{0,10}")


def _found(html: str, text: str):
    at = html.find(text)
    while at != -1:
        yield at
        at = html.find(text, at + 1)


def inside_a_tag(html: str, at: int) -> bool:
    """True when position `at` is between a tag's < and > (quotes are harmless in text)."""
    return html.rfind("<", 0, at) > html.rfind(">", 0, at)


def html_problems(html: str, payload: str) -> list[str]:
    """How the payload got through as markup, if it did."""
    problems = []
    lowered = html.lower()
    if any(c in payload for c in "<>") and payload in html:
        problems.append("the payload appears unescaped")
    if any(c in payload for c in "\"'") and any(
        inside_a_tag(html, at) for at in _found(html, payload)
    ):
        problems.append("the payload's quotes break out of an attribute")
    if 'href="javascript' in lowered or "href='javascript" in lowered:
        problems.append("a javascript: link")
    for tag in OPENING_TAG.findall(payload):
        if tag in html:
            problems.append(f"{tag!r} from the payload is live markup")
    if "49zq" in html or SECRET in html or "<TemplateReference" in html:
        problems.append("the template ran the payload")
    return problems


def _pages(w, sections: dict[str, list[str]]) -> dict[str, list[str]]:
    """{role: [urls]} for every view showing typed text."""
    day = "date=2026-03-03"
    staff = [
        "/admin/",
        "/admin/outbox",
        "/admin/audit",
        "/admin/staff",
        f"/admin/staff/{w.b.user}",
        "/frontdesk/",
        f"/frontdesk/?{day}",
        f"/frontdesk/week?therapist={w.b.therapist}&{day}",
        f"/frontdesk/sheet?{day}",
        f"/frontdesk/hours?therapist={w.a.therapist}",
        f"/frontdesk/hours/rules/{w.a.rule}/edit",
        "/frontdesk/direct-access",
        f"/frontdesk/appointments/{w.cancelled}",
        "/staff/questions/",
        f"/staff/questions/{w.question}",
        f"/staff/questions/{w.answered}",
        "/staff/articles/",
        f"/staff/articles/{w.article}/edit",
        f"/staff/articles/{w.article}/preview",
        f"/staff/articles/{w.draft}/preview",
        "/staff/content-report",
    ]
    therapist = {"therapist_a": [], "therapist_b": []}
    patient = ["/ask-our-experts/", "/ask-our-experts/knee-clicks", "/ask-our-experts/?q=knee"]
    for name in ("a", "b"):
        side = getattr(w, name)
        appointment, token = side.appointment, side.token
        staff += [
            f"/frontdesk/appointments/{appointment}",
            f"/frontdesk/patients/{side.patient}",
            f"/staff/appointments/{appointment}/intake",
            f"/staff/appointments/{appointment}/plan",
            f"/staff/appointments/{appointment}/plan/versions",
            f"/staff/appointments/{appointment}/plan/versions/2",
            f"/staff/appointments/{appointment}/plan/compare?a=1&b=3",
            f"/therapist/appointments/{appointment}",
        ]
        therapist[f"therapist_{name}"] = [
            "/therapist/",
            f"/therapist/?{day}",
            f"/therapist/week?{day}",
            "/therapist/time-off",
            f"/therapist/appointments/{appointment}",
        ]
        patient += [f"/visit/{token}/", f"/visit/{token}/plan", f"/visit/{token}/intake/"]
        patient += [f"/visit/{token}/reschedule", f"/visit/{token}/intake/urgent"]
        patient += [f"/visit/{token}/intake/{section}" for section in sections[name]]
    return {"admin": staff, "front_desk": staff[5:13], "anonymous": patient, **therapist}


def _echoes(app, payload: str) -> list[tuple[str, str]]:
    """Forms that show what was typed again after a refusal, and the audit of a failed
    sign-in with the typed email (shown on the admin's audit page afterwards)."""
    client = signed_in(app, "anonymous")
    token = csrf_token_from(client.get("/ask-our-experts/ask").get_data(as_text=True))
    asked = client.post(
        "/ask-our-experts/ask",
        data={"csrf_token": token, "name": payload, "email": payload, "question": payload},
    )
    signing_in = client.post(
        "/staff/sign-in", data={"csrf_token": token, "email": payload, "password": "x" * 12}
    )
    desk = signed_in(app, "front_desk")
    search = desk.post("/frontdesk/patients", data={"csrf_token": token, "q": payload[:100]})
    return [
        ("ask form again", asked.get_data(as_text=True)),
        ("sign-in form again", signing_in.get_data(as_text=True)),
        ("patient search", search.get_data(as_text=True)),
    ]


def _calendars(app, w) -> list[tuple[str, bytes]]:
    client = signed_in(app, "anonymous")
    found = []
    for side in (w.a, w.b):
        found.append(("invite.ics", client.get(f"/visit/{side.token}/invite.ics").data))
        found.append(("feed", client.get(f"/feeds/{side.feed_token}.ics").data))
    return found


def section_ids(intake_id: int) -> list[str]:
    intake = db.session.get(Intake, intake_id)
    return [section.id for section in intake_services.question_set_of(intake).sections]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_in_every_field_shows_only_as_text_everywhere(app, payload):
    with app.app_context():
        w = world_module.ids(world_module.build(lambda _field: payload))
        sections = {name: section_ids(getattr(w, name).intake) for name in ("a", "b")}
    failures = []
    for label, html in _echoes(app, payload):
        failures += [f"{label}: {p}" for p in html_problems(html, payload)]
    for role, urls in _pages(w, sections).items():
        client = signed_in(app, role)
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                failures.append(f"{role} GET {url}: {response.status_code}")
            html = response.get_data(as_text=True)
            failures += [f"{role} GET {url}: {p}" for p in html_problems(html, payload)]
    with app.app_context():
        outbox = db.session.scalars(select(OutboxMessage)).all()
        assert len(outbox) >= 7, "confirmations, plans, cancellation and questions"
        for message in outbox:
            failures += [
                f"email {message.kind}: {p}"
                for p in html_problems(message.body_html or "", payload)
            ]
            if "49zq" in message.body_text:
                failures.append(f"email {message.kind} (text): the template ran the payload")
            if message.calendar_ics:
                Calendar.from_ical(message.calendar_ics)  # still one well-formed calendar
    for label, body in _calendars(app, w):
        calendar = Calendar.from_ical(body)
        assert calendar.walk("VEVENT"), label
        if re.search(rb"49zq", body):
            failures.append(f"{label}: the template ran the payload")
    assert not failures, "\n".join(failures)
