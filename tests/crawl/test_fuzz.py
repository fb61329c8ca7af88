"""Property-based fuzzing (Hypothesis) of the paths a feed entry's link, dates and text take.

Each function may raise only what it documents: canonical_url raises BadURL, parse_feed raises
ParseError, and the others (host_of, parse_datetime, html_to_text, plain_text, prepare_entries)
never raise. prepare_entries skips a bad entry and names it; the fuzzing also checks that no
entry was skipped for an unexpected error, the guard that would hide a bug from these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.crawl.text import html_to_text, parse_datetime, plain_text
from monitor.crawl.parse import Entry, ParseError, parse_feed
from monitor.crawl.prepare import prepare_entries
from monitor.sources import Source
from monitor.crawl.urls import BadURL, canonical_url, host_of

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEN_AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

# Pieces of URLs as they come in feeds, valid and broken: odd ports, brackets, IDNA, escapes.
url_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
ports = st.one_of(st.integers(-5, 200_000).map(str), st.sampled_from(["", "port", "80", "443", "0", "99999", " 1"]),
                  url_text)
hosts = st.one_of(
    st.sampled_from(["example.org", "www.Example.ORG.", "127.0.0.1", "[::1]", "[::1", "::1]", "[v1.x]", "xn--",
                     "xn--zz", "пример.рф", "例え.テスト", "a" * 70 + ".org", "", "user:pw@host", "%00"]),
    url_text,
)
urls = st.one_of(
    url_text,
    st.builds(
        lambda scheme, host, port, path, query, fragment: (
            f"{scheme}{host}{':' + port if port is not None else ''}{path}{'?' + query if query else ''}"
            f"{'#' + fragment if fragment else ''}"),
        st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "//", "", "javascript:", "http:"]),
        hosts, st.none() | ports, url_text.map(lambda p: "/" + p), st.none() | url_text, st.none() | url_text,
    ),
)

offsets = st.timedeltas(min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59))
aware_datetimes = st.builds(lambda moment, offset: moment.replace(tzinfo=timezone(offset)),
                            st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)), offsets)
date_strings = st.one_of(
    url_text,
    aware_datetimes.map(datetime.isoformat),
    aware_datetimes.map(lambda moment: format_datetime(moment)),
    st.datetimes().map(datetime.isoformat),
    st.sampled_from(["", "Fri, 20 Nov 2026 12:00:00 GMT", "2026-11-20T12:00:00Z", "Mon, 32 Foo 99999 99:99:99",
                     "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "Sun, 31 Dec 9999 23:59:59 -1200",
                     "Mon, 01 Jan 0001 00:00:00 +2359", "Tue, 1 Jan 1 0:0:0 GMT"]),
)

html_pieces = st.sampled_from([
    "<p>", "</p>", "<b>", "<br>", "<div>", "</div>", "<script>x()</script>", "<style>p{}</style>", "&amp;", "&nbsp;",
    "&#0;", "&#xD800;", "&#x110000;", "&#99999999999;", "&bogus;", "<?xml version='1.0' encoding='utf-8'?>",
    "<!--", "-->", "<![CDATA[", "]]>", "\x00", "\x0b", "\ufeff", "<html>", "<body>", "<table><tr><td>", "<",
    ">", "<a href='http://[::1'>", "<img src=x>", "<!DOCTYPE html>", "\r\n", "\u2028",
])
html_text = st.one_of(url_text, st.lists(st.one_of(html_pieces, url_text), max_size=25).map("".join))

entries = st.builds(
    Entry,
    title=html_text, link=st.none() | urls, guid=st.none() | url_text,
    published=st.none() | aware_datetimes.map(lambda moment: _utc_or_none(moment)),
    authors=st.lists(url_text, max_size=3), summary=html_text, content=html_text,
    tags=st.lists(url_text, max_size=3),
)


def _utc_or_none(moment: datetime) -> datetime | None:
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return None


@FUZZ
@given(urls, st.booleans())
def test_canonical_url_raises_nothing_but_bad_url(url: str, keep_fragment: bool) -> None:
    try:
        result = canonical_url(url, keep_fragment=keep_fragment)
    except BadURL as error:
        assert error.url == url and error.reason
    else:
        canonical_url(result, keep_fragment=keep_fragment)  # a canonical URL can be read again


@FUZZ
@given(urls)
def test_host_of_never_raises(url: str) -> None:
    assert isinstance(host_of(url), str)


@FUZZ
@given(date_strings)
def test_parse_datetime_gives_utc_or_none(value: str) -> None:
    parsed = parse_datetime(value)
    assert parsed is None or parsed.utcoffset() == timedelta(0)


@FUZZ
@given(html_text)
def test_html_to_text_and_plain_text_never_raise(html: str) -> None:
    text = html_to_text(html)
    assert isinstance(text, str) and "<script>" not in text.lower()
    assert isinstance(plain_text(html), str)


@FUZZ
@given(st.lists(entries, max_size=8), st.booleans())
def test_prepare_skips_bad_entries_and_never_raises(feed: list[Entry], with_fingerprints: bool) -> None:
    source = Source(id="fuzz", url="https://example.org/feed.xml")
    prepared = prepare_entries(source, feed, SEEN_AT, with_fingerprints)
    assert not [reason for reason in prepared.skipped if "unexpected error" in reason], prepared.skipped
    assert len(prepared.items) + len(prepared.skipped) <= len(feed)
    for item in prepared.items:
        assert item.record.published.utcoffset() == timedelta(0)
        assert item.record.published <= SEEN_AT + timedelta(days=1)


def _rss_item(title: str, link: str | None, date: str, description: str) -> str:
    parts = [f"<title>{escape(title)}</title>", f"<pubDate>{escape(date)}</pubDate>",
             f"<description>{escape(description)}</description>"]
    if link is not None:
        parts.append(f"<link>{escape(link)}</link>")
    return "<item>" + "".join(parts) + "</item>"


_xml_safe = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))


@FUZZ
@given(st.lists(st.tuples(st.text(_xml_safe, max_size=30), st.none() | urls.map(lambda u: "".join(
    c for c in u if c.isprintable())), date_strings.map(lambda d: "".join(c for c in d if c.isprintable())),
    st.lists(st.one_of(html_pieces, st.text(_xml_safe, max_size=20)), max_size=10).map("".join)), max_size=5))
def test_a_feed_of_fuzzed_items_parses_and_prepares_or_is_a_parse_error(items) -> None:
    body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fuzz</title>'
            + "".join(_rss_item(*item) for item in items) + "</channel></rss>").encode()
    try:
        feed = parse_feed(body, url="https://example.org/feed.xml")
    except ParseError:
        return
    prepared = prepare_entries(Source(id="fuzz", url="https://example.org/feed.xml"), feed.entries, SEEN_AT, True)
    assert not [reason for reason in prepared.skipped if "unexpected error" in reason], prepared.skipped
