"""Refuse input no person types: a NUL character in a query string or form field.

PostgreSQL cannot store NUL in text (psycopg raises) and SQLite would store it silently, so one
guard before every view answers 400 instead of a 500 on one database and bad data on the other.
"""

from flask import Flask, request

from clinic.core.errors import error_response

NUL_MESSAGE = (
    "Part of what was sent contains a character that can't be used (a NUL byte). "
    "Please retype it and try again."
)


def has_nul(values) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_nul_bytes():
        if has_nul(request.args) or (request.mimetype in FORM_TYPES and has_nul(request.form)):
            return error_response(400, NUL_MESSAGE)
        return None


FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
