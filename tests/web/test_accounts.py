"""Accounts: session lifetime and server-side ending, My account (own password) and the admin's
staff accounts page (create, change role, disable, enable), each re-asking a password."""

import html

import pytest
from sqlalchemy import select

from clinic import create_app
from clinic.audit.models import AuditEvent
from clinic.auth import accounts
from clinic.auth.models import Role, User
from clinic.extensions import db
from clinic.practice.models import Therapist
from tests import factories
from tests.conftest import AuthActions, csrf_token_from
from tests.factories import PASSWORD

NEW_PASSWORD = "a brand new passphrase for spring"
WRONG = "certainly not my password"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def signed_in(client) -> bool:
    response = client.get("/staff/")
    return "/staff/sign-in" not in response.headers.get("Location", "/staff/sign-in")


def post_form(client, url: str, data: dict, prefix: str = "", csrf: bool = True):
    """POST like the browser would: with a valid CSRF token taken from a page."""
    payload = dict(data)
    if csrf:
        token = csrf_token_from(client.get("/staff/account").get_data(as_text=True))
        payload[f"{prefix}csrf_token"] = token
    return client.post(url, data=payload)


def copy_of_session(app, client):
    """A second browser holding a copy of this one's session cookie."""
    name = app.config["SESSION_COOKIE_NAME"]
    other = app.test_client()
    other.set_cookie(name, client.get_cookie(name).value)
    return other


def user_row(app, email: str) -> dict:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return {"id": user.id, "role": user.role, "active": user.active, "hash": user.password_hash}


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def last_event(app, action: str) -> AuditEvent:
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
        ).first()
        db.session.expunge(event)
        return event


@pytest.fixture
def admin(auth) -> str:
    return auth.sign_in_as(Role.ADMIN)


@pytest.fixture
def colleague(app, auth):
    """A front-desk colleague signed in in their own browser."""
    email = auth.create(Role.FRONT_DESK)
    browser = AuthActions(app, app.test_client())
    assert browser.sign_in(email).status_code == 302
    return email, browser._client


# Session lifetime and cookies


def test_session_ends_after_the_absolute_timeout_even_while_in_use(app, auth, client, clock):
    auth.sign_in_as(Role.FRONT_DESK)
    step = app.config["STAFF_IDLE_MINUTES"] - 1
    elapsed = 0
    while elapsed + step < app.config["STAFF_ABSOLUTE_HOURS"] * 60:
        clock.advance(minutes=step)
        elapsed += step
        assert client.get("/frontdesk/").status_code == 200, f"ended early at {elapsed} min"

    clock.advance(minutes=step)

    assert client.get("/frontdesk/").status_code == 302


