"""The application factory: the testing config, and refusing unsafe or unknown configurations."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from clinic import ConfigurationError, create_app

ROOT = Path(__file__).resolve().parents[2]
IN_MEMORY = "sqlite://"


@pytest.mark.parametrize(
    "config",
    [
        pytest.param("testing", id="by-name"),
        pytest.param({"CLINIC_ENV": "testing"}, id="by-mapping"),
    ],
)
def test_testing_config_turns_testing_on(config):
    assert create_app(config).testing


def test_unknown_environment_is_refused_naming_the_allowed_ones():
    with pytest.raises(ConfigurationError) as refused:
        create_app({"CLINIC_ENV": "staging", "SQLALCHEMY_DATABASE_URI": IN_MEMORY})

    message = str(refused.value)
    assert "staging" in message
    for allowed in ("development", "testing", "production"):
        assert allowed in message


@pytest.mark.parametrize(
    "secret_key",
    [
        pytest.param("", id="empty"),
        pytest.param("dev", id="well-known"),
        pytest.param("changeme", id="placeholder"),
        pytest.param("x" * 31, id="31-characters"),
    ],
)
def test_production_refuses_a_weak_secret_key(secret_key):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(
            {
                "CLINIC_ENV": "production",
                "SECRET_KEY": secret_key,
                "SQLALCHEMY_DATABASE_URI": IN_MEMORY,
            }
        )


def test_production_starts_with_a_long_random_secret_key():
    app = create_app(
        {
            "CLINIC_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(36),
            "SQLALCHEMY_DATABASE_URI": IN_MEMORY,
            "PUBLIC_BASE_URL": "https://book.clinic.example",
        }
    )

    assert not app.testing
    assert app.config["SESSION_COOKIE_SECURE"]


def flask_routes_in_production(tmp_path, **env) -> subprocess.CompletedProcess:
    """Run `flask --app clinic routes` as a fresh process configured for production."""
    environment = {key: value for key, value in os.environ.items() if key != "SECRET_KEY"}
    environment |= {
        "CLINIC_ENV": "production",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'clinic.sqlite3'}",
        "CLINIC_INSTANCE_PATH": str(tmp_path / "instance"),
        "FLASK_SKIP_DOTENV": "1",
        "PUBLIC_BASE_URL": "https://book.clinic.example",
    } | env
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "clinic", "routes"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_flask_command_refuses_to_start_in_production_without_a_secret_key(tmp_path):
    result = flask_routes_in_production(tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_flask_command_starts_in_production_with_a_secret_key(tmp_path):
    result = flask_routes_in_production(tmp_path, SECRET_KEY=secrets.token_urlsafe(36))

    assert result.returncode == 0, result.stderr
    assert "auth.sign_in" in result.stdout


@pytest.mark.parametrize("host", ["127.0.0.1:5000", "localhost:5000"])
def test_make_runs_development_server_answers_on_both_loopback_names(host, tmp_path):
    """`make run` serves http://127.0.0.1:5000; a developer who types localhost gets the same."""
    app = create_app(
        {"CLINIC_ENV": "development", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'd.db'}"}
    )
    assert app.test_client().get("/healthz", headers={"Host": host}).status_code != 400


def test_development_still_refuses_a_foreign_host(tmp_path):
    app = create_app(
        {"CLINIC_ENV": "development", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'd.db'}"}
    )
    assert app.test_client().get("/healthz", headers={"Host": "evil.example"}).status_code == 400
