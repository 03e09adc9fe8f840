"""Error pages: in the site's layout for people, JSON for API clients, never a traceback."""

import html

import pytest

from clinic.core.errors import ERROR_TEXT


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def is_in_the_site_layout(response) -> bool:
    text = page_text(response)
    return all(part in text for part in ("<nav", "Ask our experts", "Book an evaluation", "<h1>"))


@pytest.fixture
def app_with_a_broken_page(app):
    """The app with one more page, which fails with an unexpected exception."""

    def broken():
        raise RuntimeError("internal detail that must not leak")

    app.add_url_rule("/boom", "boom", broken)
    return app


def test_unknown_page_answers_404_inside_the_site_layout(client):
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert is_in_the_site_layout(response)
    assert ERROR_TEXT[404][0] in page_text(response)


def test_get_on_a_post_only_address_answers_405_with_allow(client):
    response = client.get("/staff/sign-out")

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert is_in_the_site_layout(response)


def test_request_body_over_the_limit_answers_413(app, client):
    too_much = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)

    response = client.post("/staff/sign-in", data={"email": too_much})

    assert response.status_code == 413
    assert is_in_the_site_layout(response)
    assert ERROR_TEXT[413][0] in page_text(response)


def test_unexpected_exception_answers_500_in_the_layout_without_a_traceback(
    app_with_a_broken_page,
):
    response = app_with_a_broken_page.test_client().get("/boom")

    assert response.status_code == 500
    assert is_in_the_site_layout(response)
    assert ERROR_TEXT[500][0] in page_text(response)
    for leak in ("Traceback", "RuntimeError", "internal detail"):
        assert leak not in page_text(response)


def test_unknown_api_address_answers_404_as_json(client):
    response = client.get("/api/no-such-thing")

    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"]["status"] == 404


def test_a_views_own_message_reaches_the_error_page(app):
    from flask import abort

    def picky():
        abort(400, "Choose a week as YYYY-MM-DD.")

    app.add_url_rule("/picky", "picky", picky)
    response = app.test_client().get("/picky")

    assert response.status_code == 400
    assert "Choose a week as YYYY-MM-DD." in page_text(response)
    assert is_in_the_site_layout(response)


def test_stock_wording_is_replaced_by_the_clinics_own(client):
    response = client.get("/no-such-page")

    assert "The requested URL was not found on the server" not in page_text(response)