def test_production_cookies_are_secure_httponly_and_samesite_lax(database_url):
    app = create_app(
        {
            "CLINIC_ENV": "production",
            "SECRET_KEY": "x" * 48,
            "PUBLIC_BASE_URL": "https://clinic.example",
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
    )
    with app.app_context():
        factories.make_settings()
        email = factories.make_user(Role.FRONT_DESK).email
        db.session.commit()
    client = app.test_client()
    page = client.get("/staff/sign-in", base_url="https://clinic.example")
    token = csrf_token_from(page.get_data(as_text=True))

    response = client.post(
        "/staff/sign-in",
        base_url="https://clinic.example",
        headers={"Referer": "https://clinic.example/staff/sign-in"},
        data={"email": email, "password": PASSWORD, "csrf_token": token},
    )

    assert response.status_code == 302
    cookies = {c.partition("=")[0]: c for c in response.headers.getlist("Set-Cookie")}
    # The session, and the mark of a browser that signed in recently (clinic.auth.devices).
    assert set(cookies) == {app.config["SESSION_COOKIE_NAME"], "__Host-clinic_browser"}
    for cookie in cookies.values():
        for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
            assert flag in cookie, cookie
        assert "Domain=" not in cookie
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_development_cookies_are_httponly_and_samesite_lax(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


# My account: changing one's own password


def change_password(client, current=PASSWORD, new=NEW_PASSWORD, again=None, csrf=True):
    return post_form(
        client,
        "/staff/account",
        {
            "current_password": current,
            "new_password": new,
            "new_password_again": new if again is None else again,
        },
        csrf=csrf,
    )


def test_my_account_page_asks_for_the_current_password_and_the_new_one_twice(auth, client):
    auth.sign_in_as(Role.THERAPIST)

    page = client.get("/staff/account")

    assert page.status_code == 200
    body = page.get_data(as_text=True)
    for name in ("current_password", "new_password", "new_password_again"):
        assert f'name="{name}"' in body
    assert 'href="/staff/account"' in body  # the nav link for signed-in staff
    assert "At least 12 characters" in text(page)


def test_my_account_needs_a_signed_in_user(client):
    response = client.get("/staff/account")

    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_changing_the_password_ends_other_sessions_but_keeps_this_one(app, auth, client):
    email = auth.sign_in_as(Role.FRONT_DESK)
    copied = copy_of_session(app, client)
    assert copied.get("/frontdesk/").status_code == 200

    response = change_password(client)

    assert response.status_code == 302
    assert "Your password has been changed" in text(client.get("/staff/account"))
    assert copied.get("/frontdesk/").status_code == 302  # the copied cookie is dead
    assert client.get("/frontdesk/").status_code == 200  # this browser has a fresh session
    fresh = AuthActions(app, app.test_client())
    assert fresh.sign_in(email, PASSWORD).status_code == 401
    assert fresh.sign_in(email, NEW_PASSWORD).status_code == 302
    event = last_event(app, "auth.password_change")
    assert event.actor_label == email and event.details["sessions_ended"] == 1


def test_wrong_current_password_changes_nothing_and_is_audited(app, auth, client):
    email = auth.sign_in_as(Role.FRONT_DESK)
    before = user_row(app, email)["hash"]

    response = change_password(client, current=WRONG)

    assert response.status_code == 401
    assert accounts.REAUTH_REFUSED in text(response)
    assert WRONG not in text(response) and NEW_PASSWORD not in text(response)
    assert user_row(app, email)["hash"] == before
    assert actions(app)[-1] == "auth.reauth_failed"
    assert signed_in(client)


def test_repeated_wrong_current_passwords_are_throttled(app, auth, client):
    auth.sign_in_as(Role.FRONT_DESK)
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        assert change_password(client, current=WRONG).status_code == 401

    response = change_password(client)

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in text(response)


@pytest.mark.parametrize(
    ("new", "again", "status", "message"),
    [
        pytest.param(
            NEW_PASSWORD,
            "something else entirely",
            400,
            "The two passwords don't match.",
            id="mismatch",
        ),
        pytest.param("short one", None, 400, "Use between 12 and 128 characters.", id="too-short"),
        pytest.param("", None, 400, "Enter the new password.", id="empty"),
        pytest.param("aaaaaaaaaaaaaaaa", None, 422, "more variety", id="no-variety"),
        pytest.param(PASSWORD, None, 422, "different from your current one", id="unchanged"),
    ],
)
def test_a_bad_new_password_is_refused_with_a_clear_message(
    app, auth, client, new, again, status, message
):
    email = auth.sign_in_as(Role.FRONT_DESK)
    before = user_row(app, email)["hash"]

    response = change_password(client, new=new, again=again)

    assert response.status_code == status
    assert message in text(response)
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert user_row(app, email)["hash"] == before
    if new:
        assert new not in response.get_data(as_text=True)


def test_password_change_without_a_csrf_token_answers_400_and_changes_nothing(app, auth, client):
    email = auth.sign_in_as(Role.FRONT_DESK)
    before = user_row(app, email)["hash"]

    response = change_password(client, csrf=False)

    assert response.status_code == 400
    assert "This form expired" in text(response)
    assert user_row(app, email)["hash"] == before


# Staff accounts: the list


def test_staff_page_lists_every_account_with_role_and_status(app, auth, client, admin):
    disabled = auth.create(Role.THERAPIST, email="former@clinic.example", active=False)

    response = client.get("/admin/staff")

    assert response.status_code == 200
    body = text(response)
    assert admin in body and disabled in body
    assert "Administrator" in body and "Therapist" in body and "Disabled" in body


@pytest.mark.parametrize("role", [Role.FRONT_DESK, Role.THERAPIST], ids=lambda r: r.value)
@pytest.mark.parametrize("path", ["/admin/staff", "/admin/staff/new", "/admin/audit"])
def test_staff_accounts_and_audit_log_are_for_admins_only(auth, client, role, path):
    auth.sign_in_as(role)

    assert client.get(path).status_code == 403


def test_unknown_staff_member_is_404(client, admin):
    assert client.get("/admin/staff/999999").status_code == 404
    assert client.get("/admin/staff/nope").status_code == 404


# Creating an account


def new_staff(client, csrf=True, **fields):
    data = {
        "email": "new.person@clinic.example",
        "role": "front_desk",
        "therapist_profile": "new",
        "display_name": "",
        "credentials": "",
        "new_password": NEW_PASSWORD,
        "new_password_again": NEW_PASSWORD,
        "current_password": PASSWORD,
    } | fields
    return post_form(client, "/admin/staff/new", data, csrf=csrf)


def test_admin_creates_a_front_desk_account_that_can_sign_in(app, client, admin):
    response = new_staff(client)

    assert response.status_code == 302
    row = user_row(app, "new.person@clinic.example")
    assert row["role"] == Role.FRONT_DESK and row["active"]
    assert (
        AuthActions(app, app.test_client())
        .sign_in("new.person@clinic.example", NEW_PASSWORD)
        .status_code
        == 302
    )
    event = last_event(app, "user.create")
    assert event.actor_label == admin and event.subject_id == row["id"]
    assert event.details == {"role": "front_desk"}


def test_admin_creates_a_therapist_with_a_new_profile(app, client, admin):
    response = new_staff(
        client, role="therapist", display_name="Dana Whitfield", credentials="PT, DPT"
    )

    assert response.status_code == 302
    with app.app_context():
        therapist = db.session.scalar(
            select(Therapist).where(Therapist.display_name == "Dana Whitfield")
        )
        assert therapist.user.email == "new.person@clinic.example"
        assert therapist.credentials == "PT, DPT"
    person = AuthActions(app, app.test_client())
    person.sign_in("new.person@clinic.example", NEW_PASSWORD)
    assert person._client.get("/therapist/").status_code == 200


def test_admin_links_a_new_therapist_account_to_an_existing_profile(app, client, admin):
    with app.app_context():
        profile_id = factories.make_therapist(display_name="Sam Okafor").id
        db.session.commit()

    page = client.get("/admin/staff/new")
    assert "Sam Okafor" in text(page)
    response = new_staff(client, role="therapist", therapist_profile=str(profile_id))

    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Therapist, profile_id).user.email == "new.person@clinic.example"
    assert last_event(app, "user.create").details["therapist_id"] == profile_id


def test_a_profile_already_linked_to_someone_cannot_be_taken(app, auth, client, admin):
    with app.app_context():
        owner = factories.make_user(Role.THERAPIST)
        taken = factories.make_therapist(user=owner).id
        db.session.commit()

    response = new_staff(client, role="therapist", therapist_profile=str(taken))

    assert response.status_code == 400
    assert "Choose a therapist profile from the list." in text(response)


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        pytest.param({"email": ""}, 400, "Enter their email.", id="no-email"),
        pytest.param({"email": "not-an-email"}, 400, "Enter a valid email", id="bad-email"),
        pytest.param({"role": "superuser"}, 400, "Not a valid choice", id="bad-role"),
        pytest.param({"new_password_again": "something else"}, 400, "don't match", id="mismatch"),
        pytest.param(
            {"new_password": "short", "new_password_again": "short"}, 400, "between 12", id="short"
        ),
        pytest.param({"current_password": ""}, 400, "Enter your current password.", id="no-reauth"),
        pytest.param({"role": "therapist"}, 422, "Enter the name patients will see.", id="no-name"),
        pytest.param(
            {"role": "therapist", "display_name": "Dana W"}, 422, "credentials", id="no-credentials"
        ),
    ],
)
def test_a_bad_new_account_is_refused_and_keeps_what_was_typed(
    app, client, admin, fields, status, message
):
    response = new_staff(client, **fields)

    assert response.status_code == status
    assert message in text(response)
    body = response.get_data(as_text=True)
    email = fields.get("email", "new.person@clinic.example")
    if email:
        assert f'value="{email}"' in body
    if fields.get("display_name"):
        assert f'value="{fields["display_name"]}"' in body
    assert NEW_PASSWORD not in body and PASSWORD not in body
    with app.app_context():
        assert (
            db.session.scalar(select(User).where(User.email == "new.person@clinic.example")) is None
        )


