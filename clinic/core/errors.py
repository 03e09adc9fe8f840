"""Domain errors and the HTTP error pages.

Services raise `DomainError` subclasses with a message a patient or receptionist can act on;
the web layer decides the status code.
"""

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, SecurityError, TooManyRequests

from clinic.core.domain import DomainError
from clinic.extensions import db


class NotAllowed(DomainError):
    status_code = 403


ERROR_TEXT = {
    400: ("The request could not be understood", "Something in what was sent was not valid."),
    403: ("You don't have access to this page", "Your role doesn't include this page."),
    404: ("Page not found", "We couldn't find that page. It may have moved or never existed."),
    405: ("That action isn't allowed here", "This address doesn't accept that kind of request."),
    413: ("That was too large", "What you sent was larger than we accept. Please send less."),
    415: ("That kind of content isn't accepted", "This page accepts a form, sent by the page."),
    409: ("That time is no longer free", "Someone else took it a moment ago."),
    422: ("That can't be done", "The request broke one of the clinic's rules."),
    429: ("Too many attempts", "Please wait a little and try again."),
    500: ("Something went wrong on our side", "The error has been logged. Please try again."),
    503: ("We're briefly unavailable", "Please try again in a moment."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def error_response(status: int, detail: str | None = None, headers: dict | None = None):
    title, text = ERROR_TEXT.get(status, ERROR_TEXT[500])
    if wants_json():
        response = jsonify(error={"status": status, "title": title, "detail": detail or text})
    else:
        response = render_template(
            "errors/error.html", status=status, title=title, text=detail or text
        )
    return response, status, headers or {}


#: Bodies a browser's form sends; the site's pages accept nothing else.
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def sends_a_form() -> bool:
    """True when the request's body, if any, is a form a browser could have sent."""
    return request.mimetype in FORM_TYPES or not (request.mimetype or request.content_length)


def keeps_input_on_csrf_failure(view):
    """Mark a view that shows its form again when the CSRF token is missing or stale.

    The view is called again with `g.csrf_failed` set; it must answer 400 or more (a
    FlaskForm does so by itself, reporting the token as an error). If it answers below 400
    anyway, its work is rolled back and the generic 400 page is shown instead.
    """
    view.keeps_input_on_csrf_failure = True
    return view


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        expired = "This form has expired. Go back, reload the page and try again."
        view = app.view_functions.get(request.endpoint or "")
        if getattr(view, "keeps_input_on_csrf_failure", False) and sends_a_form():
            g.csrf_failed = True
            try:
                response = app.make_response(view(**(request.view_args or {})))
            except Exception as raised:
                # The view refused before showing its form (an unknown link: 404; the
                # database down: 503): that answer, from the handler it would have had.
                db.session.rollback()
                return app.handle_user_exception(raised)
            if response.status_code >= 400:
                return response  # the form again, with what was typed; nothing is committed
            # The view went ahead as if the form were valid: nothing it did may stand.
            db.session.rollback()
        return error_response(400, expired)

    @app.errorhandler(DomainError)
    def broken_rule(error: DomainError):
        return error_response(error.status_code, error.message)

    from clinic.scheduling.errors import SlotTaken
    from clinic.scheduling.presenting import render_slot_taken

    app.register_error_handler(SlotTaken, render_slot_taken)

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError):
        if "locked" in str(error.orig).lower():
            # SQLite gave up waiting for another writer: ask the client to retry shortly.
            return error_response(
                503, "The clinic's system is busy. Please try again.", {"Retry-After": "2"}
            )
        app.logger.exception("Database error on %s %s", request.method, request.path)
        return error_response(503)

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # A Host outside TRUSTED_HOSTS: no URL can be built for it, so a plain page.
        text = "This site answers only at its own address."
        return text, 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(TooManyRequests)
    def too_many(error: TooManyRequests):
        retry_after = getattr(error, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else {}
        return error_response(429, error.description, headers)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        # A view's own message (abort(400, "...")) is shown; Werkzeug's stock wording is not.
        detail = error.description if error.description != type(error).description else None
        headers = dict(error.get_headers()) if error.code == 405 else {}
        headers.pop("Content-Type", None)
        return error_response(error.code, detail, headers)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(500)
