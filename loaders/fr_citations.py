"""Federal Register citations as the lists write them, normalised to one form.

The CSL's ``federal_register_notice`` column is free text in several styles
(``85 FR 83799``, ``83 FR 37423; 87 FR 77505``, ``67 F.R. 56530 9/4/02``,
``Vol. 88, No. 151, 08/08/2023``, ``68 F.R. 38290 6/27/03 71 F.R. 38843 ...``).
Each citation found becomes ``<volume> FR <page>`` (or ``<volume> FR No.
<issue>`` when only the issue is given), the code of a ``federal_register``
Document node that the listing cites.

Examples
--------
>>> [c.code for c in parse_citations("83 FR 37423; 87 FR 77505")]
['83 FR 37423', '87 FR 77505']
>>> c = parse_citations("67 F.R. 56530 9/4/02")[0]; (c.code, c.date)
('67 FR 56530', '2002-09-04')
>>> c = parse_citations("Notice 1958, Vol. 59, No. 44, 3/07/94")[0]; (c.code, c.date)
('59 FR No. 44', '1994-03-07')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sanctions_kg.graph.facts import Node
from sanctions_kg.loaders.snapshot import parse_date

_DATE = r"\(?(\d{1,2}/\d{1,2}/\d{2,4})\)?"
_PAGE = re.compile(rf"(\d{{1,3}})\s*\.?\s*F\.?\s*R\.?\s+(\d{{1,6}})(?:,?\s*{_DATE})?")
_ISSUE = re.compile(rf"Vol\.?\s*(\d{{1,3}}),?\s*No\.?\s*(\d{{1,4}})(?:,?\s*{_DATE})?", re.I)


@dataclass(frozen=True)
class Citation:
    """One Federal Register citation: volume, page or issue, and the date when written."""

    volume: int
    page: int | None = None
    issue: int | None = None
    date: str | None = None

    @property
    def code(self) -> str:
        if self.page is not None:
            return f"{self.volume} FR {self.page}"
        return f"{self.volume} FR No. {self.issue}"

    @property
    def url(self) -> str | None:
        """govinfo's link service resolves a volume and page to the published issue."""
        if self.page is None:
            return None
        return f"https://www.govinfo.gov/link/fr/{self.volume}/{self.page}"

    def document(self) -> Node:
        """The ``federal_register`` Document node this citation names."""
        return Node("Document", self.code, {
            "name": self.code, "kind": "federal_register", "url": self.url,
            "published": self.date, "publisher": "Office of the Federal Register",
        })


def parse_citations(text: str | None) -> list[Citation]:
    """Every citation in ``text``, in order, without repeats."""
    out: list[Citation] = []
    if not text:
        return out
    for m in _PAGE.finditer(text):
        _add(out, Citation(int(m.group(1)), page=int(m.group(2)), date=_us_date(m.group(3))))
    for m in _ISSUE.finditer(text):
        _add(out, Citation(int(m.group(1)), issue=int(m.group(2)), date=_us_date(m.group(3))))
    return out


def _add(out: list[Citation], cit: Citation) -> None:
    if all(c.code != cit.code for c in out):
        out.append(cit)


def _us_date(text: str | None) -> str | None:
    if not text:
        return None
    month, day, year = text.split("/")
    if len(year) == 2:
        year = ("20" if int(year) < 50 else "19") + year
    return parse_date(f"{int(month):02d}/{int(day):02d}/{year}")