def test_creating_an_account_with_a_taken_email_is_refused_on_the_email(app, auth, client, admin):
    auth.create(Role.FRONT_DESK, email="taken@clinic.example")

    response = new_staff(client, email="Taken@Clinic.Example")

    assert response.status_code == 422
    assert "There is already an account with that email." in text(response)
    assert 'value="Taken@Clinic.Example"' in response.get_data(as_text=True)


def test_creating_an_account_with_the_wrong_admin_password_creates_nothing(app, client, admin):
    response = new_staff(client, current_password=WRONG)

    assert response.status_code == 401
    assert accounts.REAUTH_REFUSED in text(response)
    assert 'value="new.person@clinic.example"' in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(select(User).where(User.email == "new.person@clinic.example")) is None
        )
    assert actions(app)[-1] == "auth.reauth_failed"


def test_creating_an_account_without_a_csrf_token_keeps_the_email(app, client, admin):
    response = new_staff(client, csrf=False)

    assert response.status_code == 400
    assert 'value="new.person@clinic.example"' in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(select(User).where(User.email == "new.person@clinic.example")) is None
        )


# Changing a role


def change_role(client, user_id: int, role: str, password=PASSWORD, csrf=True, **profile):
    data = {"role-role": role, "role-current_password": password} | {
        f"role-{key}": value for key, value in profile.items()
    }
    return post_form(client, f"/admin/staff/{user_id}/role", data, prefix="role-", csrf=csrf)


