"""Date expressions in prose -> ISO dates at the precision the text gives.

Rules (the words are in ``document_rules.yaml`` under ``dates``):

* explicit dates -> ``YYYY-MM-DD``: "October 9, 2019", "9 October 2019",
  "Oct. 9, 2019", "2019-10-09", "10/9/2019" (US order);
* month and year -> ``YYYY-MM``: "October 2019", "since October 2019";
* a bare year after a preposition -> ``YYYY``: "in 2019", "since 2019"
  (a bare number elsewhere is not a date: "Public Law 116-145", "Copyright 2022");
* relative to the publication date ``published``:
  "last June" -> the latest June strictly before the publication month
  ("last June" in an article of May 2022 is 2021-06); "in July" / "in early
  November" (a month without year) -> the latest such month not after the
  publication month; "last year" / "this year", "March of this year"; "today" / "yesterday";
  "on October 3" or "on 3 October" -> the latest October 3 not after the publication date, "December 11
  last year"; "on Thursday" and "Thursday's" -> the latest Thursday on or before the publication
  date, "last Thursday" -> the latest one strictly before it.
  Without a publication date relative expressions are left unresolved.

Each :class:`DateMention` records whether it is a "since"/"from" date, which
listing claims prefer.

>>> [d.value for d in find_dates("on the Entity List since October 2019", "2022-05-07")]
['2019-10']
>>> [d.value for d in find_dates("Last June, the President signed", "2022-05-07")]
['2021-06']
>>> [d.value for d in find_dates("effective February 24, 2023.", None)]
['2023-02-24']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sanctions_kg.loaders.rules import RULES

_D = RULES["dates"]
MONTHS: dict[str, int] = {k.lower(): int(v) for k, v in _D["month_names"].items()}
WEEKDAYS: list[str] = [w.lower() for w in _D["weekdays"]]
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_PREP = "|".join(sorted((p.lower() for p in _D["year_prepositions"]), key=len, reverse=True))
_SINCE = {w.lower() for w in _D["since_words"]}

_LEAD = re.compile(rf"\b(?P<lead>(?:{_PREP}|last|this|next|early|late|mid)\b[- ]?(?:(?:early|late|mid)[- ])?)$",
                   re.IGNORECASE)
_PATTERN = re.compile(
    rf"""
    \b(?=[0-9a-z])
    (?:
        (?P<mdy>(?P<m1>{_MON})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)\b)
      | (?P<dmy>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MON})\.?,?\s+(?P<y2>(?:19|20)\d\d)\b)
      | (?P<dm>(?P<d11>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m11>{_MON})\b\.?(?!,?\s*(?:19|20)\d\d))
      | (?P<iso>(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)\b)
      | (?P<num>(?P<m4>[01]?\d)/(?P<d4>[0-3]?\d)/(?P<y4>(?:19|20)\d\d)\b)
      | (?P<my>(?P<m5>{_MON})\.?,?\s+(?P<y5>(?:19|20)\d\d)\b)
      | (?P<mdly>(?P<m10>{_MON})\.?\s+(?P<d10>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<yw2>last|this|next)\s+year\b)
      | (?P<md>(?P<m9>{_MON})\.?\s+(?P<d9>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+(?:(?:19|20)\d\d|last|this|next)\b))
      | (?P<moy>(?P<m8>{_MON})\s+of\s+(?P<yw>last|this|next)\s+year\b)
      | (?P<rely>(?P<rw>last|this|next)\s+year\b)
      | (?P<relm>(?P<rmw>last|this|next)\s+month\b)
      | (?P<day>(?P<dw>today|yesterday)\b)
      | (?P<wd>(?P<wl>on|last)\s+(?P<wn>{"|".join(WEEKDAYS)})\b)
      | (?P<wdp>(?P<wn2>{"|".join(WEEKDAYS)})['’]s\b)
      | (?P<mo>(?P<m6>{_MON})\b(?!\s*\d))
      | (?P<yr>(?P<y7>(?:19|20)\d\d)\b(?![-/]\d))
    )
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in the text: flat offsets, the ISO value, and whether it was "since ..."."""

    start: int
    end: int
    value: str
    since: bool = False


def _pub(published: str | None) -> date | None:
    if not published:
        return None
    parts = [int(p) for p in published.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


#: "last", "this", "next" year or month
_SHIFT = {"last": -1, "this": 0, "next": 1}


def _modal_may(text: str, m: re.Match, group: str) -> bool:
    """Whether the month of ``group`` is the modal verb "may", written in lower case."""
    return m.group(group) == "may" and text[m.start(group)] == "m"


def _weekday(pub: date, name: str, strictly_before: bool = False) -> str:
    """The latest day called ``name`` on (or, ``strictly_before``, before) the day ``pub``."""
    back = (pub.weekday() - WEEKDAYS.index(name.lower())) % 7
    return (pub - timedelta(days=back or (7 if strictly_before else 0))).isoformat()


def _ymd(y: int, m: int, d: int | None = None) -> str | None:
    try:
        date(y, m, d or 1)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else "")


def find_dates(text: str, published: str | None = None, offset: int = 0) -> list[DateMention]:
    """All date expressions in ``text`` (offsets shifted by ``offset``), resolved against ``published``."""
    pub = _pub(published)
    out: list[DateMention] = []
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for m in _PATTERN.finditer(low):
        lm = _LEAD.search(text, max(0, m.start() - 24), m.start())
        lead = (lm.group("lead") if lm else "").strip().lower().rstrip("-")
        first = lead.split("-")[0].split()[0] if lead else ""
        value: str | None = None
        if m.group("mdy"):
            value = _ymd(int(m.group("y1")), MONTHS[m.group("m1").lower()], int(m.group("d1")))
        elif m.group("dmy"):
            value = _ymd(int(m.group("y2")), MONTHS[m.group("m2").lower()], int(m.group("d2")))
        elif m.group("iso"):
            value = _ymd(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
        elif m.group("num"):
            value = _ymd(int(m.group("y4")), int(m.group("m4")), int(m.group("d4")))
        elif m.group("my"):
            mon = m.group("m5")
            if _modal_may(text, m, "m5"):
                continue
            value = _ymd(int(m.group("y5")), MONTHS[mon.lower()])
        elif m.group("mdly") and pub:
            value = _ymd(pub.year + _SHIFT[m.group("yw2").lower()], MONTHS[m.group("m10").lower()], int(m.group("d10")))
        elif (m.group("md") or m.group("dm")) and pub:
            # "On October 3", "On 10 October": the latest such day not after publication
            mg, dg = ("m9", "d9") if m.group("md") else ("m11", "d11")
            if _modal_may(text, m, mg):
                continue
            mon, day = MONTHS[m.group(mg).lower()], int(m.group(dg))
            value = _ymd(pub.year, mon, day)
            if value and value > pub.isoformat():
                value = _ymd(pub.year - 1, mon, day)
        elif m.group("moy") and pub:
            value = _ymd(pub.year + _SHIFT[m.group("yw").lower()], MONTHS[m.group("m8").lower()])
        elif m.group("rely") and pub:
            value = f"{pub.year + _SHIFT[m.group('rw').lower()]:04d}"
        elif m.group("relm") and pub:
            month = pub.month + _SHIFT[m.group("rmw").lower()]
            year = pub.year + (month - 1) // 12
            value = _ymd(year, (month - 1) % 12 + 1)
        elif m.group("day") and pub:
            d = pub - timedelta(days=1 if m.group("dw").lower() == "yesterday" else 0)
            value = d.isoformat()
        elif m.group("wd") and pub:
            # "last Thursday": strictly before the day of publication
            value = _weekday(pub, m.group("wn"), strictly_before=m.group("wl").lower() == "last")
        elif m.group("wdp") and pub:
            value = _weekday(pub, m.group("wn2"))   # "Friday's action"
        elif m.group("mo"):
            mon = m.group("m6")
            if not first or not text[m.start("m6")].isupper():
                continue  # a bare month name needs a preposition ("in July", "last June")
            if pub is None:
                continue
            month = MONTHS[mon.lower()]
            if first == "last":
                year = pub.year if month < pub.month else pub.year - 1
            elif first == "next":
                year = pub.year if month > pub.month else pub.year + 1
            else:
                year = pub.year if month <= pub.month else pub.year - 1
            value = _ymd(year, month)
        elif m.group("yr"):
            if not first or first in ("last", "this", "next"):
                continue
            value = m.group("y7")
        if value:
            start = lm.start("lead") if lm and first in _SINCE else m.start()
            out.append(DateMention(offset + start, offset + m.end(), value, since=first in _SINCE))
    return out
