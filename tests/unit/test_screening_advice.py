"""What a screening result means for the booking: the doctor's window, the time frame in
plain words, and a warning softened afterwards."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from clinic.intake import advice
from clinic.intake.screening import Severity, Urgency

CHICAGO = ZoneInfo("America/Chicago")


def test_see_a_doctor_today_allows_no_visit_before_noon_tomorrow_in_the_clinics_zone():
    monday_morning = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 09:00 in Chicago
    earliest = advice.earliest_start(Urgency.TODAY, monday_morning, CHICAGO)
    assert earliest == datetime(2026, 3, 3, 12, 0, tzinfo=CHICAGO)


def test_late_evening_utc_is_still_today_in_the_clinics_zone():
    # 23:30 in Chicago on Monday is already Tuesday in UTC: the window still ends Tuesday noon.
    late = datetime(2026, 3, 3, 5, 30, tzinfo=UTC)
    assert advice.earliest_start("today", late, CHICAGO) == datetime(
        2026, 3, 3, 12, 0, tzinfo=CHICAGO
    )


@pytest.mark.parametrize("urgency", [Urgency.FEW_DAYS, None])
def test_other_results_leave_the_times_open(urgency):
    assert advice.earliest_start(urgency, datetime(2026, 3, 2, 15, tzinfo=UTC), CHICAGO) is None


def test_a_start_inside_the_window_is_refused_with_the_time_it_may_start():
    earliest = datetime(2026, 3, 3, 12, 0, tzinfo=CHICAGO)
    with pytest.raises(advice.TooSoonAfterAdvice) as refused:
        advice.check_start(datetime(2026, 3, 3, 9, 0, tzinfo=CHICAGO), earliest, CHICAGO)
    assert refused.value.status_code == 422
    assert "12:00 PM on Tuesday March 3" in refused.value.message
    advice.check_start(earliest, earliest, CHICAGO)  # noon itself is fine


def test_the_time_frame_is_said_in_plain_words():
    assert advice.time_frame(Urgency.TODAY).startswith("See a doctor today.")
    assert "within the next few days" in advice.time_frame("few_days")
    assert advice.time_frame(None) is None


def test_a_warning_softened_afterwards_is_noticed_and_the_gravest_warning_stays():
    assert advice.gravest_warning(["clear", "emergency", "physician"]) is Severity.EMERGENCY
    assert advice.gravest_warning(["clear", "inform"]) is None
    assert advice.softened(Severity.EMERGENCY, "clear")
    assert advice.softened("emergency", "physician")
    assert not advice.softened("physician", "physician")
    assert not advice.softened(None, "clear")
