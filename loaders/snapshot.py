"""What every list loader does to a file before reading rows: decode it, date it, cite it.

* **Decoding.** List files are not all UTF-8 (older OFAC files are Windows
  code pages) and some end with a DOS EOF byte (0x1A). :func:`decode` strips
  the EOF byte, decodes UTF-8 when the bytes are UTF-8 and otherwise asks
  charset-normalizer for the encoding. A line that still holds control
  characters or undecodable bytes is garbage: it is reported through
  ``ctx.problem`` with its line number and blanked, so line numbers stay true
  and the other rows load.
* **Dating.** A snapshot's date comes, in order, from the loader options
  (``--published`` / ``ctx.options["snapshot"]``), from the nearest folder whose
  name starts with ``YYYY-MM-DD`` (``ofac_sdn/2024-05-03/sdn.csv``), or from a
  date inside the file the loader passes (the XML publish date). An undated
  snapshot still loads, but rows without a date of their own get no
  ``listed_on`` and no removals are computed from it.
* **Citing.** Each file becomes a ``Document`` node (``kind: list_snapshot``,
  code ``<family>@<date>``, e.g. ``ofac-sdn@2024-05-03``) that every fact read
  from it cites; its ``sha256`` recognises a reload.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterator

import charset_normalizer

from sanctions_kg.errors import InputError
from sanctions_kg.graph.facts import Node
from sanctions_kg.loaders.registry import LoadContext

_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_C1 = re.compile(r"[\x80-\x9f]")
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DATE_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%m/%d/%Y", "%m/%d/%y",
                 "%b %Y", "%B %Y", "%Y/%m/%d")

csv.field_size_limit(2**24)


def decode(data: bytes, ctx: LoadContext, skip: Callable[[int | None, str], None] | None = None) -> tuple[str, str]:
    """The text of a list file and the encoding used; garbage lines are reported and blanked.

    ``skip`` reports a skipped line (default ``ctx.problem``; a loader passes
    its own to count skipped rows in its summary).
    """
    skip = skip or ctx.problem
    data = re.sub(rb"\x1a[\r\n]*\Z", b"", data)
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _decode_mixed(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not _CONTROL.search(text):
        return text, encoding
    lines = text.split("\n")
    repaired = []
    for i, line in enumerate(lines):
        if not _CONTROL.search(line.rstrip("\r")):
            continue
        fixed = _C1.sub(_cp1252, line)
        if fixed != line and not _CONTROL.search(fixed.rstrip("\r")):
            lines[i] = fixed
            repaired.append(i + 1)
            continue
        skip(i + 1, "garbage bytes (control characters or undecodable bytes); line skipped")
        lines[i] = ""
    if repaired:
        ctx.problem(repaired[0], f"{len(repaired)} line(s) held Windows-1252 characters stored as C1 control "
                    f"codes (e.g. U+0092 for an apostrophe); repaired (lines {', '.join(map(str, repaired[:10]))})")
    return "\n".join(lines), encoding


def _cp1252(m: re.Match) -> str:
    """A C1 control character read as the Windows-1252 character it was meant to be."""
    try:
        return m.group(0).encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:
        return m.group(0)


def _decode_mixed(data: bytes) -> tuple[str, str]:
    """Decode bytes that are not valid UTF-8.

    If other lines hold valid multi-byte UTF-8, the file is UTF-8 with some
    broken lines (those decode with U+FFFD and are then reported as garbage);
    otherwise it is a legacy code page, which charset-normalizer names.
    """
    lines = data.split(b"\n")
    utf8_multibyte = False
    bad: list[bytes] = []
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(line)
            continue
        if not line.isascii():
            utf8_multibyte = True
    if utf8_multibyte:
        return data.decode("utf-8", errors="replace"), "utf-8"
    best = charset_normalizer.from_bytes(b"\n".join(bad)).best()
    encoding = best.encoding if best is not None else "cp1252"
    return data.decode(encoding, errors="replace"), encoding


def for_file(ctx: LoadContext, path: Path) -> LoadContext:
    """A context whose problems name ``path`` (a file inside the folder being loaded), sharing the rest."""
    if ctx.path == path:
        return ctx
    return LoadContext(store=ctx.store, options=ctx.options, problems=ctx.problems, path=path)


def read_file(path: Path) -> bytes:
    """The bytes of a file, or an InputError naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc


def csv_rows(text: str, ctx: LoadContext, width: int | None = None, name: str | None = None,
             skip: Callable[[int | None, str], None] | None = None) -> Iterator[tuple[int, list[str]]]:
    """``(line number, fields)`` for each CSV record of ``text``; blank lines are skipped.

    With ``width``, a record with another number of fields (a truncated last
    row, a stray quote) is reported with its line and skipped.
    """
    skip = skip or ctx.problem
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            skip(line, f"malformed CSV ({exc}); row skipped")
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not row or all(not f.strip() for f in row):
            continue
        if width is not None and len(row) != width:
            what = "truncated row" if len(row) < width else "row with extra fields"
            skip(start, f"{what}: {len(row)} of {width} fields{' in ' + name if name else ''}; row skipped")
            continue
        yield start, row


def parse_date(text: str | None) -> str | None:
    """An ISO date (``YYYY[-MM[-DD]]``) from the styles the lists use, else None.

    >>> parse_date("10 Dec 2021"), parse_date("March 12, 2021"), parse_date("1962"), parse_date("9/4/02")
    ('2021-12-10', '2021-03-12', '1962', '2002-09-04')
    """
    if not text:
        return None
    text = " ".join(str(text).replace("circa", "").split()).strip(" .;,")
    if _ISO.match(text):
        return text
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt in ("%b %Y", "%B %Y"):
            return parsed.strftime("%Y-%m")
        return parsed.strftime("%Y-%m-%d")
    return None


def find_dates(text: str) -> list[str]:
    """Every prose date (``March 12, 2021``) or ISO date in ``text``, in order, as ISO."""
    out = []
    for m in re.finditer(r"[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{4}-\d{2}-\d{2}", text or ""):
        iso = parse_date(m.group(0).replace(".", ""))
        if iso:
            out.append(iso)
    return out


def snapshot_date(path: Path, ctx: LoadContext, inside: str | None = None) -> str | None:
    """The snapshot date: loader option, then a ``YYYY-MM-DD`` folder name, then ``inside``."""
    for key in ("snapshot", "published"):
        value = ctx.options.get(key)
        if value:
            iso = parse_date(value)
            if not iso or len(iso) != 10:
                raise InputError(path, f"--{key} {value!r} is not a date (YYYY-MM-DD)")
            return iso
    for folder in ([path] if path.is_dir() else []) + list(path.parents)[:3]:
        m = _DATED.match(folder.name)
        if m:
            try:
                date.fromisoformat(m.group(1))
            except ValueError:
                continue
            return m.group(1)
    return inside


def snapshot_document(family: str, day: str | None, data: bytes, title: str, url: str | None,
                      publisher: str, file_name: str) -> Node:
    """The Document node of one snapshot file (code ``<family>@<date>``, or ``@sha-…`` when undated)."""
    digest = hashlib.sha256(data).hexdigest()
    code = f"{family}@{day}" if day else f"{family}@sha-{digest[:12]}"
    return Node("Document", code, {
        "name": f"{title} ({file_name}, {day or 'undated'})",
        "title": title, "url": url, "published": day, "publisher": publisher,
        "kind": "list_snapshot", "sha256": digest,
    })

