"""Parse step: fetched bytes -> a normalised feed, or the links of an HTML list page.

`parse_feed` reads RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom with feedparser, and JSON Feed 1.0/1.1
itself. A malformed feed whose entries could be recovered is returned with a plain-words
`warning`; only a body with no feed in it raises `ParseError`, naming why (and, for an HTML
page, the feeds it advertises). `find_links` serves sources that have no feed: it picks
article links out of an HTML list page with a CSS selector.
"""

from __future__ import annotations

import calendar
import json
import re
import time
import xml.sax
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import bs4
import feedparser
import soupsieve

from monitor.crawl.text import decode_html, html_to_text, one_line, parse_datetime, plain_text, unique

__all__ = [
    "Entry",
    "Link",
    "ParseError",
    "ParsedFeed",
    "advertised_feeds",
    "find_links",
    "looks_like_feed",
    "parse_feed",
]

DERIVED_TITLE_WORDS = 12
_FEED_LINK_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json", "application/json"}
)
_FEED_CONTENT_TYPES = ("rss", "atom", "rdf", "feed+json")
# What may come before a document's root element: BOM, whitespace, XML declaration and other
# processing instructions, comments, a doctype.
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.S | re.I)
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_FEED_ROOTS = frozenset({b"rss", b"feed", b"rdf", b"channel"})
_SNIFF_BYTES = 4096


@dataclass
class Entry:
    title: str
    link: str | None
    guid: str | None
    published: datetime | None
    authors: list[str] = field(default_factory=list)
    summary: str = ""
    content: str = ""
    tags: list[str] = field(default_factory=list)


@dataclass
class ParsedFeed:
    format: str
    version: str
    title: str
    site_url: str | None
    entries: list[Entry]
    warning: str | None = None


@dataclass
class Link:
    url: str
    title: str


class ParseError(Exception):
    """The body holds no feed. `cause` is "not_a_feed" or "malformed_feed"; `message` says why
    in plain words; `feed_links` lists the feeds an HTML page advertises, if any."""

    def __init__(self, cause: str, message: str, feed_links: list[str] | None = None) -> None:
        super().__init__(message)
        self.cause = cause
        self.message = message
        self.feed_links = feed_links or []

    def __reduce__(self):  # raised in a worker process, it is pickled back to the crawl
        return ParseError, (self.cause, self.message, self.feed_links)


# --- feeds -----------------------------------------------------------------------------


