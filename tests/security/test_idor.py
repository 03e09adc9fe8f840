"""IDOR: every route with an id or token in its URL, asked by every role for therapist B's
records, for an unknown id and for malformed ones (OWASP ASVS 8.2.2).

Driven from `app.url_map`: a new route with a URL parameter fails
`test_every_route_with_a_parameter_has_an_expectation` until it is added to
tests/security/routes.py. Each role's whole walk is one test that collects every mismatch.
"""

import re

import pytest

from tests.security.conftest import ROLES, csrf_token, signed_in
from tests.security.routes import (
    FORGED_TOKENS,
    MALFORMED_IDS,
    NON_CANONICAL_IDS,
    OK,
    ROUTES,
    UNKNOWN_ID,
    outcome,
    path,
    rules_with_parameters,
)
from tests.security.snapshot import changed_tables, snapshot


def test_every_route_with_a_parameter_has_an_expectation(app):
    missing = [rule.rule for rule, _ in rules_with_parameters(app) if rule.endpoint not in ROUTES]
    assert not missing, f"add these routes to tests/security/routes.py: {missing}"
    stale = set(ROUTES) - {rule.endpoint for rule, _ in rules_with_parameters(app)}
    assert not stale, f"routes.py names routes that no longer exist: {stale}"


def _answer(client, method, url, token):
    """What the request amounts to (SIGN_IN or the status); the response is closed."""
    response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
    response.close()  # static files are streamed from an open file
    return outcome(response)


def _nothing_there_for_key(rule, key, bad, expected):
    """A typed parameter (`<int:number>`) refuses a value of the wrong shape while routing,
    before any access check, so every role gets 404: the shape of a URL says nothing about
    which records exist."""
    converter = rule._converters.get(key)
    if converter is not None and not re.fullmatch(converter.regex, bad):
        return 404
    return _nothing_there(expected)


def _refused(expected) -> bool:
    return expected != OK


def _nothing_there(expected):
    """A role that may use the page learns only "not found" about an id that names nothing;
    a role that may not gets the same refusal it gets for a real id, so no answer tells
    which ids exist."""
    return 404 if expected in (OK, 404) else expected


@pytest.mark.parametrize("role", ROLES)
def test_another_owners_unknown_and_malformed_ids_get_the_documented_answer(app, world, role):
    client = signed_in(app, role)
    token = csrf_token(client)
    failures = []
    before = snapshot(app)
    for rule, methods in rules_with_parameters(app):
        spec = ROUTES.get(rule.endpoint)
        if spec is None:
            continue  # reported by the test above
        expected = spec.access[role]
        values = spec.values(world)
        query = f"?{spec.query}" if spec.query else ""
        for method in methods:
            # Another owner's record: allowed roles may read it; state-changing posts by
            # allowed roles are left to the feature tests (they would change the world).
            if method == "GET" or _refused(expected):
                got = _answer(client, method, path(rule, values) + query, token)
                if got != expected:
                    failures.append(f"{method} {rule.rule} (B's record): {got}, not {expected}")
            for key in spec.keys:
                bad_values = FORGED_TOKENS if spec.token else (UNKNOWN_ID, *MALFORMED_IDS)
                for bad in bad_values:
                    url = path(rule, values | {key: bad}) + query
                    got = _answer(client, method, url, token)
                    wanted = _nothing_there_for_key(rule, key, bad, expected)
                    if got != wanted:
                        failures.append(f"{method} {url} ({key}={bad!r}): {got}, not {wanted}")
    changed = changed_tables(before, snapshot(app))
    assert not failures, "\n".join(failures)
    assert not changed, f"refused or unknown requests changed {changed}"


def test_non_canonical_ids_are_not_read_as_ids(app, world):
    failures = []
    for role in ("admin", "therapist_a"):
        client = signed_in(app, role)
        for rule, methods in rules_with_parameters(app):
            spec = ROUTES.get(rule.endpoint)
            if spec is None or spec.token or "GET" not in methods:
                continue
            for key in spec.keys:
                for bad in NON_CANONICAL_IDS:
                    url = path(rule, spec.values(world) | {key: bad}) + (
                        f"?{spec.query}" if spec.query else ""
                    )
                    got = _answer(client, "GET", url, "")
                    wanted = _nothing_there_for_key(rule, key, bad, spec.access[role])
                    if got != wanted:
                        failures.append(f"{role} GET {url} ({key}={bad!r}): {got}, not {wanted}")
    assert not failures, "\n".join(failures)
