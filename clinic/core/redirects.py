"""Where a page may send someone next: only a path on this site.

A browser cleans a Location before following it: it drops tabs and newlines anywhere, strips
leading spaces and control characters, reads a backslash as a slash, and treats `//host` as
another site. So `/\\t/evil.example` arrives as `//evil.example`. Rather than imitate that
cleaning, anything it would change is refused, and what is left must be a plain path.
"""

import re
from urllib.parse import unquote, urlsplit

#: Control characters, spaces and backslashes: never part of a path this site links to.
_UNSAFE = re.compile(r"[\s\x00-\x20\x7f\\]")
#: A start that some decoder could turn into another site: `//`, `/\`, `/<tab>/`.
_HOST_START = re.compile(r"/[\s\x00-\x20\x7f\\/]")
MAX_LENGTH = 2000


def same_site_path(target: object) -> str | None:
    """`target` if it is a path on this site ("/frontdesk/?date=..."), else None."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return None
    if _UNSAFE.search(target) or not target.startswith("/"):
        return None
    for form in (target, unquote(target), unquote(unquote(target))):
        # Encoded slashes and controls at the start are refused too: a proxy or the next
        # hop may decode them before a browser sees the address.
        if _HOST_START.match(form) or "\\" in form:
            return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