def test_changing_a_role_ends_the_users_sessions_and_is_audited(app, client, admin, colleague):
    email, browser = colleague
    user_id = user_row(app, email)["id"]

    response = change_role(client, user_id, "admin")

    assert response.status_code == 302
    assert user_row(app, email)["role"] == Role.ADMIN
    assert browser.get("/frontdesk/").status_code == 302  # signed out on the server
    event = last_event(app, "user.role_change")
    assert event.actor_label == admin and event.subject_id == user_id
    assert event.details["from"] == "front_desk" and event.details["to"] == "admin"
    assert event.details["sessions_ended"] == 1


def test_changing_a_role_to_therapist_creates_their_profile(app, client, admin, colleague):
    email, _browser = colleague
    user_id = user_row(app, email)["id"]

    response = change_role(
        client,
        user_id,
        "therapist",
        therapist_profile="new",
        display_name="Lee Park",
        credentials="PTA",
    )

    assert response.status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(select(Therapist).where(Therapist.user_id == user_id)).display_name
            == "Lee Park"
        )


def test_changing_a_role_to_therapist_without_a_profile_name_is_refused(
    app, client, admin, colleague
):
    email, _browser = colleague
    user_id = user_row(app, email)["id"]

    response = change_role(client, user_id, "therapist", therapist_profile="new", credentials="PTA")

    assert response.status_code == 422
    assert "Enter the name patients will see." in text(response)
    assert 'value="PTA"' in response.get_data(as_text=True)
    assert user_row(app, email)["role"] == Role.FRONT_DESK


