"""Text as the archive keeps it: HTML and plain text to blank-line separated paragraphs.

Shared by the parse step (a feed entry's HTML) and the extract step (an article page): plain
text, never markup, is what gets stored, searched and shown. Also the decoding of a page's
bytes and the reading of the timestamps feeds and pages carry.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import lxml.html
from lxml import etree

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend "
    "li main menu nav ol p pre section summary table tbody tfoot thead tr ul".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_DROPPED_TAGS = frozenset(
    "script style noscript template head title iframe object embed svg math canvas select button input textarea".split()
)
_SPACE = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n\s*\n")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Browsers decode these labels as the wider superset; so must we, or real pages fail to decode.
_CODEC_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment or page: one paragraph per block element, separated by
    blank lines; whitespace collapsed; entities decoded; scripts, styles and forms dropped.

    >>> html_to_text("<p>Hello&nbsp;<b>world</b></p><p>Bye</p>")
    'Hello world\\n\\nBye'
    """
    if not html or not html.strip():
        return ""
    if "<" not in html and "&" not in html:
        return plain_text(html)
    try:
        # document_fromstring, not fragment_fromstring: the latter asserts on some inputs
        # (a whole page without a body); loose text still becomes its own paragraph.
        root = lxml.html.document_fromstring(parseable(html))
    except (etree.ParserError, ValueError):  # nothing but comments or whitespace
        return ""
    return "\n\n".join(_paragraphs(root))


def plain_text(text: str) -> str:
    """Normalise plain text the way `html_to_text` lays out HTML: blank-line separated
    paragraphs, whitespace inside each collapsed.

    >>> plain_text("one\\n two\\n\\n\\nthree")
    'one two\\n\\nthree'
    """
    paragraphs = (_SPACE.sub(" ", block).strip() for block in _BLANK_LINE.split(text))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def decode_html(data: bytes) -> str:
    """Decode a page's bytes: byte-order mark, then <meta charset>, then UTF-8, then cp1252."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    labels = [declared.group(1).decode("ascii").lower()] if declared else []
    for label in (*labels, "utf-8"):
        try:
            return data.decode(_CODEC_SUPERSETS.get(label, label))
        except (LookupError, UnicodeDecodeError):
            continue
    # Pages that are not valid UTF-8 and declare nothing are almost always Windows-1252.
    return data.decode("cp1252", errors="replace")


def parse_datetime(value: str) -> datetime | None:
    """Parse an ISO 8601 or RFC 2822 timestamp to tz-aware UTC; a timestamp without zone is taken as UTC."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # year 1 east of UTC, or 9999 west of it
        return None


def one_line(text: str) -> str:
    """Every run of whitespace as one space: a title, a name, a label."""
    return " ".join(text.split())


def unique(values: Iterable[str]) -> list[str]:
    """The values on one line each, empty ones and case-insensitive repeats left out, in order."""
    seen: dict[str, str] = {}
    for value in values:
        cleaned = one_line(value)
        if cleaned:
            seen.setdefault(cleaned.casefold(), cleaned)
    return list(seen.values())


def parseable(html: str) -> str:
    """`html` without what lxml refuses in a str: an encoding declaration, NULs, C0 controls."""
    return _CONTROL_CHARS.sub("", _XML_DECLARATION.sub("", html))


def _paragraphs(root: lxml.html.HtmlElement) -> Iterator[str]:
    current: list[str] = []

    def flush() -> Iterator[str]:
        paragraph = _collapse("".join(current))
        current.clear()
        if paragraph:
            yield paragraph

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else None
        name = tag.lower() if tag else None
        if event == "start":
            if name in _DROPPED_TAGS or tag is None:
                # Comments and processing instructions carry no text; dropped tags keep their tail.
                walker.skip_subtree()
                continue
            if name in _BLOCK_TAGS:
                yield from flush()
            elif name == "br":
                current.append("\n")
            if element.text:
                current.append(_SPACE.sub(" ", element.text))
        else:
            if name in _BLOCK_TAGS:
                yield from flush()
            elif name in _CELL_TAGS:
                current.append(" ")
            if element.tail and element is not root:
                current.append(_SPACE.sub(" ", element.tail))
    yield from flush()


def _collapse(text: str) -> str:
    """Collapse runs of whitespace to one space; a lone "\\n" (from <br>) stays a line break."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
