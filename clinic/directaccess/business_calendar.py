"""Which days are not business days for a state's direct-access counts.

Rules that count business days (Illinois and Kansas limits, Illinois's and Ohio's
notification deadlines) skip weekends and public holidays. The holidays come from the
`holidays` library (maintained, with observed dates when a holiday falls on a weekend), not a
hand-kept list: the US federal holidays plus the state's own public holidays (Illinois's
Lincoln's Birthday, Casimir Pulaski Day and Election Day, Kansas's Christmas Eve, ...).
Calendar-day rules never ask.
"""

from collections.abc import Container
from datetime import date
from functools import cache

import holidays


@cache
def holidays_for(state: str) -> Container[date]:
    """US federal holidays and the state's own public holidays, any year (filled lazily)."""
    try:
        return holidays.country_holidays("US", subdiv=state)
    except NotImplementedError:  # a code the library does not know: federal holidays only
        return holidays.country_holidays("US")
