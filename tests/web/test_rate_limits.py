"""Rate limits per client address: sign-in, holding a time (booking and rescheduling), the
ask form and the public API each answer 429 with Retry-After past their limit, count each
address on its own, and let the address in again when the window is over."""

import re
import time
from datetime import date

import pytest

from clinic import create_app
from clinic.auth.models import Role
from clinic.booking import tokens
from clinic.extensions import db
from clinic.scheduling import booking
from tests import factories
from tests.conftest import _config, csrf_token_from
from tests.web.test_booking_flow import SAFE_LOW_BACK
from tests.web.test_content_questions import GOOD as QUESTION

LIMITS = {
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_SIGN_IN": "3 per minute",
    "RATELIMIT_HOLD": "2 per minute",
    "RATELIMIT_ASK": "2 per minute",
    "RATELIMIT_API": "3 per minute",
}
FIRST, SECOND = "198.51.100.7", "203.0.113.9"
FRIDAY = date(2026, 3, 6)


@pytest.fixture
def app(database_url, clock, tmp_path):
    """The suite's app with rate limiting on (it is off in the testing config)."""
    app = create_app(
        _config(database_url, CLOCK=clock, MAIL_FILE_DIR=str(tmp_path / "mail"), **LIMITS)
    )
    with app.app_context():
        world = factories.make_bookable_clinic()
        world.appointment = booking.book(
            world.request(world.local(FRIDAY, 10)),
            patient=world.patient,
            nonce="limits",
            now=clock.now(),
            actor=None,
        )
        app.manage_token = tokens.issue(world.appointment, clock.now())
        app.location_id = world.location.id
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def from_address(app):
    """A test client whose requests come from the given address."""

    def client_at(address: str):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return client

    return client_at


@pytest.fixture
def window_passes(monkeypatch):
    """Move the limiter's clock (wall time) past a one-minute window."""

    def advance() -> None:
        real = time.time
        monkeypatch.setattr(time, "time", lambda: real() + 61)

    return advance


def token_of(client, url="/staff/sign-in") -> str:
    return csrf_token_from(client.get(url).get_data(as_text=True))


# What each limited endpoint is sent: a fresh, ordinary request each time ---------------------


def sign_in(client, attempt: int):
    return client.post(
        "/staff/sign-in",
        data={
            "email": f"nobody{attempt}@example.com",  # a new account each time: no lockout
            "password": "not the password",
            "csrf_token": token_of(client),
        },
    )


def hold(client, _attempt: int):
    """Choose a time on the booking's time step (the draft made once per client)."""
    if not getattr(client, "has_draft", False):
        location = client.application.location_id
        token = token_of(client)
        reason = {"region": "low_back", "location": str(location), "words": "Sore back",
                  "duration": "under_6_weeks", "onset": "gradual"}  # fmt: skip
        assert client.post("/book", data={"csrf_token": token, **reason}).status_code == 302
        assert client.post("/book/safety", data={"csrf_token": token, **SAFE_LOW_BACK})
        client.post("/book/therapist", data={"csrf_token": token, "therapist": "any"})
        client.has_draft = True
    page = client.get("/book/time").get_data(as_text=True)
    slot = re.search(r'name="slot"[^>]*value="([^"]+)"', page).group(1)
    return client.post("/book/time", data={"csrf_token": token_of(client), "slot": slot})


