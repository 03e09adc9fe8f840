"""Production behind a proxy without TRUSTED_PROXIES refuses requests that carry forwarded
headers (503, a message naming the setting, a log line), so a stranger cannot slow every
member of staff by sharing the proxy's address (issue 17, item 3)."""

import logging

import pytest

from clinic import create_app
from clinic.extensions import db
from tests import factories

FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}


def _production(database_url, **extra):
    app = create_app(
        {
            "CLINIC_ENV": "production",
            "SECRET_KEY": "x" * 48,
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
    database_url, url, caplog
):
    app = _production(database_url)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get(url, headers=FORWARDED, base_url="https://c.example")

    assert response.status_code == 503
    assert "TRUSTED_PROXIES" in response.get_data(as_text=True)
    assert any("TRUSTED_PROXIES" in record.getMessage() for record in caplog.records)


def test_a_post_through_an_unknown_proxy_is_refused_before_anything_else(database_url):
    app = _production(database_url)
    response = app.test_client().post(
        "/staff/sign-in", headers=FORWARDED, data={"email": "a@b.example"}
    )
    assert response.status_code == 503


def test_with_trusted_proxies_set_or_no_forwarded_headers_pages_answer(database_url):
    trusted = _production(database_url, TRUSTED_PROXIES=1)
    direct = _production(database_url)
    secure = {"base_url": "https://c.example"}
    assert trusted.test_client().get("/", headers=FORWARDED, **secure).status_code == 200
    assert direct.test_client().get("/", **secure).status_code == 200
