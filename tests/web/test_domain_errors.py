"""Broken rules and a busy database reach people as clear pages, never as a 500."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy.exc

from clinic.scheduling import booking
from clinic.scheduling.errors import SlotTaken
from tests import factories


@pytest.fixture
def failing_routes(app):
    def taken():
        raise SlotTaken(1, datetime(2026, 3, 3, 16, tzinfo=UTC))

    def locked():
        raise sqlalchemy.exc.OperationalError("UPDATE", {}, Exception("database is locked"))

    app.add_url_rule("/test/taken", "taken", taken)
    app.add_url_rule("/test/locked", "locked", locked)
    return app


def test_a_lost_race_is_a_409_page_saying_the_time_was_taken(client, failing_routes):
    response = client.get("/test/taken")
    assert response.status_code == 409
    assert "that time was just taken" in response.get_data(as_text=True)


def test_a_lost_race_names_the_nearest_free_times_in_local_time(app, client, db_session, clock):
    world = factories.make_bookable_clinic()
    db_session.commit()
    start = world.local(date(2026, 3, 3), 10)
    booking.hold(world.request(start), nonce="first", now=clock.now())
    db_session.commit()

    def lose():
        booking.hold(world.request(start), nonce="second", now=clock.now())

    app.add_url_rule("/test/lose", "lose", lose)
    response = client.get("/test/lose")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "The nearest free times" in html
    assert "Tue Mar 3, 11:15 AM CST" in html  # right after the held visit and its buffer
    assert world.therapist.display_name in html


def test_sqlite_lock_timeout_is_a_503_with_retry_after(client, failing_routes):
    response = client.get("/test/locked")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert "busy" in response.get_data(as_text=True)
