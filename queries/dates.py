"""Partial ISO dates, read the same way by the Cypher files and the embedded queries.

The model stores dates as ISO strings that may be partial - ``2019``,
``2019-10`` or ``2019-10-09`` - because sources often give no more. The
canned queries compare and subtract them, so both stores must agree on what
a partial date means:

* as a point in time, a partial date is **the first day of its period**
  (``2019`` -> ``2019-01-01``, ``2019-10`` -> ``2019-10-01``). In Cypher that is
  ``substring(d + '-01-01', 0, 10)``; here it is :func:`first_day`. Days
  between two dates are counted between those first days
  (``duration.inDays(date(a), date(b)).days`` in Cypher, :func:`days_between`
  here);
* as the upper bound of a period parameter (``until=2021``) a partial date
  is **the last day of its period** (``2021-12-31``), so ``until=2021``
  includes all of 2021 (:func:`last_day`). Lower bounds (``since``) are first
  days.

Padded dates are full ISO dates, so comparing them as text orders them in
time - which is how the Cypher files compare them.

Examples
--------
>>> first_day("2019"), first_day("2019-10"), first_day("2019-10-09"), first_day(None)
('2019-01-01', '2019-10-01', '2019-10-09', None)
>>> last_day("2020"), last_day("2020-02"), last_day("2020-02-10")
('2020-12-31', '2020-02-29', '2020-02-10')
>>> days_between("2019-10-09", "2021-12")
784
"""

from __future__ import annotations

import calendar
import re
from datetime import date

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def first_day(value: str | None) -> str | None:
    """The first day of the period a partial ISO date names (None stays None)."""
    if value is None:
        return None
    return (value + "-01-01")[:10]


def last_day(value: str) -> str:
    """The last day of the period a partial ISO date names."""
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value


def days_between(earlier: str, later: str) -> int:
    """Days from ``earlier`` to ``later``, each taken as the first day of its period."""
    return (date.fromisoformat(first_day(later)) - date.fromisoformat(first_day(earlier))).days


def check_date(text: str) -> str:
    """``text`` if it is a real ISO date, possibly partial; raises ValueError otherwise."""
    if not DATE_RE.match(text):
        raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
    date.fromisoformat(first_day(text))  # rejects month 13, day 32 ...
    return text
