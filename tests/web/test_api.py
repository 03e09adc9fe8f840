"""The public JSON API: shapes, times with offsets, and a 400 naming each bad parameter."""

from datetime import date, timedelta

import pytest

from clinic.scheduling import booking
from tests import factories


@pytest.fixture
def world(app, db_session):
    clinic = factories.make_bookable_clinic()
    db_session.commit()
    return clinic


def availability(client, world, **params):
    query = {"type": world.kind.id, "start": "2026-03-03", "end": "2026-03-04"} | params
    return client.get("/api/v1/availability", query_string=query)


def test_therapists_list_names_credentials_and_locations(client, world):
    body = client.get("/api/v1/therapists").get_json()
    [therapist] = body["therapists"]
    assert therapist["id"] == world.therapist.id
    assert therapist["credentials"] == "PT, DPT"
    assert therapist["location_ids"] == [world.location.id]


def test_appointment_types_say_which_are_online_bookable(client, world):
    kinds = {
        k["id"]: k for k in client.get("/api/v1/appointment-types").get_json()["appointment_types"]
    }
    assert kinds[world.kind.id]["online_bookable"] is True
    assert kinds[world.follow_up.id]["online_bookable"] is False
    assert kinds[world.kind.id]["duration_minutes"] == 60


def test_availability_gives_local_times_with_their_offset(client, world):
    response = availability(client, world, location=world.location.id)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["timezone"] == "America/Chicago"
    first = body["slots"][0]
    assert first == {
        "therapist_id": world.therapist.id,
        "location_id": world.location.id,
        "start": "2026-03-03T08:00:00-06:00",
        "end": "2026-03-03T09:00:00-06:00",
    }
    # 08:00 to 15:45 every 15 minutes, each day (the last visit plus its buffer ends at 17:00).
    assert len(body["slots"]) == 2 * 32


def test_availability_across_the_spring_change_keeps_local_hours(client, world):
    body = availability(client, world, start="2026-03-06", end="2026-03-09").get_json()
    starts = [s["start"] for s in body["slots"]]
    assert "2026-03-06T08:00:00-06:00" in starts
    assert "2026-03-09T08:00:00-05:00" in starts
    assert not any(s.startswith(("2026-03-07", "2026-03-08")) for s in starts)


def test_availability_leaves_out_booked_time(client, world, db_session, clock):
    booking.book(
        world.request(world.local(date(2026, 3, 3), 10)),
        patient=world.patient,
        nonce="n",
        now=clock.now(),
        actor=None,
    )
    db_session.commit()
    starts = {s["start"] for s in availability(client, world).get_json()["slots"]}
    assert "2026-03-03T10:00:00-06:00" not in starts
    assert "2026-03-03T09:00:00-06:00" not in starts  # would run into the 10:00 visit
    assert "2026-03-03T11:15:00-06:00" in starts  # right after its buffer


@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        ({"type": ""}, "type", "required"),
        ({"type": "abc"}, "type", "positive whole number"),
        ({"type": "0"}, "type", "positive whole number"),
        ({"type": "-1"}, "type", "positive whole number"),
        ({"type": "99999999999999999999"}, "type", "positive whole number"),
        ({"type": "4242"}, "type", "no appointment type"),
        ({"start": ""}, "start", "required"),
        ({"start": "2026-3-3"}, "start", "YYYY-MM-DD"),
        ({"start": "2026-02-30"}, "start", "YYYY-MM-DD"),
        ({"end": "tomorrow"}, "end", "YYYY-MM-DD"),
        ({"end": "2026-03-01"}, "end", "before 'start'"),
        ({"end": "2026-05-04"}, "end", "at most 62 days"),
        ({"therapist": "4242"}, "therapist", "no therapist"),
        ({"therapist": "1.5"}, "therapist", "positive whole number"),
        ({"location": "4242"}, "location", "no location"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(client, world, params, parameter, says):
    response = availability(client, world, **params)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == parameter
    assert says in error["detail"]


def test_a_type_not_bookable_online_answers_400(client, world):
    error = availability(client, world, type=world.follow_up.id).get_json()["error"]
    assert error["parameter"] == "type" and "can't be booked online" in error["detail"]


def test_sixty_two_days_is_allowed(client, world):
    start = date(2026, 3, 3)
    end = start + timedelta(days=61)
    assert availability(client, world, end=end.isoformat()).status_code == 200


def test_openapi_document_describes_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert {"/api/v1/therapists", "/api/v1/appointment-types", "/api/v1/availability"} <= set(
        spec["paths"]
    )
    names = {p["name"] for p in spec["paths"]["/api/v1/availability"]["get"]["parameters"]}
    assert names == {"type", "therapist", "location", "start", "end"}
