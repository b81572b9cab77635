"""Reading a document: bytes -> header metadata, body text, and its layout.

Offsets
-------
Every offset the document loader reports (evidence ``start``/``end``) is a
character offset into :attr:`DocText.body`: the text *after* the header block
(``key: value`` lines and the blank line that ends them) for plain files, or the
main text trafilatura extracts for HTML. ``body[start:end]`` is the evidence
text, so an analyst can check every claim against the file.

Layout
------
The body is cut into blocks (paragraphs, bullets, headings, table rows,
enumerations of names) and page furniture is recognised *by its shape*, so it
is never read for claims: trailing lists of headlines (a run of short lines
without sentence punctuation at the end of the page), tag lines, photo captions,
subscription and app prompts (``boilerplate_cues`` in ``document_rules.yaml``).
Nothing is deleted - furniture is just not analysed - so offsets never move.

Internally the analysers work on a *flat* text: the blocks that are read,
joined by ``"\\n"``, with markup blanked and whitespace runs collapsed to one
space; :meth:`DocText.to_body` maps a flat offset back to the body.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sanctions_kg.errors import InputError
from sanctions_kg.loaders.rules import RULES, starts_any_word, substring_finder

#: Largest accepted input, in bytes (``max_bytes`` in the rules file; 20 MB).
MAX_BYTES: int = int(RULES["max_bytes"])

HEADER_LINE = re.compile(r"^([A-Za-z][\w-]{0,40}):[ \t]*(.*?)\s*$")
ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_MARKUP = [(re.compile(p["regex"]), p["needs"]) for p in RULES["markup_patterns"]]
_BULLET = re.compile(RULES["bullet_prefix"])
_TABLE = re.compile(r"(?:^|\s)\|(?:\s|$)")
_CUES = substring_finder(tuple(sorted({c.lower() for c in RULES["boilerplate_cues"]})))
_PROMOS = substring_finder(tuple(sorted({c.lower() for c in RULES["boilerplate_promos"]})))
_SHORT = int(RULES["boilerplate_short_words"])
_CHARMAP = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2011": "-", "\u2010": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": " ", "\ufeff": " ", "`": "'",
    "\u2032": "'", "\t": " ",
})
# whitespace that the flat text turns into one space: runs of two or more, and any single
# character other than a space (written so that each branch starts with \s, which lets the
# scan skip ahead to whitespace; same matches as r"\s{2,}|[^\S ]")
_WS_RUN = re.compile(r"\s(?<=[^\S ])\s*|\s(?=\s)\s*")
_SENT_END = re.compile(r"""[.!?]["')\]]*\s*$""")


@dataclass
class Block:
    """A unit of layout: ``kind`` is prose, heading, item (a name in an enumeration),
    table or furniture; ``start``/``end`` are body offsets, ``fstart``/``fend`` flat ones."""

    kind: str
    start: int
    end: int
    text: str
    fstart: int = -1
    fend: int = -1
    heading: int | None = None     # index of the heading block governing this block


@dataclass
class DocText:
    """A decoded document: metadata, body and layout (see the module docstring)."""

    path: Path | None
    meta: dict
    body: str
    blocks: list[Block] = field(default_factory=list)
    flat: str = ""
    sha256: str = ""
    _fmap_flat: list[int] = field(default_factory=list, repr=False)
    _fmap_body: list[int] = field(default_factory=list, repr=False)

    def to_body(self, pos: int) -> int:
        """The body offset of flat offset ``pos``."""
        i = bisect_right(self._fmap_flat, pos) - 1
        if i < 0:
            return pos
        return self._fmap_body[i] + (pos - self._fmap_flat[i])

    @property
    def published(self) -> str | None:
        return self.meta.get("published")


