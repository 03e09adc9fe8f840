"""Every link the app writes comes from PUBLIC_BASE_URL, never from the request.

Attack: a post with a forged Host (or X-Forwarded-Host behind a trusted proxy) used to make
the clinic's genuine email carry links to another site, and the ask form relayed the asker's
own words to any address. Now any other host is refused with 400 before a view runs, and
links in emails, the sitemap, robots.txt and canonical tags start with the configured base.
"""

import re

import pytest
from sqlalchemy import func, select

from clinic import ConfigurationError, create_app
from clinic.extensions import db
from clinic.notifications.models import OutboxMessage
from tests.conftest import CSRF_FIELD, csrf_token_from

BASE = "http://127.0.0.1:5000"
QUESTION = {
    "name": "Your visit was cancelled, rebook at https://evil.example/rebook",
    "email": "victim@example.com",
    "region": "",
    "question": "Is it normal that my knee clicks when I climb the stairs every morning?",
}


def ask(client, headers=None):
    token = csrf_token_from(client.get("/ask-our-experts/ask").get_data(as_text=True))
    return client.post(
        "/ask-our-experts/ask", data={"csrf_token": token, **QUESTION}, headers=headers or {}
    )


def outbox_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage))


@pytest.mark.parametrize("host", ["evil.example", "evil.example:5000", "127.0.0.1.evil.example"])
def test_a_forged_host_is_refused_and_sends_nothing(app, client, host):
    # The whole exchange under the forged name, so the session and its CSRF token match.
    page = client.get("/ask-our-experts/ask", base_url=f"http://{host}")
    token = CSRF_FIELD.search(page.get_data(as_text=True))
    response = client.post(
        "/ask-our-experts/ask",
        base_url=f"http://{host}",
        data={"csrf_token": token.group(1) if token else "", **QUESTION},
    )

    assert (page.status_code, response.status_code) == (400, 400)
    assert "answers only at its own address" in response.get_data(as_text=True)
    assert outbox_count(app) == 0


def test_a_forged_forwarded_host_behind_a_trusted_proxy_is_refused(app, database_url, tmp_path):
    proxied = create_app(
        {
            **{key: app.config[key] for key in ("CLOCK", "MAIL_FILE_DIR")},
            "CLINIC_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TRUSTED_PROXIES": 1,
        }
    )
    client = proxied.test_client()
    assert ask(client).status_code == 302  # the real host passes
    refused = ask(client, headers={"X-Forwarded-Host": "evil.example"})

    assert refused.status_code == 400
    assert outbox_count(app) == 1
    with proxied.app_context():
        db.engine.dispose()


def test_links_in_the_email_start_with_the_public_base_url_not_the_requests_host(app, client):
    # "localhost" is a trusted name here (the test client's), but not the public address.
    assert ask(client, headers={"Host": "localhost"}).status_code == 302

    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
    links = re.findall(r"https?://[^\s\"<>]+", message.body_text + (message.body_html or ""))
    assert links and all(link.startswith(BASE + "/") for link in links), links


def test_the_acknowledgement_does_not_repeat_the_askers_words(app, client):
    ask(client)

    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
    for text in (message.subject, message.body_text, message.body_html):
        assert "evil.example" not in text and "rebook" not in text


def test_sitemap_robots_and_canonical_links_ignore_the_requests_host(client):
    headers = {"Host": "localhost"}
    sitemap = client.get("/sitemap.xml", headers=headers).get_data(as_text=True)
    robots = client.get("/robots.txt", headers=headers).get_data(as_text=True)
    index = client.get("/ask-our-experts/", headers=headers).get_data(as_text=True)

    assert f"<loc>{BASE}/ask-our-experts/</loc>" in sitemap
    assert f"Sitemap: {BASE}/sitemap.xml" in robots
    assert f'<link rel="canonical" href="{BASE}/ask-our-experts/">' in index
    assert "localhost" not in sitemap + robots


@pytest.mark.parametrize("base", ["", "http://book.clinic.example", "https://"])
def test_production_refuses_to_start_without_an_https_public_base_url(base):
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL"):
        create_app(
            {
                "CLINIC_ENV": "production",
                "SECRET_KEY": "x" * 48,
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "PUBLIC_BASE_URL": base,
            }
        )


def test_production_answers_only_to_its_public_host():
    app = create_app(
        {
            "CLINIC_ENV": "production",
            "SECRET_KEY": "x" * 48,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "PUBLIC_BASE_URL": "https://book.clinic.example",
            "EXTRA_TRUSTED_HOSTS": "clinic-internal",
        }
    )
    client = app.test_client()

    assert client.get("/healthz", base_url="https://book.clinic.example").status_code != 400
    assert client.get("/healthz", base_url="https://clinic-internal").status_code != 400
    assert client.get("/healthz", base_url="https://evil.example").status_code == 400
    with app.app_context():
        db.engine.dispose()


def test_questions_in_someone_elses_name_send_them_at_most_five_emails(app):
    for n in range(8):  # from eight addresses, past each address's own limit
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        assert ask(client).status_code == 302

    with app.app_context():
        sent = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert sent == [QUESTION["email"]] * app.config["PUBLIC_EMAILS_PER_RECIPIENT"]
