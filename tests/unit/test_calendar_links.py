"""The Google Calendar "add to calendar" link."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from clinic.invites.links import google_calendar_url

CHICAGO = ZoneInfo("America/Chicago")
START = datetime(2026, 3, 3, 10, 0, tzinfo=CHICAGO)
END = START + timedelta(hours=1)
TITLE = "Physical therapy evaluation, Lakeshore & Peaks Physical Therapy"
DETAILS = "Bring a photo ID.\nManage: https://clinic.example/manage/t0ken?x=1&y=2#top"
LOCATION = "1200 W Belmont Ave #2, Chicago, IL 60657"


def link(**overrides) -> str:
    fields = {
        "title": TITLE,
        "start": START,
        "end": END,
        "details": DETAILS,
        "location": LOCATION,
    } | overrides
    return google_calendar_url(**fields)


def query(url: str) -> dict[str, str]:
    parsed = parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(values) == 1 for values in parsed.values())
    return {key: values[0] for key, values in parsed.items()}


def test_link_goes_to_googles_event_template():
    parts = urlsplit(link())
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "calendar.google.com",
        "/calendar/render",
    )
    assert parts.fragment == ""
    assert query(link())["action"] == "TEMPLATE"


def test_dates_are_utc_in_googles_format():
    assert query(link())["dates"] == "20260303T160000Z/20260303T170000Z"
    assert "&dates=20260303T160000Z/20260303T170000Z&" in link()


@pytest.mark.parametrize(
    ("start", "end", "dates"),
    [
        pytest.param(
            datetime(2026, 3, 8, 1, 30, tzinfo=CHICAGO),
            datetime(2026, 3, 8, 3, 30, tzinfo=CHICAGO),
            "20260308T073000Z/20260308T083000Z",
            id="across-spring-forward",
        ),
        pytest.param(
            datetime(2026, 11, 1, 1, 30, tzinfo=CHICAGO),
            datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=CHICAGO),
            "20261101T063000Z/20261101T073000Z",
            id="across-fall-back",
        ),
        pytest.param(
            datetime(2026, 3, 3, 16, 0, 59, 999999, tzinfo=UTC),
            datetime(2026, 3, 3, 17, 0, tzinfo=UTC),
            "20260303T160059Z/20260303T170000Z",
            id="already-utc-with-microseconds",
        ),
    ],
)
def test_dates_are_the_right_instants_around_dst(start, end, dates):
    assert query(link(start=start, end=end))["dates"] == dates


def test_parsing_the_query_gives_back_the_inputs():
    assert query(link()) == {
        "action": "TEMPLATE",
        "text": TITLE,
        "dates": "20260303T160000Z/20260303T170000Z",
        "details": DETAILS,
        "location": LOCATION,
    }


def test_text_is_percent_encoded():
    url = link(title="Zoë & 山田 #1 + more")
    assert "text=Zo%C3%AB%20%26%20%E5%B1%B1%E7%94%B0%20%231%20%2B%20more&" in url
    assert query(url)["text"] == "Zoë & 山田 #1 + more"


def test_no_reserved_character_of_the_inputs_survives_unencoded():
    raw_query = urlsplit(link()).query
    assert " " not in raw_query
    assert "#" not in link()
    assert "\n" not in raw_query
    assert raw_query.count("&") == 4
    assert raw_query.count("=") == 5


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        link(start=datetime(2026, 3, 3, 10, 0))  # noqa: DTZ001


def test_a_visit_must_end_after_it_starts():
    with pytest.raises(ValueError, match="end after"):
        link(end=START)
