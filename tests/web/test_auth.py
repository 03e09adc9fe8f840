"""Staff sign-in and sign-out, throttling, the audit trail, session lifetime and access by role."""

import html
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from clinic.audit.models import AuditEvent
from clinic.auth.models import Role
from clinic.auth.services import BAD_CREDENTIALS
from clinic.extensions import db
from tests.conftest import AuthActions
from tests.factories import PASSWORD

WRONG_PASSWORD = "not the password at all"
LANDING = {
    Role.ADMIN: "/admin/",
    Role.FRONT_DESK: "/frontdesk/",
    Role.THERAPIST: "/therapist/",
}
ROLES = [pytest.param(role, id=role.value) for role in Role]


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def redirects_to_sign_in(response) -> bool:
    return (
        response.status_code == 302
        and urlsplit(response.headers["Location"]).path == "/staff/sign-in"
    )


def is_signed_in(client) -> bool:
    return not redirects_to_sign_in(client.get("/staff/"))


def client_at(app, address: str):
    """A test client whose requests come from `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def fail_sign_ins(auth: AuthActions, email: str, times: int) -> None:
    for _ in range(times):
        assert auth.sign_in(email, WRONG_PASSWORD).status_code == 401


def audit_rows(app) -> list[dict]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        columns = AuditEvent.__table__.columns
        return [{c.key: getattr(event, c.key) for c in columns} for event in events]


# Landing pages


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lands_on_its_own_page_after_signing_in(auth, client, role):
    email = auth.create(role)

    response = auth.sign_in(email)

    assert response.status_code == 302
    assert response.headers["Location"] == LANDING[role]
    assert client.get(LANDING[role]).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_staff_entry_point_redirects_to_the_roles_page(auth, client, role):
    auth.sign_in_as(role)

    response = client.get("/staff/")

    assert response.status_code == 302
    assert response.headers["Location"] == LANDING[role]


# Refused sign-ins


@pytest.fixture(params=["wrong password", "unknown email", "disabled account"])
def refused_credentials(request, auth) -> tuple[str, str]:
    """An email and password that must not sign anyone in, for each way of being wrong."""
    if request.param == "wrong password":
        return auth.create(Role.FRONT_DESK, email="desk@clinic.example"), WRONG_PASSWORD
    if request.param == "unknown email":
        return "nobody@clinic.example", PASSWORD
    return auth.create(Role.FRONT_DESK, email="former@clinic.example", active=False), PASSWORD


def test_refused_sign_in_gives_the_same_message_and_401_whatever_was_wrong(
    auth, client, refused_credentials
):
    email, password = refused_credentials

    response = auth.sign_in(email, password)

    assert response.status_code == 401
    assert BAD_CREDENTIALS in page_text(response)
    assert not is_signed_in(client)


def test_refused_sign_in_keeps_the_typed_email_in_the_form(auth, refused_credentials):
    email, password = refused_credentials

    response = auth.sign_in(email, password)

    assert f'value="{email}"' in response.get_data(as_text=True)
    assert password not in response.get_data(as_text=True)


def test_sign_in_without_a_csrf_token_answers_400_and_keeps_the_email(auth, client):
    email = auth.create(Role.FRONT_DESK)

    response = client.post("/staff/sign-in", data={"email": email, "password": PASSWORD})

    assert response.status_code == 400
    assert '<form method="post"' in response.get_data(as_text=True)
    assert f'value="{email}"' in response.get_data(as_text=True)
    assert not is_signed_in(client)


# Throttling


def test_account_is_throttled_after_too_many_failures_even_with_the_right_password(
    app, auth, client
):
    email = auth.create(Role.FRONT_DESK)
    fail_sign_ins(auth, email, app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])

    response = auth.sign_in(email, PASSWORD)

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in page_text(response)
    assert not is_signed_in(client)


def test_unknown_email_is_throttled_exactly_like_a_real_account(app, auth):
    email = "nobody@clinic.example"
    fail_sign_ins(auth, email, app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])

    response = auth.sign_in(email, WRONG_PASSWORD)

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in page_text(response)


def test_throttled_account_can_sign_in_again_after_the_window(app, auth, clock):
    email = auth.create(Role.FRONT_DESK)
    fail_sign_ins(auth, email, app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])
    assert auth.sign_in(email).status_code == 429

    clock.advance(seconds=app.config["LOGIN_THROTTLE_WINDOW_SECONDS"] + 1)

    assert auth.sign_in(email).status_code == 302


def test_throttling_one_account_leaves_other_accounts_free_to_sign_in(app, auth):
    throttled = auth.create(Role.FRONT_DESK)
    colleague = auth.create(Role.FRONT_DESK)
    fail_sign_ins(auth, throttled, app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])

    assert auth.sign_in(colleague).status_code == 302


def test_one_address_failing_across_many_emails_is_throttled_for_any_email(app, auth):
    email = auth.create(Role.FRONT_DESK)
    guesser = AuthActions(app, client_at(app, "203.0.113.9"))
    for n in range(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]):
        assert guesser.sign_in(f"guess{n}@clinic.example", WRONG_PASSWORD).status_code == 401

    response = guesser.sign_in(email)

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_address_throttle_does_not_block_other_addresses(app, auth):
    email = auth.create(Role.FRONT_DESK)
    guesser = AuthActions(app, client_at(app, "203.0.113.9"))
    for n in range(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]):
        guesser.sign_in(f"guess{n}@clinic.example", WRONG_PASSWORD)
    assert guesser.sign_in(email).status_code == 429

    colleague = AuthActions(app, client_at(app, "198.51.100.4"))

    assert colleague.sign_in(email).status_code == 302


def test_successful_sign_in_clears_the_accounts_failure_count(app, auth):
    email = auth.create(Role.FRONT_DESK)
    almost = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] - 1
    fail_sign_ins(auth, email, almost)
    assert auth.sign_in(email).status_code == 302
    auth.sign_out()

    fail_sign_ins(auth, email, almost)

    assert auth.sign_in(email).status_code == 302


# Audit trail


def test_failed_sign_in_is_audited_with_the_typed_email(app, auth):
    auth.sign_in("Nobody@Clinic.Example", WRONG_PASSWORD)

    [event] = audit_rows(app)
    assert event["action"] == "auth.sign_in_failed"
    assert event["actor_label"] == "nobody@clinic.example"
    assert event["actor_user_id"] is None


def test_failed_sign_in_never_writes_the_password_to_the_audit_trail(app, auth):
    email = auth.create(Role.FRONT_DESK)

    auth.sign_in(email, WRONG_PASSWORD)

    rows = audit_rows(app)
    assert [row["action"] for row in rows] == ["auth.sign_in_failed"]
    for row in rows:
        for column, value in row.items():
            assert WRONG_PASSWORD not in str(value), column


def test_sign_in_and_sign_out_are_audited_against_the_user(app, auth):
    email = auth.sign_in_as(Role.FRONT_DESK)

    auth.sign_out()

    rows = audit_rows(app)
    assert [row["action"] for row in rows] == ["auth.sign_in", "auth.sign_out"]
    assert {row["actor_label"] for row in rows} == {email}
    assert all(row["actor_user_id"] is not None for row in rows)


# Where a sign-in leads


def test_next_path_on_this_site_is_honoured(auth):
    email = auth.create(Role.ADMIN)

    response = auth.sign_in(email, next_url="/frontdesk/")

    assert response.headers["Location"] == "/frontdesk/"


@pytest.mark.parametrize(
    "next_url",
    [
        pytest.param("//evil.example/", id="protocol-relative"),
        pytest.param("https://evil.example/", id="absolute"),
        pytest.param("/\\evil.example/", id="backslash"),
    ],
)
def test_next_pointing_to_another_site_is_ignored(auth, next_url):
    email = auth.create(Role.ADMIN)

    response = auth.sign_in(email, next_url=next_url)

    assert response.status_code == 302
    assert response.headers["Location"] == LANDING[Role.ADMIN]


# Sign-out and session lifetime


def test_signing_out_ends_the_session_even_for_a_copied_cookie(app, auth, client):
    auth.sign_in_as(Role.FRONT_DESK)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    copied = client.get_cookie(cookie_name).value
    before = app.test_client()
    before.set_cookie(cookie_name, copied)
    assert before.get("/frontdesk/").status_code == 200

    assert auth.sign_out().status_code == 302

    replayed = app.test_client()
    replayed.set_cookie(cookie_name, copied)
    assert redirects_to_sign_in(replayed.get("/frontdesk/"))
    assert redirects_to_sign_in(client.get("/frontdesk/"))


def test_sign_out_by_get_is_not_allowed(auth, client):
    auth.sign_in_as(Role.FRONT_DESK)

    response = client.get("/staff/sign-out")

    assert response.status_code == 405
    assert is_signed_in(client)


def test_session_ends_after_the_idle_timeout(app, auth, client, clock):
    auth.sign_in_as(Role.FRONT_DESK)
    assert client.get("/frontdesk/").status_code == 200

    clock.advance(minutes=app.config["STAFF_IDLE_MINUTES"] + 1)

    assert redirects_to_sign_in(client.get("/frontdesk/"))


def test_activity_within_the_idle_window_keeps_the_session_alive(app, auth, client, clock):
    auth.sign_in_as(Role.FRONT_DESK)
    just_inside = app.config["STAFF_IDLE_MINUTES"] - 1

    clock.advance(minutes=just_inside)
    assert client.get("/frontdesk/").status_code == 200
    clock.advance(minutes=just_inside)

    assert client.get("/frontdesk/").status_code == 200


# Access by role


@pytest.mark.parametrize("path", ["/frontdesk/", "/therapist/", "/admin/"])
def test_anonymous_visitor_is_sent_to_sign_in_and_back(client, path):
    response = client.get(path)

    assert redirects_to_sign_in(response)
    assert parse_qs(urlsplit(response.headers["Location"]).query)["next"] == [path]


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.FRONT_DESK, "/admin/"),
        (Role.FRONT_DESK, "/therapist/"),
        (Role.THERAPIST, "/frontdesk/"),
        (Role.THERAPIST, "/admin/"),
    ],
    ids=lambda value: value.value if isinstance(value, Role) else value,
)
def test_staff_cannot_open_another_roles_pages(auth, client, role, path):
    auth.sign_in_as(role)

    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", ["/admin/", "/frontdesk/"])
def test_admin_can_open_admin_and_front_desk_pages(auth, client, path):
    auth.sign_in_as(Role.ADMIN)

    assert client.get(path).status_code == 200
