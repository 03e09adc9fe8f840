"""Forged, expired and reused tokens (manage links, feeds, booking drafts, the confirm step),
user enumeration by message or by work done, and a session cookie replayed after sign-out.

There are no password-reset tokens: staff passwords are set by an admin (docs/operations.md).
Forged manage and feed tokens on every route are in test_idor.py.
"""

import pytest
from sqlalchemy import func, select

from clinic.auth import passwords
from clinic.booking import tokens
from clinic.extensions import db
from clinic.invites import feeds
from clinic.practice.models import Therapist
from clinic.scheduling.models import Appointment, AppointmentStatus
from tests import factories
from tests.conftest import AuthActions
from tests.security.conftest import csrf_token, signed_in
from tests.security.world import EMAILS
from tests.web.test_booking_flow import DETAILS as BOOKING_DETAILS
from tests.web.test_booking_flow import SAFE_LOW_BACK, first_slot, post, reason


def manage_urls(token: str) -> list[str]:
    return [f"/visit/{token}/{tail}" for tail in
            ("", "plan", "invite.ics", "reschedule", "intake/", "intake/urgent")]  # fmt: skip


def test_an_expired_manage_link_is_404_everywhere(app, world, clock):
    client = signed_in(app, "anonymous")
    assert all(client.get(url).status_code == 200 for url in manage_urls(world.b.token))
    clock.advance(days=32)  # the visit ended on 3 March; links live 30 days after it
    answers = {url: client.get(url).status_code for url in manage_urls(world.b.token)}
    answers["cancel"] = client.post(
        f"/visit/{world.b.token}/cancel", data={"csrf_token": csrf_token(client)}
    ).status_code
    assert set(answers.values()) == {404}, answers


def test_a_revoked_manage_link_is_404_and_a_cancelled_visit_cannot_be_changed(app, world, clock):
    client = signed_in(app, "anonymous")
    url = f"/visit/{world.a.token}/"
    assert client.post(url + "cancel", data={"csrf_token": csrf_token(client)}).status_code == 302
    # Reused after cancelling: it opens only "this visit was cancelled, book again".
    for page in manage_urls(world.a.token):
        response = client.get(page)
        assert response.status_code == 410, page
        assert "This visit was cancelled" in response.get_data(as_text=True)
    with app.app_context():
        tokens.revoke_all(db.session.get(Appointment, world.a.appointment), clock.now())
        db.session.commit()
    assert {client.get(u).status_code for u in manage_urls(world.a.token)} == {404}


def test_a_rotated_or_revoked_feed_token_is_404(app, world, clock):
    client = signed_in(app, "anonymous")
    old = f"/feeds/{world.b.feed_token}.ics"
    assert client.get(old).status_code == 200
    with app.app_context():
        therapist = db.session.get(Therapist, world.b.therapist)
        new = f"/feeds/{feeds.rotate(therapist, clock.now())}.ics"
        db.session.commit()
    assert (client.get(old).status_code, client.get(new).status_code) == (404, 200)
    with app.app_context():
        feeds.revoke(db.session.get(Therapist, world.b.therapist), clock.now())
        db.session.commit()
    assert client.get(new).status_code == 404


def test_a_manage_token_is_no_feed_token_and_the_reverse(app, world):
    client = signed_in(app, "anonymous")
    assert client.get(f"/feeds/{world.b.token}.ics").status_code == 404
    assert client.get(f"/visit/{world.b.feed_token}/").status_code == 404


@pytest.mark.parametrize("draft_id", ["forged", "0" * 43, "../../etc", ""])
def test_a_forged_booking_draft_id_starts_a_new_booking(app, world, draft_id):
    client = signed_in(app, "anonymous")
    with client.session_transaction() as session:
        session["booking_draft"] = draft_id
    for step in ("safety", "therapist", "time", "details", "review", "done"):
        response = client.get(f"/book/{step}")
        assert response.status_code == 302 and response.headers["Location"].endswith("/book")


def _to_review(client, clinic):
    reason(client, clinic)
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    post(client, "/book/time", {"slot": first_slot(client)})
    assert post(client, "/book/details", BOOKING_DETAILS).status_code == 302


def _booked(db_session) -> int:
    db_session.expire_all()
    query = select(func.count()).select_from(Appointment)
    return db_session.scalar(query.where(Appointment.status == AppointmentStatus.BOOKED))


def test_a_replayed_confirmation_books_once(client, clinic, db_session):
    _to_review(client, clinic)
    first = factories.confirm_booking_by_email(client)
    for url in ("/book/review", "/book/verify"):
        replay = post(client, url, {"code": "000000"})
        assert first.headers["Location"] == replay.headers["Location"]
        assert replay.headers["Location"].endswith("/book/done") and _booked(db_session) == 1


def test_a_draft_copied_into_another_browser_after_confirming_books_nothing_more(
    app, client, clinic, db_session
):
    _to_review(client, clinic)
    name = app.config["SESSION_COOKIE_NAME"]
    copy = app.test_client()
    copy.set_cookie(name, client.get_cookie(name).value)
    factories.confirm_booking_by_email(client)
    assert post(copy, "/book/review", {}).headers["Location"].endswith("/book/done")
    assert _booked(db_session) == 1


def test_an_expired_draft_is_gone(client, clinic, clock):
    _to_review(client, clinic)
    clock.advance(hours=7)  # drafts expire six hours after their last change
    response = client.get("/book/review")
    assert response.status_code == 302 and response.headers["Location"].endswith("/book")


@pytest.fixture
def hash_checks(monkeypatch):
    calls = []
    real = passwords.check_password_hash

    def counted(stored, given):
        calls.append(stored)
        return real(stored, given)

    monkeypatch.setattr(passwords, "check_password_hash", counted)
    return calls


def test_sign_in_says_the_same_and_does_the_same_work_for_an_unknown_email(app, world, hash_checks):
    client = signed_in(app, "anonymous")
    auth = AuthActions(app, client)
    wrong = auth.sign_in(EMAILS["front_desk"], "a wrong password, long enough")
    after_wrong = list(hash_checks)
    unknown = auth.sign_in("nobody@clinic.example", "a wrong password, long enough")
    after_unknown = hash_checks[len(after_wrong) :]
    assert wrong.status_code == unknown.status_code == 401

    def error_of(response) -> str:
        html = response.get_data(as_text=True)
        start = html.index('role="alert"')
        return html[start : html.index("</div>", start)]

    assert error_of(wrong) == error_of(unknown)
    assert "match an active staff account" in error_of(wrong)
    assert len(after_wrong) == len(after_unknown) == 1
    # The stand-in hash costs what a real one does: same method and parameters.
    assert after_unknown[0].split("$")[0] == after_wrong[0].split("$")[0]


@pytest.mark.parametrize("role", ["admin", "front_desk", "therapist_a"])
def test_a_copied_session_cookie_stops_working_when_its_owner_signs_out(app, world, role):
    first = signed_in(app, role)
    name = app.config["SESSION_COOKIE_NAME"]
    second = app.test_client()
    second.set_cookie(name, first.get_cookie(name).value)
    home = {"admin": "/admin/", "front_desk": "/frontdesk/", "therapist_a": "/therapist/"}[role]
    assert second.get(home).status_code == 200
    token = csrf_token(first)
    assert first.post("/staff/sign-out", data={"csrf_token": token}).status_code == 302
    replayed = second.get(home)
    assert replayed.status_code == 302 and "/staff/sign-in" in replayed.headers["Location"]
