"""The health check: 200 while the database answers, 503 when it cannot be reached."""

import pytest

from clinic import create_app
from clinic.extensions import db


def test_health_check_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


@pytest.fixture(params=["sqlite", "postgresql"])
def unreachable_database_url(request, tmp_path) -> str:
    """A database URL nothing answers at, without touching anything outside tmp_path."""
    if request.param == "sqlite":
        # A file where the database's directory should be: no directory can be made there.
        blocker = tmp_path / "not-a-directory"
        blocker.write_text("")
        return f"sqlite:///{blocker}/clinic.sqlite3"
    return "postgresql+psycopg://clinic@127.0.0.1:1/none?connect_timeout=1"


def test_health_check_answers_503_when_the_database_is_unreachable(unreachable_database_url):
    app = create_app({"CLINIC_ENV": "testing", "SQLALCHEMY_DATABASE_URI": unreachable_database_url})

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    with app.app_context():
        db.engine.dispose()
