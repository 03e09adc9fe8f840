"""Security headers on every response: the content security policy, no sniffing or framing,
no Referer that carries a secret link off the site, HSTS in production, and `no-store` on
every page with something personal in it."""

import re
from datetime import date
from pathlib import Path

import pytest

from clinic import create_app
from clinic.auth.models import Role
from clinic.booking import tokens
from clinic.core.headers import CONTENT_SECURITY_POLICY
from clinic.invites import feeds
from clinic.scheduling import booking
from tests import factories
from tests.conftest import csrf_token_from
from tests.web.test_content_views import write_article

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FRIDAY = date(2026, 3, 6)
#: Public pages a browser or proxy may keep: the same for every anonymous visitor.
PUBLIC = [
    "/",
    "/privacy",
    "/ask-our-experts/",
    "/ask-our-experts/knee-clicks",
    "/sitemap.xml",
    "/robots.txt",
    "/static/css/clinic.css",
    "/api/v1/therapists",
    "/api/v1/appointment-types",
]


@pytest.fixture
def world(app, db_session, clock):
    world = factories.make_bookable_clinic()
    world.appointment = booking.book(
        world.request(world.local(FRIDAY, 10)),
        patient=world.patient,
        nonce="headers",
        now=clock.now(),
        actor=None,
    )
    world.token = tokens.issue(world.appointment, clock.now())
    world.feed = feeds.rotate(world.therapist, clock.now())
    write_article()
    db_session.commit()
    return world


def get(client, url: str):
    """GET and close at once, so a static file's handle is not left open."""
    response = client.get(url)
    response.close()
    return response


def private_pages(world) -> list[str]:
    """Pages with a patient's or a staff member's data, seen without signing in."""
    return [
        "/book",
        f"/visit/{world.token}/",
        f"/visit/{world.token}/intake/",
        f"/visit/{world.token}/reschedule",
        f"/visit/{world.token}/invite.ics",
        f"/feeds/{world.feed}.ics",
        "/ask-our-experts/ask",
        "/ask-our-experts/ask/thanks",
        "/api/v1/availability?type=1&start=2026-03-02&end=2026-03-06",
        "/staff/sign-in",
        "/no-such-page",
    ]


def test_the_policy_allows_only_our_own_files_and_no_inline_code():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY


def test_every_kind_of_response_carries_the_headers(client, auth, world):
    auth.sign_in_as(Role.FRONT_DESK)
    urls = [*PUBLIC, *private_pages(world), "/frontdesk/", "/api/v1/nothing-here"]
    for url in urls:
        response = get(client, url)
        assert response.status_code < 500, url
        headers = response.headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["X-Frame-Options"] == "DENY", url
        assert headers["Referrer-Policy"] in ("same-origin", "no-referrer"), url
        assert "Strict-Transport-Security" not in headers, url


def test_posts_and_error_pages_carry_them_too(client, world):
    response = client.post("/ask-our-experts/ask", data={"name": "x"})  # no CSRF token: 400
    assert response.status_code == 400
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["Cache-Control"] == "no-store"
    assert client.post("/").status_code == 405
    assert client.post("/").headers["X-Frame-Options"] == "DENY"


def test_public_pages_may_be_cached_for_anonymous_visitors(client, world):
    for url in PUBLIC:
        response = get(client, url)
        assert response.status_code == 200, url
        assert "no-store" not in response.headers.get("Cache-Control", ""), url


def test_pages_with_personal_data_are_never_stored(client, world):
    for url in private_pages(world):
        response = get(client, url)
        assert "no-store" in response.headers["Cache-Control"], url