# -------------------------------------------------------------------- decoding
def decode_bytes(data: bytes, path: Path | str) -> str:
    """Bytes -> text: UTF-8 if it decodes, else the encoding charset-normalizer detects.

    Raises :class:`InputError` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError(path, "empty document")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise InputError(path, "binary file (NUL bytes); expected text, Markdown or HTML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None or best.percent_chaos > 20:
            raise InputError(path, "cannot decode the text: unknown or mixed character encoding") from None
        text = str(best)
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > max(8, len(text[:20000]) // 100):
        raise InputError(path, "binary file (control characters); expected text, Markdown or HTML")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, refusing directories, unreadable and oversized files."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise InputError(path, f"document too large ({size:,} bytes; the limit is {max_bytes:,})")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc


def split_header(text: str) -> tuple[dict, str, int]:
    """``key: value`` header lines and a blank line -> (meta, body, header line count).

    A header is recognised only when every line before the first blank line is a
    ``key: value`` line and at least one key is a known header key.
    """
    lines = text.split("\n")
    meta: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if meta and any(k in RULES["header_keys"] for k in meta):
                body = "\n".join(lines[i + 1:])
                return meta, body, i + 1
            break
        m = HEADER_LINE.match(line)
        if not m:
            break
        meta[m.group(1).lower()] = m.group(2)
    return {}, text, 0


def html_to_text(html: str, path: Path | str) -> tuple[dict, str]:
    """Main text and metadata of an HTML page (trafilatura drops navigation and furniture)."""
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False,
                               include_tables=True, favor_precision=True, deduplicate=True)
    if not text or not text.strip():
        raise InputError(path, "no article text found in this HTML page")
    meta: dict[str, str] = {}
    md = trafilatura.extract_metadata(html)
    if md is not None:
        for key, attr in (("title", "title"), ("url", "url"), ("published", "date"),
                          ("publisher", "sitename"), ("author", "author")):
            value = getattr(md, attr, None)
            if value:
                meta[key] = str(value)
    return meta, text


def document_kind(meta: dict) -> str:
    """The Document ``kind`` from the header, else guessed from url/publisher (rules file)."""
    if meta.get("kind"):
        return meta["kind"]
    hay = " ".join(str(meta.get(k, "")) for k in ("url", "publisher", "outlet"))
    for rule in RULES["document_kinds"]:
        if rule["contains"] in hay:
            return rule["kind"]
    return "news" if (meta.get("outlet") or meta.get("url")) else "other"


def load_document(path: Path | str, published: str | None = None, max_bytes: int = MAX_BYTES) -> DocText:
    """Read, decode and lay out one document file (``.txt``, ``.md``, ``.html``)."""
    path = Path(path)
    data = read_bytes(path, max_bytes)
    text = decode_bytes(data, path)
    return parse_document(text, path=path, published=published, sha256=hashlib.sha256(data).hexdigest())


def parse_document(text: str, path: Path | None = None, published: str | None = None,
                   sha256: str = "", html: bool | None = None) -> DocText:
    """Text of a document -> :class:`DocText` (header split, HTML extracted, blocks laid out)."""
    where = path or "<text>"
    if html is None:
        html = (path is not None and path.suffix.lower() in (".html", ".htm")) or \
            text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))
    if html:
        meta, body = html_to_text(text, where)
    else:
        meta, body, _ = split_header(text)
    if "published" not in meta and meta.get("date"):
        meta["published"] = meta["date"]
    if meta.get("published"):
        value = meta["published"].strip()[:10]
        if not ISO_DATE.match(value) or not _valid_date(value):
            raise InputError(where, f"header 'published: {meta['published']}' is not a date (YYYY-MM-DD)", line=None)
        meta["published"] = value
    elif published:
        if not ISO_DATE.match(published) or not _valid_date(published):
            raise InputError(where, f"--published {published!r} is not a date (YYYY-MM-DD)")
        meta["published"] = published
    if not body.strip():
        raise InputError(where, "empty document (no text after the header)")
    doc = DocText(path=path, meta=meta, body=body, sha256=sha256)
    layout(doc)
    return doc


def _valid_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------- layout
_CHARPAIRS = [(chr(k), v) for k, v in _CHARMAP.items()]


def _view(body: str) -> str:
    """The body with markup blanked and quotes/dashes/spaces normalised; same length."""
    view = body
    for old, new in _CHARPAIRS:  # str.replace is much faster than translate() with a dict
        if old in view:
            view = view.replace(old, new)
    for rx, needs in _MARKUP:
        if needs in view:
            view = rx.sub(lambda m: " " * len(m.group(0)), view)
    return view


def _words(text: str) -> int:
    return len(text.split())


def _is_headline(text: str) -> bool:
    """A short line without sentence punctuation (a heading, a headline, a label)."""
    t = text.strip()
    return bool(t) and _words(t) <= 20 and not _SENT_END.search(t) and not t.endswith((",", ";"))


def _is_tagline(text: str) -> bool:
    parts = [p.strip() for p in text.split(",")]
    return len(parts) >= 3 and all(0 < _words(p) <= 3 for p in parts) and not _SENT_END.search(text.strip())


def _is_furniture(text: str) -> bool:
    low = text.lower()
    return starts_any_word(_PROMOS, low) or (_words(text) <= _SHORT and starts_any_word(_CUES, low)) \
        or _is_tagline(text)


def _paragraphs(view: str) -> list[tuple[int, int]]:
    """(start, end) of paragraphs: runs of lines separated by blank lines."""
    spans, pos = [], 0
    for m in _BLANK_LINE.finditer(view):
        spans.append((pos, m.start()))
        pos = m.end() - 1
    spans.append((pos, len(view)))
    out = []
    for s, e in spans:
        seg = view[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if seg.strip():
            out.append((s + lead, e - trail))
    return out


def _lines(view: str, s: int, e: int) -> list[tuple[int, int]]:
    out, pos = [], s
    for line in view[s:e].split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((ls + lead, ls + lead + len(stripped)))
    return out


_HAS_BULLET = re.compile("(?m)" + RULES["bullet_prefix"].replace("^", "^", 1))


def _split_bullets(view: str, s: int, e: int, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A paragraph made of bullet items -> one span per item (continuation lines included)."""
    if not _HAS_BULLET.search(view, s, e):
        return [(s, e)]
    if not any(_BULLET.match(view[a:b]) for a, b in lines):
        return [(s, e)]
    items: list[list[int]] = []
    for a, b in lines:
        if _BULLET.match(view[a:b]) or not items:
            items.append([a, b])
        else:
            items[-1][1] = b
    out = []
    for a, b in items:
        m = _BULLET.match(view[a:b])
        if m:
            a += m.end()
        if view[a:b].strip():
            out.append((a, b))
    return out


