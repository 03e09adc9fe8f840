"""Broken rules and a busy database reach people as clear pages, never as a 500."""

from datetime import UTC, datetime

import pytest
import sqlalchemy.exc

from clinic.scheduling.errors import SlotTaken


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


def test_sqlite_lock_timeout_is_a_503_with_retry_after(client, failing_routes):
    response = client.get("/test/locked")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert "busy" in response.get_data(as_text=True)
