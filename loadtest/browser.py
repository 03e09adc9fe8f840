"""A small HTTP client that behaves like a browser without JavaScript: cookies, forms with
CSRF tokens, redirects followed with GET. Every request is timed and recorded.

It uses only the standard library (one connection per request: gunicorn's sync workers close
it anyway), so the load generator stays light next to the server on the same machine.
"""

import http.client
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
#: Seconds a request may take before the client gives up (gunicorn's worker timeout is 30).
TIMEOUT = 40


@dataclass(frozen=True)
class Sample:
    """One request: which endpoint, what came back, when it started and how long it took."""

    endpoint: str
    status: int  # 0 when the connection failed (reset, refused, timed out)
    started: float  # time.monotonic()
    seconds: float
    retry_after: str | None = None


@dataclass
class Recorder:
    """Collects samples from every simulated person; thread-safe."""

    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


@dataclass(frozen=True)
class Page:
    status: int
    headers: dict[str, str]
    text: str
    url: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def csrf_token(self) -> str:
        match = CSRF_FIELD.search(self.text)
        if match is None:
            raise UnexpectedPage(f"{self.url} ({self.status}) has no CSRF token")
        return match.group(1)


class UnexpectedPage(Exception):
    """A page did not look the way the journey expected; the journey starts over."""


class Browser:
    """One person's browser: its own cookies, talking to one loopback server."""

    def __init__(self, base_url: str, recorder: Recorder):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.recorder = recorder
        self.cookies: dict[str, str] = {}

    def get(self, path: str, endpoint: str, *, follow: bool = True) -> Page:
        return self._request("GET", path, endpoint, None, follow)

    def post(self, path: str, endpoint: str, form: dict | list, *, follow: bool = True) -> Page:
        return self._request("POST", path, endpoint, urlencode(form, doseq=True), follow)

    def _request(self, method, path, endpoint, body, follow) -> Page:
        page = self._once(method, path, endpoint, body)
        # A browser follows a redirect after a form with a GET of the new address.
        hops = 0
        while follow and page.status in (301, 302, 303) and hops < 5:
            target = urlsplit(urljoin(path, page.headers.get("location", "/")))
            path = target.path + (f"?{target.query}" if target.query else "")
            page = self._once("GET", path, _follow_label(path), None)
            hops += 1
        return page

    def _once(self, method: str, path: str, endpoint: str, body: str | None) -> Page:
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "clinic-load/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.recorder.add(Sample(endpoint, 0, started, time.monotonic() - started))
            raise
        finally:
            connection.close()
        seconds = time.monotonic() - started
        for value in response.headers.get_all("Set-Cookie") or []:
            self._keep_cookie(value)
        retry_after = response.headers.get("Retry-After")
        self.recorder.add(Sample(endpoint, response.status, started, seconds, retry_after))
        headers_out = {k.lower(): v for k, v in response.headers.items()}
        return Page(response.status, headers_out, text, path)

    def _keep_cookie(self, header: str) -> None:
        # The Secure flag is ignored on purpose: in production a TLS proxy sits in front.
        name, _, rest = header.partition("=")
        value = rest.split(";", 1)[0]
        expired = "max-age=0" in header.lower() or "expires=thu, 01 jan 1970" in header.lower()
        if expired or value == "":
            self.cookies.pop(name.strip(), None)
        else:
            self.cookies[name.strip()] = value


def _follow_label(path: str) -> str:
    """Endpoint names for pages reached by a redirect."""
    bare = path.split("?", 1)[0]
    if bare.startswith("/frontdesk/appointments/"):
        return "GET /frontdesk/appointments/<id>"
    if bare.startswith("/visit/"):
        return "GET /visit/<token>/"
    return f"GET {bare}"