def reschedule(client, attempt: int):
    url = f"/visit/{client.application.manage_token}/reschedule?week=2026-03-09"
    slots = re.findall(r'name="slot"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token_of(client), "slot": slots[attempt]})


def ask(client, _attempt: int):
    token = token_of(client, "/ask-our-experts/ask")
    return client.post("/ask-our-experts/ask", data={"csrf_token": token, **QUESTION})


def api(client, _attempt: int):
    return client.get("/api/v1/therapists")


ENDPOINTS = [
    pytest.param(sign_in, 3, 401, id="sign-in"),
    pytest.param(hold, 2, 302, id="booking-time"),
    pytest.param(reschedule, 2, 302, id="manage-reschedule"),
    pytest.param(ask, 2, 302, id="ask"),
    pytest.param(api, 3, 200, id="api"),
]


def assert_limited(response, limit: int) -> None:
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert response.headers["X-RateLimit-Limit"] == str(limit)
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("send", "limit", "ok"), ENDPOINTS)
def test_past_the_limit_an_address_gets_429_then_gets_in_again(
    from_address, window_passes, send, limit, ok
):
    client = from_address(FIRST)
    for attempt in range(limit):
        assert send(client, attempt).status_code == ok, f"attempt {attempt + 1}"
    assert_limited(send(client, limit), limit)

    other = from_address(SECOND)
    assert send(other, 0).status_code == ok  # another address has its own count

    window_passes()
    assert send(client, limit + 1).status_code == ok


def test_the_429_page_says_what_happened_in_the_layout(from_address):
    client = from_address(FIRST)
    for attempt in range(4):
        response = sign_in(client, attempt)
    html = response.get_data(as_text=True)
    assert response.status_code == 429 and response.mimetype == "text/html"
    assert "Too many sign-in attempts from your network" in html
    assert '<main id="main"' in html


def test_the_api_answers_429_as_json(from_address):
    client = from_address(FIRST)
    for attempt in range(4):
        response = api(client, attempt)
    assert response.status_code == 429
    error = response.get_json()["error"]
    assert error["status"] == 429 and "Too many requests to the API" in error["detail"]


def test_choosing_times_while_booking_and_rescheduling_share_one_count(from_address):
    client = from_address(FIRST)
    assert hold(client, 0).status_code == 302
    assert reschedule(client, 0).status_code == 302
    assert_limited(hold(client, 1), 2)
    assert_limited(reschedule(client, 1), 2)


def test_looking_is_not_limited_only_choosing(from_address):
    client = from_address(FIRST)
    url = f"/visit/{client.application.manage_token}/reschedule?week=2026-03-09"
    for _ in range(5):
        assert client.get(url).status_code == 200
        assert client.get("/staff/sign-in").status_code == 200
        assert client.get("/ask-our-experts/ask").status_code == 200


def test_wrong_passwords_for_one_account_from_many_addresses_slow_only_each_address(
    app, from_address
):
    """Two layers: Flask-Limiter counts an address's attempts, the database counts failures
    per account and address. Six wrong passwords for one account, each from a different
    address, are each checked: none of them can lock the account for the others (the
    account's limit from anywhere, LOGIN_MAX_FAILURES_PER_ACCOUNT_ANYWHERE, is far higher)."""
    email = "staff@example.com"
    with app.app_context():
        factories.make_user(Role.FRONT_DESK, email=email)
        db.session.commit()
    statuses = []
    for n in range(6):
        client = from_address(f"192.0.2.{n + 1}")
        response = client.post(
            "/staff/sign-in",
            data={"email": email, "password": "wrong password!", "csrf_token": token_of(client)},
        )
        statuses.append(response.status_code)
    assert statuses == [401] * 6
    assert "X-RateLimit-Limit" in response.headers  # counted, but not limited by address


def test_rate_limiting_is_off_in_the_testing_config(database_url, clock, tmp_path):
    quiet = create_app(_config(database_url, CLOCK=clock, MAIL_FILE_DIR=str(tmp_path / "m")))
    assert quiet.config["RATELIMIT_ENABLED"] is False
    client = quiet.test_client()
    for _ in range(10):
        response = client.get("/api/v1/therapists")
        assert response.status_code == 200 and "X-RateLimit-Limit" not in response.headers
    with quiet.app_context():
        db.engine.dispose()


