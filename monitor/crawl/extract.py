"""Extract step: an article page's HTML -> its main text and metadata.

`extract_article` runs trafilatura and, as a second opinion, readability-lxml, then keeps
trafilatura's text unless readability found clearly more of the same article (trafilatura
sometimes stops at the first of several body blocks split by ads or embeds). Metadata
(title, date, authors, canonical URL, language) is read from the page's own markup.

`html_to_text` turns an HTML fragment (a feed entry's content) into plain text; the parse
step uses it too.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from readability import Document

__all__ = ["Article", "ExtractError", "decode_html", "extract_article", "html_to_text", "parse_datetime", "plain_text"]

# readability-lxml logs every page it finds hard at INFO/WARNING; that is not our news.
logging.getLogger("readability.readability").setLevel(logging.ERROR)

MIN_ARTICLE_WORDS = 20
# Readability's text replaces trafilatura's when it is this many times longer and holds
# nearly all of trafilatura's words (so it is the same article, only more of it).
FALLBACK_LENGTH_RATIO = 1.8
FALLBACK_CONTAINMENT = 0.9

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend "
    "li main menu nav ol p pre section summary table tbody tfoot thead tr ul".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_DROPPED_TAGS = frozenset(
    "script style noscript template head title iframe object embed svg math canvas select button input textarea".split()
)
_WORD = re.compile(r"\w+")
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
_BYLINE_PREFIX = re.compile(r"^by\s+", re.I)
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "publishdate",
    "publish-date",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "date",
)
_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")


@dataclass
class Article:
    text: str
    title: str | None = None
    published: datetime | None = None
    authors: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    language: str | None = None


class ExtractError(Exception):
    """No article text could be found in a page; the message says which page and why."""


def extract_article(html: bytes | str, *, url: str) -> Article:
    """Return the main text and metadata of the article page `html` fetched from `url`.

    >>> extract_article(page_bytes, url="https://example.org/news/1").text  # doctest: +SKIP
    """
    source = _parseable(decode_html(html) if isinstance(html, bytes) else html)
    tree = _parse_document(source)
    text = _main_text(source, url)
    if _word_count(text) < MIN_ARTICLE_WORDS:
        page_words = _word_count(html_to_text(source)) if tree is not None else 0
        raise ExtractError(f"no article text found in {url} (page has {page_words} words)")
    if tree is None:
        return Article(text=text)
    return Article(
        text=text,
        title=_title(tree),
        published=_published(tree),
        authors=_authors(tree),
        canonical_url=_canonical_url(tree, url),
        language=_language(tree),
    )


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
        root = lxml.html.document_fromstring(_parseable(html))
    except (etree.ParserError, ValueError):  # nothing but comments or whitespace
        return ""
    return "\n\n".join(_paragraphs(root))


def _parseable(html: str) -> str:
    """`html` without what lxml refuses in a str: an encoding declaration, NULs, C0 controls."""
    return _CONTROL_CHARS.sub("", _XML_DECLARATION.sub("", html))


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


# --- main text -------------------------------------------------------------------------


def _main_text(source: str, url: str) -> str:
    primary = _trafilatura_text(source, url)
    fallback = _readability_text(source, url)
    if _prefer_fallback(primary, fallback):
        return fallback
    return primary


def _trafilatura_text(source: str, url: str) -> str:
    try:
        text = trafilatura.extract(source, url=url, include_comments=False, favor_recall=True, include_tables=True)
    except (ValueError, etree.LxmlError):
        return ""
    return "\n\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _readability_text(source: str, url: str) -> str:
    try:
        summary = Document(source, url=url).summary(html_partial=True)
    except Exception:  # readability raises bare Unparseable/ValueError/lxml errors on odd pages
        return ""
    return html_to_text(summary)


def _prefer_fallback(primary: str, fallback: str) -> bool:
    primary_words, fallback_words = _word_count(primary), _word_count(fallback)
    if primary_words < MIN_ARTICLE_WORDS:
        return fallback_words > primary_words
    if fallback_words < FALLBACK_LENGTH_RATIO * primary_words:
        return False
    return _containment(primary, fallback) >= FALLBACK_CONTAINMENT


def _containment(part: str, whole: str) -> float:
    """Share of `part`'s words (as a multiset) that also occur in `whole`."""
    part_words = Counter(_WORD.findall(part.lower()))
    whole_words = Counter(_WORD.findall(whole.lower()))
    total = sum(part_words.values())
    return sum((part_words & whole_words).values()) / total if total else 0.0


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