def parse_feed(content: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse a fetched feed body. `url` is the final URL (after redirects): relative links
    resolve against it. `headers` are the response headers; their Content-Type charset is
    honoured.

    >>> feed = parse_feed(body, url="https://example.org/feed.xml", headers=response.headers)  # doctest: +SKIP
    """
    if not isinstance(content, bytes):
        # feedparser would open a str that looks like a path or URL; never let it.
        raise TypeError(f"parse_feed wants the response body as bytes, not {type(content).__name__}")
    lowered = {key.lower(): value for key, value in (headers or {}).items()}
    if _sniff_head(content).startswith((b"{", b"[")):
        return _parse_json_feed(content, url)
    # Entry HTML is reduced to plain text here, so feedparser need not sanitise it or rewrite
    # its links (the slowest part of feedparser); entry links still resolve against `url`.
    parsed = feedparser.parse(
        content,
        response_headers=lowered,  # no content-location: feedparser would join every element's URIs with it
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    exception = parsed.get("bozo_exception") if parsed.get("bozo") else None
    version = parsed.get("version") or ""
    if not parsed.entries and (not version or isinstance(exception, xml.sax.SAXException)):
        raise _rejection(content, url, exception)
    feed = parsed.feed
    return ParsedFeed(
        format=_format(version, content),
        version=version,
        title=one_line(_text_of(feed, "title")),
        site_url=_http_url(url, feed.get("link")),
        entries=[_entry(item, url) for item in parsed.entries],
        warning=_warning(exception, content, has_content_type="content-type" in lowered),
    )


def looks_like_feed(content: bytes, content_type: str | None) -> bool:
    """Cheap sniff: is this body an RSS, Atom, RDF or JSON feed? Reads only the first few KB."""
    head = _sniff_head(content)
    if head.startswith(b"{"):
        # PHP and others escape "/" in JSON, so look for the host name only.
        return b"jsonfeed.org" in head or "feed+json" in (content_type or "").lower()
    root = _root_tag(head)
    if root is None:
        return False
    if root.split(b":")[-1].lower() in _FEED_ROOTS:
        return True
    return root.lower() != b"html" and any(kind in (content_type or "").lower() for kind in _FEED_CONTENT_TYPES)


def _entry(item: Mapping[str, Any], url: str) -> Entry:
    summary = _text_of(item, "summary")
    content = _fullest_content(item.get("content") or [], summary)
    return Entry(
        title=one_line(_text_of(item, "title")) or _derived_title(content or summary),
        link=_http_url(url, item.get("link")),
        guid=(item.get("id") or "").strip() or None,
        # dict.get: FeedParserDict.get would map a missing published_parsed to updated_parsed
        # behind our back, with a DeprecationWarning.
        published=_struct_to_utc(dict.get(item, "published_parsed") or dict.get(item, "updated_parsed")),
        authors=_authors(item),
        summary=summary,
        content=content,
        tags=unique(tag.get("label") or tag.get("term") or "" for tag in item.get("tags") or []),
    )


def _text_of(item: Mapping[str, Any], key: str) -> str:
    """Plain text of a feedparser text construct (title, summary), whatever its declared type."""
    return _as_text(item.get(key), (item.get(f"{key}_detail") or {}).get("type"))


def _as_text(value: str | None, media_type: str | None) -> str:
    # feedparser types RSS text as text/html; an absent type means the same.
    if "html" in (media_type or "text/html"):
        return html_to_text(value or "")
    return plain_text(value or "")


def _fullest_content(contents: Iterable[Mapping[str, Any]], summary: str) -> str:
    fullest = max((_as_text(part.get("value"), part.get("type")) for part in contents), key=len, default="")
    if not fullest:
        return ""
    # A content element shorter than the summary is a teaser; the summary is then the fullest text.
    return summary if len(fullest) < len(summary) else fullest


def _derived_title(text: str) -> str:
    words = text.split()
    if len(words) <= DERIVED_TITLE_WORDS:
        return " ".join(words)
    return " ".join(words[:DERIVED_TITLE_WORDS]).rstrip(",;:-–—") + "…"


def _authors(item: Mapping[str, Any]) -> list[str]:
    names = [author.get("name") or author.get("email") or "" for author in item.get("authors") or []]
    if not any(names) and item.get("author"):
        names = [item["author"]]
    return unique(names)


def _struct_to_utc(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _format(version: str, content: bytes) -> str:
    if version.startswith("rss10"):
        return "rdf"
    if version.startswith("atom"):
        return "atom"
    if version.startswith("rss"):
        return "rss"
    # No version: a broken feed whose entries feedparser still recovered. Go by the root element.
    root = (_root_tag(_sniff_head(content)) or b"").split(b":")[-1].lower()
    return {b"feed": "atom", b"rdf": "rdf"}.get(root, "rss")


def _warning(exception: BaseException | None, content: bytes, *, has_content_type: bool) -> str | None:
    if exception is None:
        return None
    if isinstance(exception, feedparser.NonXMLContentType):
        if not has_content_type:
            return None  # the caller passed no headers; that is not the feed's fault
        return f"the server sent the feed with a non-XML content type ({exception}); it was parsed anyway"
    if isinstance(exception, feedparser.CharacterEncodingOverride):
        return f"the feed's declared character encoding was wrong ({exception})"
    if isinstance(exception, xml.sax.SAXParseException):
        return f"{_sax_words(exception, content)}; entries were recovered with a lenient parser and may be incomplete"
    return f"the feed is not well-formed ({type(exception).__name__}: {exception}); entries were recovered"


def _sax_words(exception: xml.sax.SAXParseException, content: bytes) -> str:
    line = exception.getLineNumber() - _added_lines(content)
    return f"malformed XML at line {line}, column {exception.getColumnNumber()}: {exception.getMessage()}"


def _added_lines(content: bytes) -> int:
    """Lines feedparser put in front of the document before parsing it: when the body does not
    open with an XML declaration, it prepends one and a newline, so its line numbers run one ahead."""
    return 0 if content.removeprefix(b"\xef\xbb\xbf").startswith(b"<?xml") else 1


def _rejection(content: bytes, url: str, exception: BaseException | None) -> ParseError:
    head = _sniff_head(content)
    if not head:
        return ParseError("not_a_feed", f"the response from {url} is empty, not a feed")
    if _root_tag(head) is None:
        return ParseError("not_a_feed", "this is neither XML nor JSON, so not a feed")
    if _looks_like_html(content):
        feeds = advertised_feeds(content, url=url)
        if not feeds:
            return ParseError("not_a_feed", "this is an HTML page, not a feed, and it advertises no feed")
        where = f"a feed at {feeds[0]}" if len(feeds) == 1 else f"feeds at {', '.join(feeds)}"
        return ParseError("not_a_feed", f"this is an HTML page, not a feed; it advertises {where}", feeds)
    if isinstance(exception, xml.sax.SAXParseException):
        return ParseError("malformed_feed", f"{_sax_words(exception, content)}; no entries could be recovered")
    if exception is not None and not isinstance(exception, feedparser.NonXMLContentType):
        return ParseError("malformed_feed", f"the feed cannot be read ({type(exception).__name__}: {exception})")
    root = _root_tag(head) or b""
    return ParseError(
        "not_a_feed",
        f"this is an XML document with root element <{root.decode('ascii', 'replace')}>, not an RSS, Atom or RDF feed",
    )


def advertised_feeds(html: bytes | str, *, url: str) -> list[str]:
    """Absolute URLs of the feeds an HTML page advertises with <link rel=alternate type=…>."""
    soup = _soup(html)
    base = _base_url(soup, url)
    found = []
    for link in soup.find_all("link", href=True):
        rel = {value.lower() for value in link.get("rel") or []}
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rel and kind in _FEED_LINK_TYPES:
            try:
                found.append(urljoin(base, link["href"].strip()))
            except ValueError:  # "http://[broken"
                continue
    return unique(found)


# --- JSON Feed -------------------------------------------------------------------------


def _parse_json_feed(content: bytes, url: str) -> ParsedFeed:
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ParseError("malformed_feed", f"this JSON is not valid UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ParseError(
            "malformed_feed", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    version = document.get("version") if isinstance(document, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise ParseError(
            "not_a_feed", 'this is JSON but not a JSON Feed (no https://jsonfeed.org/version/… in "version")'
        )
    items = document.get("items") if isinstance(document.get("items"), list) else []
    return ParsedFeed(
        format="json",
        # "https://jsonfeed.org/version/1.1" -> "json11", in the spirit of feedparser's "rss20".
        version="json" + version.rsplit("/version/", 1)[-1].strip("/").replace(".", ""),
        title=one_line(str(document.get("title") or "")),
        site_url=_http_url(url, document.get("home_page_url")),
        entries=[_json_entry(item, url, document) for item in items if isinstance(item, dict)],
    )


def _json_entry(item: Mapping[str, Any], url: str, document: Mapping[str, Any]) -> Entry:
    summary = plain_text(str(item.get("summary") or ""))
    if item.get("content_html"):
        content = html_to_text(str(item["content_html"]))
    else:
        content = plain_text(str(item.get("content_text") or ""))
    content = summary if content and len(content) < len(summary) else content
    return Entry(
        title=one_line(str(item.get("title") or "")) or _derived_title(content or summary),
        link=_http_url(url, item.get("url") or item.get("external_url")),
        guid=_json_id(item.get("id")),
        published=_json_date(item.get("date_published")) or _json_date(item.get("date_modified")),
        authors=_json_authors(item) or _json_authors(document),
        summary=summary,
        content=content,
        tags=unique(str(tag) for tag in item.get("tags") or [] if isinstance(tag, (str, int, float))),
    )


def _json_id(value: Any) -> str | None:
    # The spec says a string, but numeric ids are common in the wild.
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def _json_date(value: Any) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) else None


def _json_authors(item: Mapping[str, Any]) -> list[str]:
    """JSON Feed 1.1 `authors` (a list), else 1.0 `author` (one object)."""
    authors = item.get("authors")
    if not isinstance(authors, list):
        authors = [item["author"]] if isinstance(item.get("author"), dict) else []
    return unique(str(author.get("name") or author.get("url") or "") for author in authors if isinstance(author, dict))


# --- HTML list pages -------------------------------------------------------------------


def find_links(html: bytes | str, *, url: str, selector: str, pattern: str | None = None) -> list[Link]:
    """Article links on an HTML list page: elements matching the CSS `selector` that are <a>
    give their own href, others every <a href> inside them (or the <a> around them). Links
    are made absolute against `url` (or the page's <base href>), stripped of #fragments,
    kept only if http(s) and, when `pattern` is given, if the regex matches the URL.

    >>> find_links(page, url="https://example.org/news/", selector="h2.title", pattern=r"/news/\\d+")  # doctest: +SKIP
    """
    try:
        wanted = re.compile(pattern) if pattern else None
    except re.error as exc:
        raise ValueError(f"invalid link pattern {pattern!r}: {exc}") from exc
    soup = _soup(html)
    try:
        elements = soup.select(selector)
    except soupsieve.SelectorSyntaxError as exc:
        raise ValueError(f"invalid CSS selector {selector!r}: {exc}") from exc
    base = _base_url(soup, url)
    links: dict[str, Link] = {}
    for anchor in (anchor for element in elements for anchor in _anchors(element)):
        href = anchor["href"].strip()
        if not href or href.startswith("#"):
            continue
        try:
            absolute = urldefrag(urljoin(base, href)).url
            scheme = urlsplit(absolute).scheme
        except ValueError:  # "http://[broken": no page to fetch there
            continue
        if scheme not in ("http", "https") or (wanted and not wanted.search(absolute)):
            continue
        title = _anchor_title(anchor)
        if absolute not in links:
            links[absolute] = Link(absolute, title)
        elif not links[absolute].title:
            links[absolute].title = title
    return list(links.values())


def _anchors(element: bs4.Tag) -> list[bs4.Tag]:
    if element.name == "a":
        return [element] if element.has_attr("href") else []
    inside = element.find_all("a", href=True)
    if inside:
        return inside
    around = element.find_parent("a", href=True)
    return [around] if around is not None else []


def _anchor_title(anchor: bs4.Tag) -> str:
    for candidate in (anchor.get_text(" "), anchor.get("aria-label"), anchor.get("title")):
        if isinstance(candidate, str) and (text := " ".join(candidate.split())):
            return text
    return ""


# --- helpers ---------------------------------------------------------------------------


def _soup(html: bytes | str) -> bs4.BeautifulSoup:
    return bs4.BeautifulSoup(decode_html(html) if isinstance(html, bytes) else html, "lxml")


def _base_url(soup: bs4.BeautifulSoup, url: str) -> str:
    base = soup.find("base", href=True)
    try:
        return urljoin(url, base["href"].strip()) if base is not None else url
    except ValueError:  # "http://[broken"
        return url


def _http_url(base: str, value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        absolute = urljoin(base, value.strip())
        scheme = urlsplit(absolute).scheme
    except ValueError:  # "http://[broken": kept as it is, for prepare to name and skip the entry
        return value.strip()
    return absolute if scheme in ("http", "https") else None


def _sniff_head(content: bytes) -> bytes:
    """The first few KB of `content` as ASCII-compatible bytes, BOM and leading prolog removed."""
    head = content[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    head = head.removeprefix(b"\xef\xbb\xbf")
    position = 0
    while match := _PROLOG.match(head, position):
        if match.end() == position:
            break
        position = match.end()
    return head[position:]


def _root_tag(head: bytes) -> bytes | None:
    match = _ROOT_TAG.match(head)
    return match.group(1) if match else None


def _looks_like_html(content: bytes) -> bool:
    root = (_root_tag(_sniff_head(content)) or b"").lower()
    return root in (b"html", b"head", b"body") or b"<!doctype html" in content[:_SNIFF_BYTES].lower()
