"""The outside probe's 500s, one case each: boundary dates, a slot at the end of time, a
missing CSRF token on a forged link, a JSON body that is not JSON, and a POST while the
database is down. Each must answer 4xx (or a real 503), never 500."""

import pytest

from tests.security.conftest import csrf_token, signed_in

BOUNDARY_DATES = ("9999-12-01", "9999-12-31", "0001-01-01", "0001-01-02")

DATED_PAGES = {
    "anonymous": ("/api/v1/availability?type={kind}&start={day}&end={day}",),
    "front_desk": (
        "/frontdesk/?date={day}",
        "/frontdesk/week?date={day}",
        "/frontdesk/sheet?date={day}",
        "/frontdesk/export.csv?date={day}",
        "/frontdesk/export.csv?span=week&date={day}",
    ),
    "therapist_b": ("/therapist/?date={day}", "/therapist/week?date={day}"),
    "admin": (
        "/admin/audit?date_from={day}",
        "/admin/audit?date_to={day}",
        "/admin/audit?date_from={day}&date_to={day}",
        "/admin/audit/export.csv?date_from={day}&date_to={day}",
        "/admin/audit/export.csv?date_to={day}",
    ),
}


@pytest.mark.parametrize("role", sorted(DATED_PAGES))
def test_dates_at_the_ends_of_the_calendar_answer_without_a_server_error(app, world, role):
    client = signed_in(app, role)
    failures = []
    for template in DATED_PAGES[role]:
        for day in BOUNDARY_DATES:
            url = template.format(day=day, kind=world.kind)
            status = client.get(url).status_code
            if status >= 500:
                failures.append(f"{url}: {status}")
    assert not failures, "\n".join(failures)


def test_choosing_a_time_at_the_end_of_the_calendar_is_refused_as_a_time_not_offered(
    client, clinic
):
    from tests.web.test_booking_flow import SAFE_LOW_BACK, first_slot, post, reason

    assert reason(client, clinic).status_code == 302
    post(client, "/book/safety", SAFE_LOW_BACK)
    post(client, "/book/therapist", {"therapist": "any"})
    therapist_id = first_slot(client).partition("@")[0]
    for start in ("9999-12-31T23:45:00+00:00", "0001-01-01T00:00:00+00:00"):
        response = post(client, "/book/time", {"slot": f"{therapist_id}@{start}"})
        assert response.status_code == 400, start
        assert "Choose one of the times shown" in response.get_data(as_text=True)


FORGED = "forged-token-that-is-long-enough-xyz"


@pytest.mark.parametrize(
    "url", [f"/visit/{FORGED}/reschedule", f"/visit/{FORGED}/intake/pain", "/visit/x/reschedule"]
)
def test_a_post_without_a_csrf_token_to_a_forged_link_answers_404(client, url):
    response = client.post(url, data={"slot": "1@2026-03-03T15:00:00+00:00"})
    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/staff/sign-in", "/book", "/ask-our-experts/ask"])
def test_a_json_content_type_with_a_body_that_is_not_a_form_answers_400(client, url):
    token = csrf_token(client)
    bodies = (b"{not json", b"\xff\xfe", b"", b"email=a@b.example", b"[1, 2]", b'"text"', b"7")
    for headers in ({}, {"X-CSRFToken": token}):
        for body in bodies:
            response = client.post(
                url, data=body, headers={"Content-Type": "application/json", **headers}
            )
            assert response.status_code in (400, 415), (url, body, headers)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_post_without_a_csrf_token_while_the_database_is_down_answers_400_or_503(
    database, tmp_path
):
    from clinic import create_app
    from clinic.extensions import db

    # Nothing answers: a file where SQLite's directory should be; a closed port.
    (tmp_path / "not-a-directory").write_text("")
    url = {
        "sqlite": f"sqlite:///{tmp_path}/not-a-directory/clinic.sqlite3",
        "postgresql": "postgresql+psycopg://clinic@127.0.0.1:1/none?connect_timeout=1",
    }[database]
    app = create_app({"CLINIC_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url})
    client = app.test_client()
    for page in ("/book", "/ask-our-experts/ask", "/staff/sign-in", f"/visit/{FORGED}/reschedule"):
        # The sign-in form is shown again without reading the database (400); a page that
        # must read it first says the service is unavailable (503).
        assert client.post(page, data={"words": "Sore knee"}).status_code in (400, 503), page
    with app.app_context():
        db.engine.dispose()


def test_ids_past_what_an_id_column_holds_name_nothing(app, world):
    """PostgreSQL's INTEGER is 32 bits: a larger id used to reach the query and answer 500."""
    desk = signed_in(app, "admin")
    for id_ in ("2147483648", "34359738369", "9223372036854775807"):
        assert desk.get(f"/frontdesk/appointments/{id_}").status_code == 404
        token = csrf_token(desk)
        url = f"/staff/articles/{id_}/unpublish"
        assert desk.post(url, data={"csrf_token": token}).status_code == 404


def test_a_huge_location_number_on_the_first_booking_step_is_refused_as_a_form_error(client):
    token = csrf_token(client)
    response = client.post(
        "/book", data={"csrf_token": token, "location": "99999999999999999999", "region": "knee"}
    )
    assert response.status_code == 400
