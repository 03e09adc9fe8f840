""" "How can we help you today?" and the staff side: the inbox, private answers, drafts made
from questions, the editor with its preview, publishing, and the admin's report."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from clinic.auth.models import Role
from clinic.content.models import Article, ArticleStatus, Question, QuestionStatus
from clinic.notifications.models import OutboxMessage
from clinic.scheduling.models import AppointmentStatus
from tests import factories
from tests.conftest import csrf_token_from
from tests.unit.test_content_rendering import XSS_PAYLOADS, assert_escaped, assert_inert
from tests.web.test_content_views import write_article

GOOD = {
    "name": "Robin",
    "email": "robin@example.com",
    "region": "mid_upper_back",
    "question": "I heard a pop in my back during a heavy squat. Should I be worried?",
}


def ask(client, **changes):
    token = csrf_token_from(client.get("/ask-our-experts/ask").get_data(as_text=True))
    return client.post("/ask-our-experts/ask", data={"csrf_token": token, **GOOD, **changes})


def questions(db_session):
    db_session.expire_all()
    return db_session.scalars(select(Question)).all()


def outbox(db_session):
    db_session.expire_all()
    return db_session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_form_has_labels_and_a_hidden_honeypot(client, app):
    html = client.get("/ask-our-experts/ask").get_data(as_text=True)
    assert "<h1>How can we help you today?</h1>" in html
    for name in ("name", "email", "region", "question", "website"):
        assert f'<label for="{name}">' in html
    assert 'class="hp-field" aria-hidden="true"' in html and 'tabindex="-1"' in html


def test_asking_keeps_the_question_and_sends_an_acknowledgement(client, db_session):
    response = ask(client)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/ask-our-experts/ask/thanks")
    (question,) = questions(db_session)
    assert (question.name, question.region, question.status) == (
        "Robin", "mid_upper_back", QuestionStatus.NEW
    )  # fmt: skip
    (message,) = outbox(db_session)
    assert message.kind == "question_received" and message.recipient == "robin@example.com"
    assert message.subject == "We received your question: Test Clinic PT"
    assert "squat" not in message.body_text and "back" not in message.subject.lower()


def test_honeypot_is_dropped_silently_with_the_same_answer(client, db_session):
    normal = ask(client, email="a@example.com")
    robot = ask(client, email="b@example.com", website="https://spam.example")
    assert (robot.status_code, robot.headers["Location"]) == (
        normal.status_code, normal.headers["Location"]
    )  # fmt: skip
    assert [q.email for q in questions(db_session)] == ["a@example.com"]
    assert len(outbox(db_session)) == 1


def test_over_long_question_is_refused_and_kept(client, db_session):
    text = "Why does it hurt? " * 120
    response = ask(client, question=text)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Please write between 20 and 2,000 characters." in html
    assert 'aria-describedby="question-hint question-error"' in html
    assert text.strip() in html and 'value="Robin"' in html
    assert questions(db_session) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Tell us what to call you."),
        ({"email": "not-an-email"}, "Enter an email address like name@example.com."),
        ({"question": "Hurts?"}, "Please write between 20 and 2,000 characters."),
        ({"name": "n" * 121}, "Please keep your name under 120 characters."),
        ({"region": "spleen"}, "Not a valid choice."),
    ],
)
def test_bad_input_is_named_and_what_was_typed_stays(client, db_session, changes, message):
    response = ask(client, **changes)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert (message in html and "I heard a pop in my back" in html) or "Hurts?" in html
    assert questions(db_session) == []


def test_missing_csrf_token_shows_the_form_again_with_the_text(client, db_session):
    response = client.post("/ask-our-experts/ask", data=GOOD)
    assert response.status_code == 400
    assert "I heard a pop in my back" in response.get_data(as_text=True)
    assert questions(db_session) == []


def test_rate_limit_answers_429_with_retry_after_and_keeps_the_text(client, db_session):
    for n in range(5):
        assert ask(client, email=f"p{n}@example.com").status_code == 302
    response = ask(client, question="One more question about my sore shoulder, please.")
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 3600
    html = response.get_data(as_text=True)
    assert "Please try again later." in html and "One more question about my sore shoulder" in html
    assert len(questions(db_session)) == 5


def test_rate_limit_stores_no_client_address(client, db_session):
    from clinic.content.models import QuestionRateLimit

    ask(client)
    (row,) = db_session.scalars(select(QuestionRateLimit)).all()
    assert "127.0.0.1" not in row.key and len(row.key) == 64


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_the_form_are_inert_in_the_inbox_and_emails(client, auth, db_session, payload):
    ask(client, name=payload[:120], question=f"Question text long enough: {payload}")
    auth.sign_in_as(Role.THERAPIST)
    (question,) = questions(db_session)
    for html in (
        client.get("/staff/questions/").get_data(as_text=True),
        client.get(f"/staff/questions/{question.id}").get_data(as_text=True),
    ):
        assert_escaped(html, payload)
    page = client.get(f"/staff/questions/{question.id}").get_data(as_text=True)
    client.post(
        f"/staff/questions/{question.id}",
        data={"csrf_token": csrf_token_from(page), "answer": f"Thanks. {payload}"},
    )
    messages = outbox(db_session)
    assert [m.kind for m in messages] == ["question_received", "question_answered"]
    for message in messages:
        assert_escaped(message.body_html, payload)
        assert "<" not in message.subject


def test_the_inbox_is_for_therapists_and_admins_only(client, auth, app):
    assert client.get("/staff/questions/").status_code == 302  # to sign in
    auth.sign_in_as(Role.FRONT_DESK)
    assert client.get("/staff/questions/").status_code == 403
    assert client.get("/staff/articles/").status_code == 403


def test_a_therapist_answers_privately_by_email(client, auth, db_session):
    ask(client)
    auth.sign_in_as(Role.THERAPIST)
    (question,) = questions(db_session)
    inbox = client.get("/staff/questions/").get_data(as_text=True)
    assert "I heard a pop in my back" in inbox
    page = client.get(f"/staff/questions/{question.id}").get_data(as_text=True)
    empty = client.post(
        f"/staff/questions/{question.id}", data={"csrf_token": csrf_token_from(page), "answer": ""}
    )
    assert empty.status_code == 400 and "Write the answer before sending it." in empty.get_data(
        as_text=True
    )
    response = client.post(
        f"/staff/questions/{question.id}",
        data={"csrf_token": csrf_token_from(page), "answer": "Keep moving gently.\n\nBuild up."},
    )
    assert response.status_code == 302
    (question,) = questions(db_session)
    assert question.status == QuestionStatus.ANSWERED and question.answer.startswith("Keep")
    answered = outbox(db_session)[-1]
    assert answered.kind == "question_answered"
    assert answered.subject == "Your question to Test Clinic PT has been answered"
    assert "Keep moving gently." in answered.body_text and "PT, DPT" in answered.body_text
    again = client.post(
        f"/staff/questions/{question.id}",
        data={"csrf_token": csrf_token_from(page), "answer": "Twice"},
    )
    assert again.status_code == 302 and len(outbox(db_session)) == 2


def test_a_question_becomes_a_draft_without_the_askers_name(client, auth, db_session):
    ask(client, name="Robin Quillfeather")
    auth.sign_in_as(Role.THERAPIST)
    (question,) = questions(db_session)
    page = client.get(f"/staff/questions/{question.id}").get_data(as_text=True)
    response = client.post(
        f"/staff/questions/{question.id}/draft", data={"csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 302
    db_session.expire_all()
    article = db_session.scalar(select(Article))
    assert article.status == ArticleStatus.DRAFT and article.question == GOOD["question"]
    assert "Quillfeather" not in repr(vars(article)) and "robin@" not in repr(vars(article))
    assert client.get(f"/ask-our-experts/{article.slug}").status_code == 404
    assert questions(db_session)[0].status == QuestionStatus.DRAFTED


def editor_data(page: str, **changes) -> dict:
    return {
        "csrf_token": csrf_token_from(page),
        "question": "Why does my back pop when I lift?",
        "slug": "",
        "summary": "Pops are common.",
        "region": "low_back",
        "tags": "lifting, noises",
        "key_points": "Noise is not damage\nKeep moving",
        "answer_md": "Joints make **noise**.",
        "see_doctor_if": "Numbness in the groin",
        "author": "0",
        "reviewed_on": "2026-03-01",
        "action": "save",
    } | changes


def test_editor_previews_saves_and_publishes(client, auth, db_session):
    auth.sign_in_as(Role.THERAPIST)
    page = client.get("/staff/articles/new").get_data(as_text=True)
    preview = client.post(
        "/staff/articles/new",
        data=editor_data(page, action="preview", answer_md="Hi <script>x()</script> **b**"),
    )
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "<strong>b</strong>" in html
    assert "<script>x()" not in html and db_session.scalar(select(Article)) is None
    saved = client.post("/staff/articles/new", data=editor_data(page))
    assert saved.status_code == 302
    article = db_session.scalar(select(Article))
    assert article.slug == "why-back-pop-when-lift" and article.author_id is None
    editor = client.get(f"/staff/articles/{article.id}/edit").get_data(as_text=True)
    assert 'value="lifting, noises"' in editor and "Noise is not damage\nKeep moving" in editor
    refused = client.post(
        f"/staff/articles/{article.id}/publish", data={"csrf_token": csrf_token_from(page)}
    )
    assert "Before publishing, add an author." in client.get(refused.headers["Location"]).get_data(
        as_text=True
    )
    therapist_id = db_session.scalar(select(Article.author_id))  # still none
    assert therapist_id is None


def test_editor_refuses_a_taken_slug_and_keeps_the_text(client, auth, db_session):
    write_article("knee-clicks")
    db_session.commit()
    auth.sign_in_as(Role.ADMIN)
    page = client.get("/staff/articles/new").get_data(as_text=True)
    response = client.post("/staff/articles/new", data=editor_data(page, slug="knee-clicks"))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Another article already uses the web address" in html
    assert "Joints make **noise**." in html
    bad = client.post("/staff/articles/new", data=editor_data(page, slug="Not A Slug"))
    assert bad.status_code == 422 and "single hyphens" in bad.get_data(as_text=True)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_payloads_are_inert_on_the_public_page(client, db_session, payload):
    factories.make_location()
    write_article("xss", answer_md=f"Intro.\n\n{payload}\n\nEnd.")
    db_session.commit()
    html = client.get("/ask-our-experts/xss").get_data(as_text=True)
    answer = html.split('<section class="qa-answer"', 1)[1].split("</section>", 1)[0]
    assert_inert(answer)
    assert "Intro." in answer and "End." in answer
    assert html.count("<script") == 1  # the JSON-LD, and nothing else


def test_report_shows_views_and_bookings_to_admins_only(client, auth, db_session):
    clinic = factories.make_bookable_clinic()
    article = write_article("knee-clicks")
    when = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
    for n, status in enumerate(
        (AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED, AppointmentStatus.HELD)
    ):
        factories.make_appointment(
            clinic.therapist, clinic.location, clinic.kind, when.replace(hour=14 + 2 * n),
            topic="knee-clicks", status=status,
        )  # fmt: skip
    db_session.commit()
    client.get("/ask-our-experts/knee-clicks")
    client.get("/ask-our-experts/knee-clicks")
    auth.sign_in_as(Role.THERAPIST)
    assert client.get("/staff/content-report").status_code == 403
    auth.sign_out()
    auth.sign_in_as(Role.ADMIN)
    html = client.get("/staff/content-report").get_data(as_text=True)
    row = html[html.index(article.question) :]
    cells = [c.strip() for c in row.split("</tr>")[0].split('<td class="num">')[1:]]
    assert [c.split("<")[0] for c in cells] == ["2", "1", "50.0%"]
    assert "/staff/content-report" in client.get("/admin/").get_data(as_text=True)
