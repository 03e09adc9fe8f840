"""Whole numbers from people and URLs: ASCII digits, one spelling per number."""

import pytest

from clinic.core.numbers import MAX_ID, whole_number


@pytest.mark.parametrize(
    ("raw", "expected"), [("0", 0), ("7", 7), ("0042", 42), (str(MAX_ID), MAX_ID), (12, 12)]
)
def test_ascii_digits_are_numbers(raw, expected):
    assert whole_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        " 1",
        "1 ",
        "+1",
        "-1",
        "1_0",
        "1.0",
        "1e3",
        "\u0661",
        "\uff11",
        "\u00b2",
        "0x10",
        str(MAX_ID + 1),
        "9" * 40,
        None,
        True,
        -3,
        1.0,
    ],
)
def test_anything_else_is_not(raw):
    assert whole_number(raw) is None


def test_a_maximum_can_be_lower():
    assert whole_number("10", maximum=9) is None and whole_number("9", maximum=9) == 9
