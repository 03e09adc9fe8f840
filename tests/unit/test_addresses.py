"""The limit key of a client address: IPv6 by its /64, IPv4 as it is."""

import pytest

from clinic.core.addresses import limit_key


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("2001:db8:5:7::1", "2001:db8:5:7::/64"),
        ("2001:db8:5:7:ffff:ffff:ffff:ffff", "2001:db8:5:7::/64"),
        ("2001:DB8:5:7::1%eth0", "2001:db8:5:7::/64"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("", "unknown"),
        (None, "unknown"),
        ("not-an-address", "not-an-address"),
    ],
)
def test_limit_key(address, key):
    assert limit_key(address) == key