# --- html_to_text ----------------------------------------------------------------------


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


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _collapse(text: str) -> str:
    """Collapse runs of whitespace to one space; a lone "\\n" (from <br>) stays a line break."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# --- metadata --------------------------------------------------------------------------


def _parse_document(source: str) -> lxml.html.HtmlElement | None:
    if not source.strip():
        return None
    try:
        return lxml.html.document_fromstring(_parseable(source))
    except (etree.ParserError, ValueError):
        return None


def _meta(tree: lxml.html.HtmlElement, names: tuple[str, ...]) -> Iterator[str]:
    """Contents of <meta> tags whose property/name/itemprop is one of `names`, in `names` order."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key in names and content:
            found.setdefault(key, []).append(content)
    for name in names:
        yield from found.get(name, [])


def _json_ld(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every object inside the page's JSON-LD blocks, nested ones and @graph members included."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(_CDATA.sub("", script.text), strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                yield item
                stack.extend(value for value in item.values() if isinstance(value, (dict, list)))
            elif isinstance(item, list):
                stack.extend(reversed(item))


def _title(tree: lxml.html.HtmlElement) -> str | None:
    candidates = list(_meta(tree, ("og:title", "twitter:title")))
    candidates += [item["headline"] for item in _json_ld(tree) if isinstance(item.get("headline"), str)]
    candidates += [h1.text_content() for h1 in tree.iter("h1")][:1]
    candidates += [title.text_content() for title in tree.iter("title")][:1]
    return next((text for candidate in candidates if (text := _one_line(candidate))), None)


def _published(tree: lxml.html.HtmlElement) -> datetime | None:
    candidates = list(_meta(tree, _PUBLISHED_META))
    candidates += [item["datePublished"] for item in _json_ld(tree) if isinstance(item.get("datePublished"), str)]
    articles = list(tree.iter("article"))
    for scope in (*articles, tree):
        candidates += [time.get("datetime", "") for time in scope.iter("time")]
    for candidate in candidates:
        if parsed := parse_datetime(candidate):
            return parsed
    return None


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


def _authors(tree: lxml.html.HtmlElement) -> list[str]:
    # The first source that names anyone wins: the later ones (rel=author links especially)
    # also pick up the authors of related articles elsewhere on the page.
    names = _json_ld_authors(tree) or _meta_authors(tree) or _rel_authors(tree)
    unique: dict[str, str] = {}
    for name in names:
        cleaned = _BYLINE_PREFIX.sub("", _one_line(name))
        if cleaned and len(cleaned) <= 100:
            unique.setdefault(cleaned.casefold(), cleaned)
    return list(unique.values())


def _json_ld_authors(tree: lxml.html.HtmlElement) -> list[str]:
    return [
        name
        for item in _json_ld(tree)
        if _is_article_type(item.get("@type"))
        for name in _json_ld_names(item.get("author"))
    ]


def _meta_authors(tree: lxml.html.HtmlElement) -> list[str]:
    # article:author is often a profile URL rather than a name.
    return [value for value in _meta(tree, _AUTHOR_META) if not urlsplit(value).scheme]


def _rel_authors(tree: lxml.html.HtmlElement) -> list[str]:
    return [link.text_content() for link in tree.iter("a") if "author" in (link.get("rel") or "").lower().split()]


def _is_article_type(value: Any) -> bool:
    types = value if isinstance(value, list) else [value]
    return any(isinstance(kind, str) and ("Article" in kind or kind in {"BlogPosting", "Report"}) for kind in types)


def _json_ld_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [value["name"]] if isinstance(value.get("name"), str) else []
    if isinstance(value, list):
        return [name for item in value for name in _json_ld_names(item)]
    return []


def _canonical_url(tree: lxml.html.HtmlElement, url: str) -> str | None:
    candidates = [
        link.get("href", "") for link in tree.iter("link") if "canonical" in (link.get("rel") or "").lower().split()
    ]
    candidates += list(_meta(tree, ("og:url",)))
    for candidate in candidates:
        try:
            absolute = urljoin(url, candidate.strip())
            readable = urlsplit(absolute).scheme in ("http", "https")
        except ValueError:  # "http://[broken"
            continue
        if candidate.strip() and readable:
            return absolute
    return None


def _language(tree: lxml.html.HtmlElement) -> str | None:
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += [
        meta.get("content")
        for meta in tree.iter("meta")
        if (meta.get("http-equiv") or "").lower() == "content-language"
    ]
    candidates += [locale.replace("_", "-") for locale in _meta(tree, ("og:locale",))]
    for candidate in candidates:
        if candidate and candidate.strip():
            return candidate.strip().split(",")[0].strip()
    return None