def test_changing_a_role_with_the_wrong_password_changes_nothing(app, client, admin, colleague):
    email, browser = colleague
    user_id = user_row(app, email)["id"]

    response = change_role(client, user_id, "admin", password=WRONG)

    assert response.status_code == 401
    assert accounts.REAUTH_REFUSED in text(response)
    assert user_row(app, email)["role"] == Role.FRONT_DESK
    assert browser.get("/frontdesk/").status_code == 200


def test_changing_a_role_without_a_csrf_token_answers_400(app, client, admin, colleague):
    email, _browser = colleague

    response = change_role(client, user_row(app, email)["id"], "admin", csrf=False)

    assert response.status_code == 400
    assert user_row(app, email)["role"] == Role.FRONT_DESK


def test_the_last_admin_cannot_give_up_the_role(app, client, admin):
    response = change_role(client, user_row(app, admin)["id"], "front_desk")

    assert response.status_code == 422
    assert "the only active administrator" in text(response)
    assert user_row(app, admin)["role"] == Role.ADMIN


def test_an_admin_who_hands_over_and_steps_down_is_signed_out(app, auth, client, admin):
    auth.create(Role.ADMIN, email="second.admin@clinic.example")

    response = change_role(client, user_row(app, admin)["id"], "front_desk")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/sign-in")
    assert user_row(app, admin)["role"] == Role.FRONT_DESK
    assert client.get("/admin/").status_code == 302


# Disabling and enabling


def set_status(client, user_id: int, verb: str, password=PASSWORD, csrf=True):
    return post_form(
        client,
        f"/admin/staff/{user_id}/{verb}",
        {"status-current_password": password},
        prefix="status-",
        csrf=csrf,
    )


def test_disabling_a_user_ends_their_sessions_and_sign_in(app, client, admin, colleague):
    email, browser = colleague
    user_id = user_row(app, email)["id"]

    response = set_status(client, user_id, "disable")

    assert response.status_code == 302
    assert not user_row(app, email)["active"]
    assert browser.get("/frontdesk/").status_code == 302
    assert AuthActions(app, app.test_client()).sign_in(email).status_code == 401
    event = last_event(app, "user.disable")
    assert event.subject_id == user_id and event.details["sessions_ended"] == 1


def test_enabling_a_user_lets_them_sign_in_again(app, auth, client, admin):
    email = auth.create(Role.FRONT_DESK, active=False)

    response = set_status(client, user_row(app, email)["id"], "enable")

    assert response.status_code == 302
    assert AuthActions(app, app.test_client()).sign_in(email).status_code == 302
    assert last_event(app, "user.enable").actor_label == admin


def test_an_admin_cannot_disable_their_own_account(app, client, admin):
    response = set_status(client, user_row(app, admin)["id"], "disable")

    assert response.status_code == 422
    assert "You can't disable your own account" in text(response)
    assert user_row(app, admin)["active"]


def test_disabling_with_the_wrong_password_changes_nothing(app, client, admin, colleague):
    email, browser = colleague

    response = set_status(client, user_row(app, email)["id"], "disable", password=WRONG)

    assert response.status_code == 401
    assert accounts.REAUTH_REFUSED in text(response)
    assert user_row(app, email)["active"]
    assert browser.get("/frontdesk/").status_code == 200


def test_disabling_without_a_password_or_csrf_token_is_refused(app, client, admin, colleague):
    email, _browser = colleague
    user_id = user_row(app, email)["id"]

    assert set_status(client, user_id, "disable", password="").status_code == 400
    assert set_status(client, user_id, "disable", csrf=False).status_code == 400
    assert user_row(app, email)["active"]


def test_account_changes_are_not_possible_over_get(client, admin):
    assert client.get("/admin/staff/1/disable").status_code == 405
    assert client.get("/admin/staff/1/role").status_code == 405


def test_the_last_active_admin_cannot_be_disabled_by_the_service(app, auth, db_session):
    first = factories.make_user(Role.ADMIN)
    db_session.commit()
    with (
        app.test_request_context(),
        pytest.raises(accounts.AccountError, match="only active administrator"),
    ):
        accounts._keep_an_admin(first, "disable their account")
