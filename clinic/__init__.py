"""Clinic: direct-access booking for physical-therapy clinics."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

import config as config_module
from clinic.core.urls import trusted_hosts

ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """The app refuses to start with a configuration that would be unsafe or broken."""


def _load_config(app: Flask, config: str | Mapping[str, Any] | None) -> None:
    overrides: Mapping[str, Any] = {}
    if isinstance(config, Mapping):
        overrides = config
        name = overrides.get("CLINIC_ENV") or os.environ.get("CLINIC_ENV", "development")
    else:
        name = config or os.environ.get("CLINIC_ENV", "development")
    if name not in config_module.CONFIGS:
        raise ConfigurationError(
            f"CLINIC_ENV={name!r} is not one of {', '.join(config_module.CONFIGS)}."
        )
    app.config.from_object(config_module.CONFIGS[name])
    app.config.update(overrides)
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(
            app.config["PUBLIC_BASE_URL"], app.config.get("EXTRA_TRUSTED_HOSTS", "")
        )
    if name == "production" and (
        app.config["SECRET_KEY"] in config_module.WEAK_SECRET_KEYS
        or len(app.config["SECRET_KEY"]) < 32
    ):
        raise ConfigurationError(
            "SECRET_KEY is not set to a real secret. Set the SECRET_KEY environment variable "
            "to a random string of at least 32 characters, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
        )
    _check_public_base_url(app, name)


def _check_public_base_url(app: Flask, name: str) -> None:
    """Every link the app writes starts with PUBLIC_BASE_URL: in production it must be https."""
    base = urlsplit(app.config.get("PUBLIC_BASE_URL") or "")
    if name == "production" and (base.scheme != "https" or not base.hostname):
        raise ConfigurationError(
            "PUBLIC_BASE_URL must be the site's https address in production, e.g. "
            "https://book.yourclinic.example: every link in emails and invites starts with it."
        )


def _refuse_per_worker_rate_limits(app: Flask) -> None:
    """Production with several workers must keep the rate limits' counts in a shared store.

    The worker count comes from CLINIC_WORKERS (set by the project's gunicorn.conf.py from
    gunicorn's own setting) or WEB_CONCURRENCY; with neither, one process is assumed.
    """
    config = app.config
    if config["CLINIC_ENV"] != "production" or not config["RATELIMIT_ENABLED"]:
        return
    if not config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        return
    raw = os.environ.get("CLINIC_WORKERS") or os.environ.get("WEB_CONCURRENCY") or "1"
    workers = int(raw) if raw.isdigit() else 1
    if workers > 1:
        raise ConfigurationError(
            f"{workers} workers would each count the rate limits on their own "
            "(RATELIMIT_STORAGE_URI=memory://). Point RATELIMIT_STORAGE_URI at a shared store, "
            "e.g. redis://127.0.0.1:6379/0 (README, Running in production), or run one worker."
        )


def create_app(config: str | Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, commands. Wiring only."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(config_module.INSTANCE_DIR),
        instance_relative_config=False,
    )
    _load_config(app, config)
    _refuse_per_worker_rate_limits(app)
    if app.config.get("TRUSTED_PROXIES"):
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    # The default SQLite file lives in the instance folder; any other path is the operator's
    # to create. An unusable database shows on /healthz (503), not as a crash at start-up.
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from clinic import models  # noqa: F401 - every table registered before the engine is used
    from clinic.core import (
        clock,
        database,
        errors,
        headers,
        input_guard,
        limits,
        proxies,
        templating,
    )
    from clinic.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    proxies.init_app(app)  # first: nothing runs for a request from an unknown proxy

    @app.before_request
    def every_request_proves_its_own_csrf_token() -> None:
        # Registered before CSRFProtect's check: a request sharing an app context with an
        # earlier one (as the test client can) must not inherit its "CSRF valid" mark or
        # its cached token, which belongs to the other request's session.
        g.pop("csrf_valid", None)
        g.pop("csrf_token", None)

    migrate.init_app(
        app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    limits.init_app(app)
    login_manager.init_app(app)
    clock.install(app, app.config.get("CLOCK") or clock.SystemClock())
    database.init_app(app)
    headers.init_app(app)
    errors.register_error_handlers(app)
    input_guard.init_app(app)
    templating.init_app(app)

    from clinic import cli
    from clinic.admin import views as admin_views
    from clinic.auth import views as auth_views
    from clinic.booking import manage as booking_manage
    from clinic.booking import views as booking_views
    from clinic.content import staff_views as content_staff_views
    from clinic.content import views as content_views
    from clinic.frontdesk import views as frontdesk_views
    from clinic.intake import views as intake_views
    from clinic.invites import views as feed_views
    from clinic.plans import views as plan_views
    from clinic.public import views as public_views
    from clinic.scheduling import api as scheduling_api
    from clinic.therapist import views as therapist_views

    auth_views.init_app(app)
    app.register_blueprint(public_views.bp)
    app.register_blueprint(content_views.bp)
    app.register_blueprint(content_staff_views.bp)
    app.register_blueprint(scheduling_api.bp)
    app.register_blueprint(intake_views.bp)
    app.register_blueprint(booking_views.bp)
    app.register_blueprint(booking_manage.bp)
    app.register_blueprint(feed_views.bp)
    app.register_blueprint(plan_views.bp)
    app.register_blueprint(frontdesk_views.bp)
    app.register_blueprint(therapist_views.bp)
    app.register_blueprint(admin_views.bp)
    cli.init_app(app)
    return app