@pytest.mark.parametrize(
    ("role", "landing"),
    [(Role.FRONT_DESK, "/frontdesk/"), (Role.THERAPIST, "/therapist/"), (Role.ADMIN, "/admin/")],
)
def test_staff_pages_are_never_stored(client, auth, world, role, landing):
    auth.sign_in_as(role)
    response = client.get(landing)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_public_pages_are_not_stored_for_signed_in_staff(client, auth, world):
    auth.sign_in_as(Role.THERAPIST)
    for url in ["/", "/ask-our-experts/knee-clicks"]:
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    # Our own CSS is the same for everyone, signed in or not.
    assert "no-store" not in get(client, "/static/css/clinic.css").headers.get("Cache-Control", "")


def test_a_page_showing_a_flash_message_is_not_stored(client, auth, world):
    auth.sign_in_as(Role.FRONT_DESK)
    auth.sign_out()  # flashes "You have signed out." for the next page
    response = client.get("/staff/sign-in")
    assert "You have signed out." in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_secret_links_never_leave_the_site_in_a_referer(client, world):
    for url in [f"/visit/{world.token}/", f"/visit/{world.token}/intake/", "/book"]:
        assert client.get(url).headers["Referrer-Policy"] == "same-origin", url
    # A calendar feed has no links to follow and sends nothing at all.
    assert client.get(f"/feeds/{world.feed}.ics").headers["Referrer-Policy"] == "no-referrer"
    # Articles are health topics: their addresses don't go to other sites either.
    assert client.get("/ask-our-experts/knee-clicks").headers["Referrer-Policy"] == "same-origin"


def test_forms_on_secret_link_pages_still_post_over_https(app, world):
    """Why not `no-referrer`: over HTTPS Flask-WTF refuses a post without a same-origin Referer,
    which is what a browser would (not) send from a page with that policy."""
    client = app.test_client()
    base = "https://localhost"
    page_url = f"{base}/visit/{world.token}/"
    page = client.get(page_url)
    assert page.headers["Referrer-Policy"] == "same-origin"
    form = {"csrf_token": csrf_token_from(page.get_data(as_text=True))}
    cancel = f"{base}/visit/{world.token}/cancel"
    refused = client.post(cancel, data=form)
    assert refused.status_code == 400  # what `no-referrer` would have caused
    sent = client.post(cancel, data=form, headers={"Referer": page_url})
    assert sent.status_code == 302


def test_hsts_only_in_production(database_url, tmp_path):
    production = create_app(
        {
            "CLINIC_ENV": "production",
            "SECRET_KEY": "a-production-secret-that-is-long-enough-0123456789",
            "PUBLIC_BASE_URL": "https://localhost",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_FILE_DIR": str(tmp_path / "mail"),
        }
    )
    response = get(production.test_client(), "/static/css/clinic.css")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    development = create_app({"CLINIC_ENV": "development", "SQLALCHEMY_DATABASE_URI": database_url})
    response = get(development.test_client(), "/static/css/clinic.css")
    assert "Strict-Transport-Security" not in response.headers
    for app in (production, development):
        with app.app_context():
            from clinic.extensions import db

            db.engine.dispose()


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)


def served_templates() -> list[Path]:
    """Every page template; emails are never served, so the policy does not apply to them."""
    return [path for path in TEMPLATES.rglob("*.html") if TEMPLATES / "emails" not in path.parents]


@pytest.mark.parametrize(
    "pattern", [INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER, JAVASCRIPT_URL], ids=lambda p: p.pattern
)
def test_no_template_needs_unsafe_inline(pattern):
    templates = served_templates()
    assert len(templates) > 30
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in templates
        for match in pattern.finditer(path.read_text())
    ]
    assert not found, "inline code would be blocked by the CSP:\n" + "\n".join(found)


def test_private_pages_ask_search_engines_not_to_index_them(client, world):
    for url in [f"/visit/{world.token}/", f"/visit/{world.token}/intake/", "/book", "/book/link"]:
        assert client.get(url).headers["X-Robots-Tag"] == "noindex, nofollow", url
    assert "X-Robots-Tag" not in client.get("/ask-our-experts/knee-clicks").headers
