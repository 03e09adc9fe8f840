"""Open redirect after staff sign-in: the probe's values, sent through the real form.

A refused `next` never stops the sign-in: the person lands on their own start page, signed in.
(A NUL byte is refused before any view, with 400: tests/security/test_injection_and_input.py.)
"""

from urllib.parse import quote

import pytest

from clinic.auth.models import Role
from tests.unit.test_redirects import HOSTILE

LANDING = "/admin/"


@pytest.mark.parametrize(
    "raw",
    ["/%09/evil.example/phish", "/%0a/x", "/%0d%0a/evil.example", "/%5C/evil.example"]
    + [quote(value, safe="") for value in HOSTILE.values() if value and "\x00" not in value],
)
def test_a_hostile_next_lands_on_the_start_page_signed_in(auth, raw):
    email = auth.create(Role.ADMIN)

    response = auth.sign_in(email, next_url=raw)

    assert response.status_code == 302
    assert response.headers["Location"] == LANDING
    assert auth._client.get(LANDING).status_code == 200
