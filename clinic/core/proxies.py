"""Production behind a proxy the app was not told about: refuse, rather than trust nobody.

With `TRUSTED_PROXIES=0` the app reads every client's address from the socket, which behind a
reverse proxy is the proxy's own: every patient and every member of staff would then share
one address in the rate limits, the sign-in throttle and the audit log, and a stranger's
wrong passwords would slow everyone. A running app only learns it is behind a proxy when a
request arrives with forwarded headers, so that is where production refuses: 503 with a
message naming the setting, and an error in the log (once per process) for the operator.
Development and tests are left alone, and once `TRUSTED_PROXIES` is set ProxyFix reads the
headers instead.
"""

from flask import Flask, request

from clinic.core.errors import error_response

FORWARDED_HEADERS = ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded")
MESSAGE = (
    "This site is not set up to run behind its proxy yet. The clinic's administrator "
    "needs to set TRUSTED_PROXIES; please try again later."
)


def init_app(app: Flask) -> None:
    if app.config["CLINIC_ENV"] != "production" or app.config.get("TRUSTED_PROXIES"):
        return
    logged = []

    @app.before_request
    def refuse_unconfigured_proxy():
        if not any(name in request.headers for name in FORWARDED_HEADERS):
            return None
        if not logged:
            logged.append(True)
            app.logger.error(
                "Refusing requests that arrive through a proxy (%s): set TRUSTED_PROXIES to "
                "the number of proxies in front of the app (see README, Running in production).",
                ", ".join(name for name in FORWARDED_HEADERS if name in request.headers),
            )
        return error_response(503, MESSAGE)
