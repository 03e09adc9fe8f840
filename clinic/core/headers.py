"""Security headers on every response: what a browser may load, frame, send on and keep.

One `after_request` hook, registered in `create_app()`, so no page can forget them. A view's
own stricter choice (a feed's `Referrer-Policy: no-referrer`, an API's `Cache-Control`) stands.
See docs/security.md.
"""

from flask import Flask, Response, request, session
from flask_login import current_user

#: Only our own files run, style or load; no inline script or style, no plugins, no framing,
#: forms post only to us. `img-src data:` is for CSS-drawn images; nothing else needs more.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)

#: Full URLs go only to our own pages, nothing to other sites. Not `no-referrer`: over HTTPS
#: Flask-WTF refuses a form post that carries no same-origin Referer, so a page with a form
#: must send one to us. The secret tokens in /visit/... and /feeds/... URLs therefore never
#: leave the site, and article addresses (health topics) don't either.
REFERRER_POLICY = "same-origin"

#: Pages that are the same for every anonymous visitor and hold no personal data: browsers
#: and proxies may keep them. Everything else is `no-store`.
PUBLIC_ENDPOINTS = frozenset(
    {
        "public.home",
        "public.privacy",
        "content.index",
        "content.article",
        "content.sitemap",
        "content.robots",
        "api.therapists",
        "api.appointment_types",
        "api.openapi",
        "static",
    }
)


def may_be_cached() -> bool:
    """True only for a successful public GET to an anonymous visitor with nothing personal in it.

    Staff see their own navigation and flashes, a POST's answer echoes what was typed, and a
    page that consumed a flash message changed the session: none of these may be kept.
    """
    if request.method not in ("GET", "HEAD") or request.endpoint not in PUBLIC_ENDPOINTS:
        return False
    if request.endpoint == "static":
        return True  # our own CSS and JS; not worth loading a staff member's session for
    return not current_user.is_authenticated and not session.modified


def add_security_headers(response: Response, hsts_max_age: int) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers.setdefault("Referrer-Policy", REFERRER_POLICY)
    if hsts_max_age:
        headers["Strict-Transport-Security"] = f"max-age={hsts_max_age}"
    private = response.status_code >= 400 or not may_be_cached()
    if private and "no-store" not in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "no-store"
    if private:
        # Private pages (a visit's link, a booking, staff screens) stay out of search indexes
        # even if an address leaks into a crawler's queue.
        headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def init_app(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        return add_security_headers(response, app.config["HSTS_MAX_AGE"])
