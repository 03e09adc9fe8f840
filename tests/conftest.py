"""Fixtures: an app per test on SQLite and on PostgreSQL, a fixed clock, a signed-in client,
a live server and a real browser.

Every test that uses `app` runs twice, `[sqlite]` and `[postgresql]`. PostgreSQL comes from
TEST_DATABASE_URL (scripts/run-tests starts a throwaway cluster). Outside CI a missing
PostgreSQL or Chromium skips those cases with the reason; under CI=true it fails them.
"""

import os
import re
import shutil
import threading
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from clinic import create_app
from clinic.auth.models import Role
from clinic.core.clock import FixedClock
from clinic.extensions import db
from tests import factories

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Monday 2 March 2026, 09:00 in Chicago: the instant every test starts at.
TEST_NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


def missing(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where everything must run."""
    if IN_CI:
        pytest.fail(f"CI requires it: {reason}", pytrace=False)
    pytest.skip(reason)


def _config(url: str, **extra) -> dict:
    return {"CLINIC_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url} | extra


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An empty schema built once; each test gets a copy of the file."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    app = create_app(_config(f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        missing("PostgreSQL is not available (set TEST_DATABASE_URL, or run `make test`)")
    app = create_app(_config(url))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return url


def _truncate_all(url: str) -> None:
    engine = sa.create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A database with the schema and no rows, for one test."""
    if request.param == "sqlite":
        path = tmp_path / "clinic.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
        yield url
        _truncate_all(url)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TEST_NOW)


@pytest.fixture
def app(database_url, clock, tmp_path):
    app = create_app(
        _config(
            database_url,
            CLOCK=clock,
            MAIL_FILE_DIR=str(tmp_path / "mail"),
        )
    )
    with app.app_context():
        factories.make_settings()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def db_session(app):
    """The app's session inside an app context, for services and factories."""
    with app.app_context():
        yield db.session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "the page has no CSRF token field"
    return match.group(1)


class AuthActions:
    """Sign in and out as a person in a role, through the real sign-in form."""

    def __init__(self, app, client):
        self._app, self._client = app, client

    def create(self, role: Role, email: str | None = None, **overrides):
        with self._app.app_context():
            user = factories.make_user(role, email=email, **overrides)
            if role == Role.THERAPIST:
                factories.make_therapist(user=user)
            db.session.commit()
            return user.email

    def sign_in(self, email: str, password: str = factories.PASSWORD, next_url: str = ""):
        page = self._client.get("/staff/sign-in")
        token = csrf_token_from(page.get_data(as_text=True))
        return self._client.post(
            "/staff/sign-in" + (f"?next={next_url}" if next_url else ""),
            data={"email": email, "password": password, "csrf_token": token},
        )

    def sign_in_as(self, role: Role):
        email = self.create(role)
        response = self.sign_in(email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return email

    def sign_out(self):
        page = self._client.get("/staff/")
        page = self._client.get(page.headers.get("Location", "/staff/sign-in"))
        token = csrf_token_from(page.get_data(as_text=True))
        return self._client.post("/staff/sign-out", data={"csrf_token": token})


@pytest.fixture
def auth(app, client) -> AuthActions:
    return AuthActions(app, client)


class LiveServer:
    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "LiveServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


@pytest.fixture
def live_server(app):
    """The app under Werkzeug's threaded WSGI server on a free loopback port."""
    server = LiveServer(app).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@contextmanager
def _browser_page(browser, request, **context_options):
    """A fresh browser context and page; a screenshot is kept when the test fails."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(browser, request):
    """A page that ignores the site's Content-Security-Policy, so tests may inject axe-core
    (an inline script); `strict_page` is the one that enforces it."""
    with _browser_page(browser, request, bypass_csp=True) as page:
        yield page


#: Reports every CSP violation to the console, where `strict_page` collects it. An init
#: script comes from the browser's debugging protocol, so the policy does not block it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI}`
                + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def strict_page(browser, request):
    """A page with the site's Content-Security-Policy enforced; `page.csp_violations` lists
    every violation the browser reported, across navigations."""
    with _browser_page(browser, request) as page:
        page.csp_violations = []

        def seen(message) -> None:
            if "Content Security Policy" in message.text or "CSP violation" in message.text:
                page.csp_violations.append(f"{page.url}: {message.text}")

        page.on("console", seen)
        page.add_init_script(REPORT_CSP_VIOLATIONS)
        yield page


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
