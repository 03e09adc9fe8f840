"""State changes over GET refused (OWASP ASVS 3.5.3): every GET route, asked by every role
with real ids, changes no row of any table but the documented bookkeeping (the audit log,
session last-seen times, sign-in throttling, article view counts)."""

import pytest

from tests.security.conftest import ROLES, signed_in
from tests.security.routes import ROUTES, path
from tests.security.snapshot import BOOKKEEPING, changed_tables, snapshot


def get_urls(app, world):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        spec = ROUTES.get(rule.endpoint)
        if spec is None:
            yield rule.rule  # no parameter (test_idor checks every parameter is known)
        else:
            yield path(rule, spec.values(world)) + (f"?{spec.query}" if spec.query else "")


@pytest.mark.parametrize("role", ROLES)
def test_no_get_changes_anything_but_bookkeeping(app, world, role):
    client = signed_in(app, role)
    failures = []
    before = snapshot(app)
    for url in get_urls(app, world):
        response = client.get(url)
        response.close()
        if response.status_code >= 500:
            failures.append(f"GET {url}: {response.status_code}")
        after = snapshot(app)
        if changed := changed_tables(before, after):
            failures.append(f"GET {url} ({response.status_code}) changed {changed}")
        before = after
    assert not failures, "\n".join(failures)
    assert "audit_event" in BOOKKEEPING  # reads of health data are audited, by design
