"""Only a path on this site may follow a sign-in: every spelling a browser, a proxy or a
decoder could turn into another site is refused."""

import pytest

from clinic.core.redirects import same_site_path

HOSTILE = {
    "protocol-relative": "//evil.example/phish",
    "absolute": "https://evil.example/",
    "scheme only": "javascript:alert(1)",
    "data": "data:text/html,hi",
    "backslash": "/\\evil.example/",
    "two backslashes": "\\\\evil.example",
    "tab after slash": "/\t/evil.example/phish",
    "newline after slash": "/\n/x",
    "carriage return": "/\r/evil.example",
    "newline inside": "/frontdesk/\nSet-Cookie: x=1",
    "leading space": " //evil.example",
    "leading tab": "\t//evil.example",
    "NUL": "/\x00/evil.example",
    "DEL": "/\x7f/evil.example",
    "encoded slash": "/%2F/evil.example",
    "encoded slashes": "/%2f%2fevil.example",
    "encoded backslash": "/%5Cevil.example",
    "encoded tab": "/%09/evil.example",
    "encoded newline": "/%0a/x",
    "twice encoded slash": "/%252F/evil.example",
    "no leading slash": "evil.example",
    "relative": "../admin",
    "empty": "",
    "too long": "/" + "a" * 2001,
    "non-breaking space": "/\u00a0/evil.example",
}


@pytest.mark.parametrize("target", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_value_that_could_leave_the_site_is_refused(target):
    assert same_site_path(target) is None


@pytest.mark.parametrize(
    "target",
    [
        "/frontdesk/",
        "/frontdesk/week?date=2026-03-02&location=all",
        "/frontdesk/patients?q=Ann%20Lee",
        "/staff/appointments/12/intake",
        "/admin/audit?action=auth.sign_in#top",
    ],
)
def test_a_path_on_this_site_is_kept(target):
    assert same_site_path(target) == target


def test_a_value_that_is_not_text_is_refused():
    assert same_site_path(None) is None
    assert same_site_path(["/frontdesk/"]) is None
