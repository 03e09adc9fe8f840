"""Absolute links for emails, invites, sitemaps and canonical tags: always from the configured
`PUBLIC_BASE_URL`, never from the request.

A request's Host (or, behind a proxy, X-Forwarded-Host) is whatever the client sent; a link
built from it would let anyone make the clinic's genuine emails point at another site. So
every absolute URL starts with the one address the operator configured, and `trusted_hosts`
gives Flask the names it may answer to at all (anything else is a 400).
"""

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """An absolute URL for `endpoint` under `PUBLIC_BASE_URL`, in a request or outside one."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path.rstrip("/") or "/", url_scheme=base.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def trusted_hosts(public_base_url: str, extra: str = "") -> list[str]:
    """The host names a request may carry: the public address's, plus any listed in `extra`
    (comma- or space-separated, e.g. an internal name the health check uses)."""
    names = [urlsplit(public_base_url).hostname or ""]
    names += [name for name in extra.replace(",", " ").split() if name]
    return [name for name in dict.fromkeys(names) if name]
