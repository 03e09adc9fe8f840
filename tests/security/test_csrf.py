"""CSRF on every POST (OWASP ASVS 3.5.1): from the url_map, each POST route answers 400 and
changes nothing without a token, with a token from another session and with a stale token.

Each is sent by a role that could otherwise use the route, so a route that skipped the
check would go ahead and show up here.
"""

import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tests.security.conftest import csrf_token, signed_in
from tests.security.routes import OK, ROUTES, path
from tests.security.snapshot import changed_tables, snapshot

#: POST routes that need no CSRF token, each with the reason. None today: the public API is
#: read-only (GET), and every form, public or staff, carries a token.
CSRF_EXEMPT: dict[str, str] = {}

#: Who would use a POST route that has no URL parameter, by blueprint.
ROLE_BY_BLUEPRINT = {
    "auth": "admin",
    "content": "anonymous",
    "booking": "anonymous",
    "frontdesk": "front_desk",
    "therapist": "therapist_b",
    "admin": "admin",
    "content_staff": "therapist_b",
}
ROLE_BY_ENDPOINT = {"auth.sign_in": "anonymous"}
PREFERRED = ("anonymous", "therapist_b", "admin", "front_desk")


def post_routes(app, world):
    """(endpoint, url, role) for every POST route."""
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in CSRF_EXEMPT:
            continue
        spec = ROUTES.get(rule.endpoint)
        if spec is not None:
            role = next(r for r in PREFERRED if spec.access[r] == OK)
            url = path(rule, spec.values(world)) + (f"?{spec.query}" if spec.query else "")
        else:
            blueprint = rule.endpoint.split(".")[0]
            role = ROLE_BY_ENDPOINT.get(rule.endpoint) or ROLE_BY_BLUEPRINT[blueprint]
            url = rule.rule
        yield rule.endpoint, url, role


def token_signed_ago(app, client, seconds: int) -> str:
    """A token for this session as if it had been issued `seconds` ago."""

    class Earlier(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - seconds

    csrf_token(client)  # makes sure the session holds its raw token
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    serializer = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token", signer=Earlier)
    return serializer.dumps(raw)


def test_a_token_made_the_same_way_but_fresh_is_accepted(app, world):
    """The stale token below differs from a good one only by its age."""
    client = signed_in(app, "anonymous")
    response = client.post(
        f"/visit/{world.b.token}/cancel", data={"csrf_token": token_signed_ago(app, client, 60)}
    )
    assert response.status_code == 302


def test_every_post_route_is_checked(app, world):
    endpoints = {endpoint for endpoint, _, _ in post_routes(app, world)}
    assert "booking.review" in endpoints and "manage.cancel" in endpoints
    assert len(endpoints) + len(CSRF_EXEMPT) == sum(
        "POST" in rule.methods for rule in app.url_map.iter_rules()
    )


@pytest.mark.parametrize("variant", ["no token", "another session's token", "stale token"])
def test_every_post_without_a_valid_token_answers_400_and_changes_nothing(app, world, variant):
    routes = list(post_routes(app, world))
    clients = {role: signed_in(app, role) for role in {role for _, _, role in routes}}
    someone_else = signed_in(app, "anonymous")
    failures = []
    before = snapshot(app)
    for endpoint, url, role in routes:
        client = clients[role]
        data = {}
        if variant == "another session's token":
            data["csrf_token"] = csrf_token(someone_else)
        elif variant == "stale token":
            data["csrf_token"] = token_signed_ago(app, client, 5 * 3600)  # the limit is 4 h
        response = client.post(url, data=data)
        after = snapshot(app)
        changed = changed_tables(before, after)
        if response.status_code != 400 or changed:
            failures.append(f"{endpoint} POST {url} as {role}: {response.status_code}, {changed}")
        before = after
    assert not failures, "\n".join(failures)
