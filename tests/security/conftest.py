"""The attack catalogue's world and one signed-in client per role."""

import pytest

from tests import factories
from tests.conftest import AuthActions, csrf_token_from
from tests.security import world as world_module

ROLES = ("anonymous", "front_desk", "therapist_a", "therapist_b", "admin")


@pytest.fixture
def world(app):
    """Two therapists and everything they own (see tests/security/world.py), as ids.

    Built in an app context of its own: a context left open would be shared by every
    request of every test client, and Flask-Login caches the signed-in user in it.
    """
    with app.app_context():
        return world_module.ids(world_module.build())


def signed_in(app, role: str):
    """A new test client signed in as `role` (or not at all, for "anonymous")."""
    client = app.test_client()
    if role != "anonymous":
        response = AuthActions(app, client).sign_in(world_module.EMAILS[role])
        assert response.status_code == 302, response.get_data(as_text=True)
    return client


@pytest.fixture
def clients(app, world):
    """{role: client} for every role, each signed in through the real form."""
    return {role: signed_in(app, role) for role in ROLES}


def csrf_token(client) -> str:
    """A valid CSRF token for this client's session (the ask form is open to everyone)."""
    return csrf_token_from(client.get("/ask-our-experts/ask").get_data(as_text=True))


@pytest.fixture
def clinic(app, db_session):
    """A bookable clinic in Illinois for the patient's booking steps (as tests/web use)."""
    world = factories.make_bookable_clinic()
    world.location.state = "IL"
    db_session.commit()
    return world
