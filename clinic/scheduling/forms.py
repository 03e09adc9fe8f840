"""The forms for hours and time off that the front desk and the therapist's own screens share."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, StringField, TimeField
from wtforms.validators import InputRequired, Length, Optional


class TimeOffForm(FlaskForm):
    start_day = DateField("From date", validators=[InputRequired("Enter the first date.")])
    start_time = TimeField("From time", validators=[Optional()])
    end_day = DateField("To date", validators=[InputRequired("Enter the last date.")])
    end_time = TimeField(
        "To time",
        description="Leave both times empty for whole days.",
        validators=[Optional()],
    )
    reason = StringField("Reason", validators=[Length(max=200)])
    confirm = BooleanField("Save even though bookings fall in this time")

    def span(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """From the dates and optional times, in `zone`: whole days when no times are given."""
        start = datetime.combine(self.start_day.data, self.start_time.data or time(), zone)
        if self.end_time.data is None:
            end = datetime.combine(self.end_day.data + timedelta(days=1), time(), zone)
        else:
            end = datetime.combine(self.end_day.data, self.end_time.data, zone)
        return start, end


class RemoveForm(FlaskForm):
    confirm = BooleanField("Remove even though bookings fall outside the remaining hours")
