"""A therapist whose account is disabled can no longer be booked, online or through the API,
and the front desk is shown their upcoming visits to move (issue 17, item 10)."""

import re
from types import SimpleNamespace

import pytest

from tests.security.conftest import signed_in
from tests.web.test_accounts import set_status
from tests.web.test_booking_flow import SAFE_LOW_BACK, post, reason


@pytest.fixture
def disabled_b(app, world):
    admin = signed_in(app, "admin")
    assert set_status(admin, world.b.user, "disable").status_code == 302
    return world


def _slots(client, place) -> list[str]:

    reason(client, SimpleNamespace(location=SimpleNamespace(id=place)))
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    html = client.get("/book/time?week=2026-03-09").get_data(as_text=True)
    return re.findall(r'name="slot"[^>]*value="([^"]+)"', html)


def test_online_booking_offers_no_time_with_a_disabled_therapist(app, disabled_b):
    client = app.test_client()
    slots = _slots(client, disabled_b.location)
    assert slots and not [s for s in slots if s.startswith(f"{disabled_b.b.therapist}@")]

    forced = f"{disabled_b.b.therapist}@2026-03-10T16:00:00+00:00"  # within B's old hours
    chosen = post(client, "/book/time", {"slot": forced})
    assert chosen.status_code == 422
    assert "taking bookings at that location" in chosen.get_data(as_text=True)


def test_the_api_no_longer_lists_or_offers_a_disabled_therapist(app, disabled_b):
    client = app.test_client()
    listed = client.get("/api/v1/therapists").get_json()
    assert disabled_b.b.therapist not in [t["id"] for t in listed["therapists"]]
    response = client.get(
        f"/api/v1/availability?type={disabled_b.kind}&start=2026-03-09&end=2026-03-13"
        f"&therapist={disabled_b.b.therapist}"
    )
    assert response.status_code in (400, 404)


def test_the_front_desk_sees_the_visits_to_move_and_why(app, disabled_b):
    desk = signed_in(app, "front_desk")
    home = desk.get("/frontdesk/").get_data(as_text=True)
    assert "account is disabled" in home
    assert f'/frontdesk/appointments/{disabled_b.b.appointment}"' in home

    visit = desk.get(f"/frontdesk/appointments/{disabled_b.b.appointment}")
    assert "account is disabled" in visit.get_data(as_text=True)


def test_enabling_the_account_makes_the_therapist_bookable_again(app, disabled_b):
    admin = signed_in(app, "admin")
    assert set_status(admin, disabled_b.b.user, "enable").status_code == 302
    listed = app.test_client().get("/api/v1/therapists").get_json()
    assert disabled_b.b.therapist in [t["id"] for t in listed["therapists"]]
    home = signed_in(app, "front_desk").get("/frontdesk/").get_data(as_text=True)
    assert "account is disabled" not in home
