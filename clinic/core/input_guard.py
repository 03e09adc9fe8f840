"""Refuse input no person types: a NUL character in a query string or form field.

PostgreSQL cannot store NUL in text (psycopg raises) and SQLite would store it silently, so one
guard before every view answers 400 instead of a 500 on one database and bad data on the other.
"""

from flask import Flask, request

from clinic.core.errors import FORM_TYPES, error_response, sends_a_form

NUL_MESSAGE = (
    "Part of what was sent contains a character that can't be used (a NUL byte). "
    "Please retype it and try again."
)
NOT_A_FORM = (
    "This page accepts what its own form sends (a form post), not JSON or other content. "
    "Please use the form on the page."
)


def has_nul(values) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_nul_bytes():
        if has_nul(request.args) or (request.mimetype in FORM_TYPES and has_nul(request.form)):
            return error_response(400, NUL_MESSAGE)
        return None

    @app.before_request
    def refuse_bodies_that_are_not_forms():
        # Flask-WTF would read a JSON body as the form, and a list or a number there fails
        # inside WTForms; no page of this site is posted anything but a form.
        if request.method not in ("GET", "HEAD", "OPTIONS") and not sends_a_form():
            return error_response(415, NOT_A_FORM)
        return None


__all__ = ["FORM_TYPES", "NOT_A_FORM", "NUL_MESSAGE", "has_nul", "init_app"]