def layout(doc: DocText) -> None:
    """Cut ``doc.body`` into :class:`Block` s and build the flat text (see module docstring)."""
    view = _view(doc.body)
    raw: list[Block] = []
    for ps, pe in _paragraphs(view):
        text = view[ps:pe]
        lines = _lines(view, ps, pe)
        if "|" in text and \
                sum(1 for a, b in lines if _TABLE.search(view[a:b]) or view[a:b].startswith("|")) * 2 >= len(lines):
            raw.append(Block("table", ps, pe, text))
            continue
        # a run of >= 3 short unpunctuated lines each starting upper-case: a line list
        if len(lines) == 2 and _is_headline(view[lines[0][0]:lines[0][1]]) and \
                _words(view[lines[0][0]:lines[0][1]]) <= 3 and _is_headline(view[lines[1][0]:lines[1][1]]):
            for a, b in lines:
                raw.append(Block("line", a, b, view[a:b]))
            continue
        if len(lines) >= 3 and all(_is_headline(view[a:b]) and view[a:b][:1].isupper() for a, b in lines) \
                and ";" not in text:
            for a, b in lines:
                raw.append(Block("line", a, b, view[a:b]))
            continue
        for bs, be in _split_bullets(view, ps, pe, lines):
            raw.append(Block("prose", bs, be, view[bs:be]))
    # a heading at the start of a paragraph: "**Heading:** text" or "Heading:" + line break
    blocks: list[Block] = []
    for b in raw:
        if b.kind == "prose":
            m = ":" in b.text and re.match(r"^(\s*)((?:[^.!?]|[.](?=\S))(?:[^.!?]|[.](?=\S)){2,299}?:)(?=\s)", b.text)
            if m and m.end() < len(b.text.rstrip()):
                after = b.text[m.end():m.end() + 40]
                marked = doc.body[b.start:b.start + 1] in "*_<"
                if (marked or "\n" in after.split(after.strip()[:1] or "\n")[0]) and _words(m.group(2)) <= 45:
                    hs = b.start + len(m.group(1))
                    he = hs + len(m.group(2))
                    blocks.append(Block("heading", hs, he, view[hs:he]))
                    rest = b.start + m.end()
                    rest += len(view[rest:b.end]) - len(view[rest:b.end].lstrip())
                    blocks.append(Block("prose", rest, b.end, view[rest:b.end]))
                    continue
        blocks.append(b)
    for b in blocks:
        if b.kind in ("prose", "line"):
            flat = " ".join(b.text.split())
            if _is_furniture(flat):
                b.kind = "furniture"
            elif _is_headline(flat):
                b.kind = "heading" if b.kind == "prose" else "line"
    _mark_trailing_furniture(blocks)
    for b in blocks:
        if b.kind == "line":
            b.kind = "heading"
    # which heading governs each block
    current = None
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            current = i
        else:
            b.heading = current
    doc.blocks = blocks
    _build_flat(doc, view)


