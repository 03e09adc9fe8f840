"""The key a client address is counted under by every limit: an IPv6 address by its /64.

One IPv6 subscriber is usually given a whole /64 and can use a new address from it for
every request, so a limit keyed on the exact address would never bite. IPv4 addresses (and
IPv4-mapped IPv6 ones) are counted as they are. Used by the Flask-Limiter guard and the
database limits behind it; the audit log keeps the exact address.
"""

import ipaddress

from flask import request


def limit_key(address: str | None) -> str:
    """ "2001:db8:1:2::/64" for any address in that /64; an IPv4 address as it is."""
    if not address:
        return "unknown"
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def request_limit_key() -> str:
    """Flask-Limiter's key function: the requesting client's limit key."""
    return limit_key(request.remote_addr)
