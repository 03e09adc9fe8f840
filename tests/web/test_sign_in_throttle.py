"""Sign-in throttling that slows the guesser, not the person guessed (issue 17, item 3).

Wrong passwords are counted per account and address together, per address, and per browser
that signed in to the account recently; past a limit each failure blocks for a delay that
doubles. Nobody elsewhere can lock a member of staff out.
"""

from clinic.auth.models import Role
from tests.conftest import AuthActions
from tests.web.test_auth import WRONG_PASSWORD, client_at

OWNER_AT, GUESSER_AT = "198.51.100.4", "203.0.113.9"


def _actions(app, address: str) -> AuthActions:
    return AuthActions(app, client_at(app, address))


def _fail(actions: AuthActions, email: str, times: int) -> list[int]:
    return [actions.sign_in(email, WRONG_PASSWORD).status_code for _ in range(times)]


def test_wrong_passwords_from_another_address_leave_the_owner_free_to_sign_in(app, auth):
    email = auth.create(Role.ADMIN)
    guesser = _actions(app, GUESSER_AT)

    assert _fail(guesser, email, 7) == [401] * 5 + [429] * 2

    assert _actions(app, OWNER_AT).sign_in(email).status_code == 302


def test_the_guessers_own_right_password_waits_and_each_delay_doubles(app, auth, clock):
    email = auth.create(Role.FRONT_DESK)
    guesser = _actions(app, GUESSER_AT)
    _fail(guesser, email, 5)
    waits = []
    for _ in range(3):
        refused = guesser.sign_in(email)
        assert refused.status_code == 429
        waits.append(int(refused.headers["Retry-After"]))
        clock.advance(seconds=waits[-1])
        assert guesser.sign_in(email, WRONG_PASSWORD).status_code == 401
    assert waits == [30, 60, 120]


def test_a_browser_that_signed_in_recently_gets_in_while_its_address_is_blocked(app, auth):
    """Behind one address (a proxy, an office), 20 wrong posts for made-up emails block the
    address; the staff member's own browser, which signed in before, still gets in."""
    email = auth.create(Role.ADMIN)
    owner = _actions(app, GUESSER_AT)
    assert owner.sign_in(email).status_code == 302
    owner.sign_out()
    guesser = _actions(app, GUESSER_AT)
    for n in range(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]):
        assert guesser.sign_in(f"made-up{n}@clinic.example", WRONG_PASSWORD).status_code == 401
    assert guesser.sign_in(email).status_code == 429

    assert owner.sign_in(email).status_code == 302


def test_a_recognised_browser_that_guesses_is_slowed_on_its_own(app, auth):
    email = auth.create(Role.FRONT_DESK)
    owner = _actions(app, OWNER_AT)
    assert owner.sign_in(email).status_code == 302
    owner.sign_out()

    assert _fail(owner, email, 6) == [401] * 5 + [429]
    assert _actions(app, GUESSER_AT).sign_in(email).status_code == 302


def test_a_forged_or_copied_browser_cookie_for_another_account_counts_for_nothing(app, auth):
    email, other = auth.create(Role.ADMIN), auth.create(Role.FRONT_DESK)
    guesser = _actions(app, GUESSER_AT)
    assert guesser.sign_in(other).status_code == 302  # a real mark, for another account
    guesser.sign_out()
    guesser._client.set_cookie("clinic_browser", "forged.value.here")

    assert _fail(guesser, email, 6) == [401] * 5 + [429]


def test_guesses_from_many_addresses_meet_the_accounts_limit_from_anywhere(app, auth):
    """The guard against a guesser with many addresses: it slows unrecognised browsers only."""
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT_ANYWHERE"] = 3
    email = auth.create(Role.FRONT_DESK)
    owner = _actions(app, OWNER_AT)
    assert owner.sign_in(email).status_code == 302
    owner.sign_out()
    for n in range(3):
        assert _fail(_actions(app, f"192.0.2.{n + 1}"), email, 1) == [401]

    assert _actions(app, "192.0.2.9").sign_in(email).status_code == 429
    assert owner.sign_in(email).status_code == 302
