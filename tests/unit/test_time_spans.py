"""Time off and closures in words: the last day for whole days, the real end otherwise."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from clinic.core.templating import local_span

CHICAGO = ZoneInfo("America/Chicago")


def at(day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=CHICAGO)


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (at(9), at(12), "Mon Mar 9 to Wed Mar 11, 2026 (whole days)"),
        (at(11), at(12), "Wed Mar 11, 2026 (whole day)"),
        (at(16, 13), at(16, 15, 30), "Mon Mar 16, 2026, 1:00 PM to 3:30 PM CDT"),
        (at(16, 13), at(18), "Mon Mar 16, 2026, 1:00 PM CDT to the end of Tue Mar 17"),
        (at(16, 13), at(18, 12), "Mon Mar 16, 2026, 1:00 PM CDT to Wed Mar 18, 2026, 12:00 PM CDT"),
    ],
)
def test_a_span_reads_as_people_say_it(start, end, words):
    assert local_span(start, end, "America/Chicago") == words