def test_a_refused_burst_is_in_the_audit_log(app, from_address):
    from clinic.audit.models import AuditEvent
    from clinic.extensions import db

    client = from_address(FIRST)
    for attempt in range(4):
        response = sign_in(client, attempt)
    assert response.status_code == 429
    with app.app_context():
        refused = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "ratelimit.refused")
        ).all()
    assert [(e.client_address, e.details["scope"]) for e in refused] == [(FIRST, "auth.sign_in")]


@pytest.mark.parametrize(("proxies", "seen"), [(0, "10.0.0.2"), (1, FIRST)])
def test_the_client_address_comes_through_only_trusted_proxies(
    database_url, clock, tmp_path, proxies, seen
):
    from clinic import create_app
    from clinic.audit.models import AuditEvent
    from clinic.extensions import db
    from tests.conftest import _config

    proxied = create_app(
        _config(database_url, CLOCK=clock, TRUSTED_PROXIES=proxies, MAIL_FILE_DIR=str(tmp_path))
    )
    client = proxied.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.2"
    token = token_of(client)
    client.post(
        "/staff/sign-in",
        data={"csrf_token": token, "email": "nobody@clinic.example", "password": "x" * 12},
        headers={"X-Forwarded-For": FIRST},
    )
    with proxied.app_context():
        failed = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "auth.sign_in_failed")
        ).all()
        assert [e.client_address for e in failed] == [seen]
        db.session.remove()
        db.engine.dispose()


def test_addresses_in_one_ipv6_slash_64_share_one_count(from_address):
    """A subscriber's /64 offers endless addresses: each new one is still the same client."""
    for n in range(3):
        assert api(from_address(f"2001:db8:5:7::{n + 1:x}"), n).status_code == 200
    assert_limited(api(from_address("2001:db8:5:7:ffff:1:2:3"), 3), 3)
    assert api(from_address("2001:db8:5:8::1"), 0).status_code == 200  # the next /64
    assert api(from_address(SECOND), 0).status_code == 200


def test_the_ask_forms_database_limit_counts_a_slash_64_too(app, from_address):
    from clinic.content import questions

    with app.app_context():
        secret = app.config["SECRET_KEY"]
        from clinic.core.addresses import limit_key

        one = questions.address_key(limit_key("2001:db8:5:7::1"), secret)
        other = questions.address_key(limit_key("2001:db8:5:7:abcd::9"), secret)
    assert one == other


def _refusals(app):
    from clinic.audit.models import AuditEvent, RateLimitRefusal

    with app.app_context():
        events = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "ratelimit.refused")
        ).all()
        counts = db.session.scalars(db.select(RateLimitRefusal)).all()
        return (
            [(e.client_address, e.details["scope"], e.details["limit"]) for e in events],
            [(c.address, c.scope, c.count) for c in counts],
        )


@pytest.mark.parametrize(
    ("send", "limit", "scope"),
    [
        pytest.param(sign_in, 3, "auth.sign_in", id="sign-in"),
        pytest.param(api, 3, "api.therapists", id="api (a read-only request)"),
    ],
)
def test_a_flood_of_refusals_writes_one_audit_event_with_a_count(
    app, from_address, send, limit, scope
):
    client = from_address(FIRST)
    statuses = [send(client, attempt).status_code for attempt in range(limit + 25)]
    assert statuses.count(429) == 25

    events, counts = _refusals(app)

    assert events == [(FIRST, scope, "3 per 1 minute")]
    assert counts == [(FIRST, scope, 25)]


def test_each_address_and_window_gets_its_own_event(app, from_address, window_passes):
    for address in (FIRST, SECOND):
        for attempt in range(5):
            api(from_address(address), attempt)
    window_passes()
    for attempt in range(5):
        api(from_address(FIRST), attempt)

    events, counts = _refusals(app)

    assert [address for address, _, _ in events] == [FIRST, SECOND, FIRST]
    assert sorted(count for _, _, count in counts) == [2, 2, 2]