def _mark_trailing_furniture(blocks: list[Block]) -> None:
    """From the end of the page back: line lists, headlines and furniture are page furniture.

    The tail of a web page (related headlines, "Next in ...", tag lines) is a run of
    blocks none of which is prose; it ends where the first real paragraph is met.
    Line lists anywhere else that are not enumerations of names are furniture too
    (they are decided later, when names are known; see mentions.find_enumerations).
    """
    i = len(blocks) - 1
    while i >= 0 and blocks[i].kind in ("line", "heading", "furniture"):
        i -= 1
    tail = blocks[i + 1:]
    if sum(1 for b in tail if b.kind in ("line", "furniture")) >= 2 or \
            any(b.kind == "line" for b in tail):
        for b in tail:
            if b.kind in ("line", "heading"):
                # a tail that is a list of names (an annex) is not furniture: keep it
                b.kind = "tail?"
    for b in blocks:
        if b.kind == "tail?":
            b.kind = "tail"


def _build_flat(doc: DocText, view: str) -> None:
    """Join the blocks that are read into the flat text and record the offset map."""
    parts: list[str] = []
    fm_flat: list[int] = []
    fm_body: list[int] = []
    pos = 0
    for b in doc.blocks:
        if b.kind == "furniture":
            continue
        if parts:
            parts.append("\n")
            pos += 1
        b.fstart = pos
        seg = view[b.start:b.end]
        last = 0
        for m in _WS_RUN.finditer(seg):
            chunk = seg[last:m.start()]
            if chunk:
                fm_flat.append(pos)
                fm_body.append(b.start + last)
                parts.append(chunk)
                pos += len(chunk)
            fm_flat.append(pos)
            fm_body.append(b.start + m.start())
            parts.append(" ")
            pos += 1
            last = m.end()
        chunk = seg[last:]
        if chunk:
            fm_flat.append(pos)
            fm_body.append(b.start + last)
            parts.append(chunk)
            pos += len(chunk)
        b.fend = pos
    doc.flat = "".join(parts)
    doc._fmap_flat = fm_flat
    doc._fmap_body = fm_body
