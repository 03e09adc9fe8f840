"""Production behind a proxy without TRUSTED_PROXIES refuses requests that carry forwarded
headers (503, a message naming the setting, a log line), so a stranger cannot slow every
member of staff by sharing the proxy's address (issue 17, item 3)."""

import logging

import pytest

from clinic import create_app
from clinic.extensions import db
from tests import factories

FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}


@pytest.fixture
def production(database_url):
    """Builds production apps on the test's database; their engines are closed at the end."""
    made = []

    def build(**extra):
        made.append(_production(database_url, **extra))
        return made[-1]

    yield build
    for app in made:
        with app.app_context():
            db.engine.dispose()


def _production(database_url, **extra):
    app = create_app(
        {
            "CLINIC_ENV": "production",
            "SECRET_KEY": "x" * 48,
            "PUBLIC_BASE_URL": "https://c.example",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": False,
            **extra,
        }
    )
    with app.app_context():
        factories.make_settings()
        db.session.commit()
    return app


@pytest.mark.parametrize("url", ["/", "/staff/sign-in", "/api/v1/therapists"])
def test_forwarded_headers_without_trusted_proxies_answer_503_naming_the_setting(
    production, url, caplog
):
    app = production()
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get(url, headers=FORWARDED, base_url="https://c.example")

    assert response.status_code == 503
    assert "TRUSTED_PROXIES" in response.get_data(as_text=True)
    assert any("TRUSTED_PROXIES" in record.getMessage() for record in caplog.records)


def test_a_post_through_an_unknown_proxy_is_refused_before_anything_else(production):
    app = production()
    response = app.test_client().post(
        "/staff/sign-in",
        headers=FORWARDED,
        data={"email": "a@b.example"},
        base_url="https://c.example",
    )
    assert response.status_code == 503


def test_with_trusted_proxies_set_or_no_forwarded_headers_pages_answer(production):
    trusted = production(TRUSTED_PROXIES=1)
    direct = production()
    secure = {"base_url": "https://c.example"}
    assert trusted.test_client().get("/", headers=FORWARDED, **secure).status_code == 200
    assert direct.test_client().get("/", **secure).status_code == 200
