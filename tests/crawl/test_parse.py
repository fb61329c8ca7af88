"""Tests for monitor.crawl.parse: feed formats, dates, content choice, rejections, list-page links."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.crawl.parse import Link, ParseError, find_links, looks_like_feed, parse_feed

FEED_URL = "https://news.example.org/feeds/main.xml"

RSS20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Policy &amp; Risk Desk</title>
  <link>/</link>
  <description>Notes on AI policy</description>
  <item>
    <title>Agency   publishes
      model rules</title>
    <link>/news/2025/rules</link>
    <guid isPermaLink="false">rules-2025</guid>
    <pubDate>Wed, 14 May 2025 10:30:00 +0200</pubDate>
    <dc:creator>Ana Lima</dc:creator>
    <category>AI</category>
    <category>Regulation</category>
    <category>AI</category>
    <description>The agency published its rules.</description>
    <content:encoded><![CDATA[<p>The agency published its <b>rules</b> for general-purpose models today.</p>
      <p>Providers have 12 months &amp; a review period.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>No guid here</title>
    <link>https://news.example.org/news/2025/no-guid</link>
    <description>An item without a guid.</description>
    <pubDate>Thu, 15 May 2025 08:00:00 GMT</pubDate>
  </item>
  <item>
    <link>https://news.example.org/notes/42</link>
    <description>&lt;p&gt;Short note: the safety institute opened a consultation on frontier model evaluations, closing in June.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.net/ai/">
  <title type="html">Frontier &lt;em&gt;Safety&lt;/em&gt; Blog</title>
  <link rel="alternate" href="./"/>
  <id>urn:uuid:feed</id>
  <updated>2025-03-02T12:00:00Z</updated>
  <entry xml:base="posts/">
    <title>Red-team results</title>
    <link rel="alternate" href="red-team.html"/>
    <id>urn:uuid:entry-1</id>
    <published>2025-03-01T09:15:00Z</published>
    <updated>2025-03-02T10:00:00Z</updated>
    <author><name>Bo Chen</name></author>
    <author><name>Dee Rao</name></author>
    <category term="evals"/>
    <summary>What we found.</summary>
    <content type="html">&lt;h2&gt;Findings&lt;/h2&gt;&lt;p&gt;What we found when red-teaming the new model, in detail.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Updated only</title>
    <link rel="alternate" href="/ai/changelog"/>
    <id>urn:uuid:entry-2</id>
    <updated>2025-03-02T07:00:00-05:00</updated>
    <content type="text">Plain text content.</content>
  </entry>
</feed>
"""

RDF = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://preprints.example.edu/">
    <title>Preprints: AI safety</title>
    <link>https://preprints.example.edu/</link>
    <description>New preprints</description>
    <items><rdf:Seq><rdf:li rdf:resource="https://preprints.example.edu/p/1"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://preprints.example.edu/p/1">
    <title>Scalable oversight, revisited</title>
    <link>https://preprints.example.edu/p/1</link>
    <description>We revisit scalable oversight.</description>
    <dc:date>2025-02-10T16:20:00+01:00</dc:date>
    <dc:creator>R. Okafor</dc:creator>
  </item>
</rdf:RDF>
"""

RSS091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91">
<channel>
  <title>Court news</title>
  <link>http://court.example.gov/</link>
  <description>News</description>
  <language>pt-br</language>
  <item>
    <title>Comit\xea publica relat\xf3rio</title>
    <link>http://court.example.gov/noticia?id=7</link>
    <description>Relat\xf3rio sobre intelig\xeancia artificial.</description>
  </item>
</channel>
</rss>
"""

JSON_FEED_11 = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Lab  updates",
    "home_page_url": "https://lab.example.com/",
    "feed_url": "https://lab.example.com/feed.json",
    "authors": [{"name": "Lab Team"}],
    "items": [
        {
            "id": "https://lab.example.com/p/2",
            "url": "/p/2",
            "title": "System card",
            "content_html": "<p>The system card is out.</p><p>It covers <i>evals</i>.</p>",
            "summary": "System card out.",
            "date_published": "2025-06-01T12:00:00+02:00",
            "authors": [{"name": "Kim Park"}, {"name": "Lee Wu"}],
            "tags": ["safety", "cards"],
        },
        {
            "id": 3,
            "url": "https://lab.example.com/p/3",
            "content_text": "A quick microblog post without any title at all, about the policy update from this morning.",
            "date_modified": "2025-06-02T08:00:00Z",
        },
    ],
}

HTML_PAGE = b"""<!DOCTYPE html>
<html><head><title>News</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">
<link rel="alternate" type="application/atom+xml" href="https://news.example.org/atom.xml">
<link rel="stylesheet" href="/site.css">
</head><body><h1>News</h1></body></html>
"""


def _parse(content: bytes, **kwargs) -> "object":
    return parse_feed(content, url=FEED_URL, **kwargs)


# --- formats ---------------------------------------------------------------------------


def test_rss20_entries_are_normalised() -> None:
    feed = _parse(RSS20, headers={"Content-Type": "application/rss+xml; charset=utf-8"})
    assert (feed.format, feed.version, feed.title, feed.site_url) == (
        "rss",
        "rss20",
        "Policy & Risk Desk",
        "https://news.example.org/",
    )
    assert feed.warning is None
    first = feed.entries[0]
    assert first.title == "Agency publishes model rules"
    assert first.link == "https://news.example.org/news/2025/rules"
    assert first.guid == "rules-2025"
    assert first.authors == ["Ana Lima"]
    assert first.tags == ["AI", "Regulation"]
    assert first.summary == "The agency published its rules."


def test_content_encoded_is_preferred_over_description() -> None:
    first = _parse(RSS20).entries[0]
    assert (
        first.content
        == "The agency published its rules for general-purpose models today.\n\nProviders have 12 months & a review period."
    )
    assert "track()" not in first.content


def test_item_without_guid_has_none() -> None:
    second = _parse(RSS20).entries[1]
    assert second.guid is None
    assert second.link == "https://news.example.org/news/2025/no-guid"


def test_title_less_item_gets_a_title_from_its_first_words() -> None:
    note = _parse(RSS20).entries[2]
    assert note.title == "Short note: the safety institute opened a consultation on frontier model evaluations…"
    assert note.summary.startswith("Short note: the safety institute")


def test_atom_xml_base_and_relative_links_resolve() -> None:
    feed = _parse(ATOM)
    assert (feed.format, feed.version, feed.title) == ("atom", "atom10", "Frontier Safety Blog")
    assert feed.site_url == "https://blog.example.net/ai/"
    first, second = feed.entries
    assert first.link == "https://blog.example.net/ai/posts/red-team.html"
    assert second.link == "https://blog.example.net/ai/changelog"
    assert first.authors == ["Bo Chen", "Dee Rao"]
    assert first.tags == ["evals"]
    assert first.summary == "What we found."
    assert first.content == "Findings\n\nWhat we found when red-teaming the new model, in detail."
    assert second.content == "Plain text content."


def test_a_relative_base_resolves_against_the_feed_url_and_a_guid_stays_as_written() -> None:
    atom = b"""<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/ai/"><title>Notes</title>
  <entry><title>One</title><link href="posts/1"/><id>urn:n:1</id><updated>2025-03-01T00:00:00Z</updated></entry>
</feed>"""
    (entry,) = parse_feed(atom, url="https://notes.example.org/feeds/all.xml").entries
    assert entry.link == "https://notes.example.org/ai/posts/1"
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
  <item><title>Two</title><link>https://wire.example.org/2</link><guid isPermaLink="false">1559104147038</guid></item>
</channel></rss>"""
    (entry,) = parse_feed(rss, url="https://wire.example.org/rss/top.xml").entries
    assert entry.guid == "1559104147038"  # an id, not a path to join with the feed's URL


def test_rdf_feed_uses_dc_date() -> None:
    feed = _parse(RDF)
    assert (feed.format, feed.version) == ("rdf", "rss10")
    (entry,) = feed.entries
    assert entry.published == datetime(2025, 2, 10, 15, 20, tzinfo=UTC)
    assert entry.authors == ["R. Okafor"]


def test_rss091_latin1_is_decoded_and_missing_dates_are_none() -> None:
    feed = _parse(RSS091)
    assert feed.format == "rss"
    assert feed.version.startswith("rss091")
    (entry,) = feed.entries
    assert entry.title == "Comitê publica relatório"
    assert entry.summary == "Relatório sobre inteligência artificial."
    assert entry.published is None


def test_json_feed_11() -> None:
    body = json.dumps(JSON_FEED_11).encode()
    feed = parse_feed(body, url="https://lab.example.com/feed.json", headers={"Content-Type": "application/feed+json"})
    assert (feed.format, feed.version, feed.title, feed.site_url) == (
        "json",
        "json11",
        "Lab updates",
        "https://lab.example.com/",
    )
    first, second = feed.entries
    assert first.link == "https://lab.example.com/p/2"
    assert first.guid == "https://lab.example.com/p/2"
    assert first.published == datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
    assert first.authors == ["Kim Park", "Lee Wu"]
    assert first.tags == ["safety", "cards"]
    assert (first.summary, first.content) == ("System card out.", "The system card is out.\n\nIt covers evals.")
    assert second.guid == "3"
    assert second.title == "A quick microblog post without any title at all, about the policy…"
    assert second.published == datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
    assert second.authors == ["Lab Team"]


def test_json_feed_10_single_author() -> None:
    document = {
        "version": "https://jsonfeed.org/version/1",
        "title": "Old",
        "author": {"name": "Solo"},
        "items": [{"id": "a", "url": "https://x.example/a", "title": "A", "content_text": "Text."}],
    }
    feed = _parse(json.dumps(document).encode())
    assert feed.version == "json1"
    assert feed.entries[0].authors == ["Solo"]


def test_json_that_is_not_a_feed_is_rejected() -> None:
    with pytest.raises(ParseError) as caught:
        _parse(b'{"status": "ok"}')
    assert caught.value.cause == "not_a_feed"
    with pytest.raises(ParseError) as caught:
        _parse(b'{"version": "https://jsonfeed.org/version/1.1", "items": [')
    assert caught.value.cause == "malformed_feed"
    assert "malformed JSON at line 1" in caught.value.message


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date_xml", "expected"),
    [
        ("<pubDate>Wed, 14 May 2025 10:30:00 +0200</pubDate>", datetime(2025, 5, 14, 8, 30, tzinfo=UTC)),
        ("<pubDate>2025-05-14T10:30:00Z</pubDate>", datetime(2025, 5, 14, 10, 30, tzinfo=UTC)),
        ("<dc:date>2025-05-14T10:30:00-04:00</dc:date>", datetime(2025, 5, 14, 14, 30, tzinfo=UTC)),
        ("", None),
        ("<pubDate>sometime last week</pubDate>", None),
    ],
)
def test_entry_dates_are_utc_or_none(date_xml: str, expected: datetime | None) -> None:
    body = (
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>'
        f"<item><title>x</title><link>https://e.example/x</link>{date_xml}</item></channel></rss>"
    ).encode()
    published = _parse(body).entries[0].published
    assert published == expected
    if published is not None:
        assert published.utcoffset().total_seconds() == 0


# --- encodings -------------------------------------------------------------------------


def test_gb2312_declared_in_prolog() -> None:
    text = (
        '<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel><title>投资资讯</title>'
        "<item><title>纪念币新闻</title><link>http://cn.example/1</link></item></channel></rss>"
    )
    body = text.encode("gb2312")
    feed = _parse(body)
    assert feed.title == "投资资讯"
    assert feed.entries[0].title == "纪念币新闻"


def test_charset_from_headers_is_honoured() -> None:
    text = (
        '<rss version="2.0"><channel><title>Café</title>'
        "<item><title>Résumé</title><link>http://e.example/1</link></item></channel></rss>"
    )
    body = text.encode("iso-8859-1")
    feed = _parse(body, headers={"Content-Type": "application/rss+xml; charset=ISO-8859-1"})
    assert (feed.title, feed.entries[0].title) == ("Café", "Résumé")


# --- malformed and non-feeds -----------------------------------------------------------


def test_nbsp_entity_gives_entries_with_a_warning() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>AI&nbsp;Act</title><link>https://e.example/a</link></item>"
        b"<item><title>b</title></item></channel></rss>"
    )
    feed = _parse(body, headers={"Content-Type": "application/rss+xml"})
    assert [entry.title for entry in feed.entries] == ["AI Act", "b"]
    assert feed.warning is not None
    assert "malformed XML at line 1" in feed.warning and "undefined entity" in feed.warning


def test_html_page_is_not_a_feed_and_names_advertised_feeds() -> None:
    with pytest.raises(ParseError) as caught:
        _parse(HTML_PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
    error = caught.value
    assert error.cause == "not_a_feed"
    assert error.feed_links == ["https://news.example.org/rss.xml", "https://news.example.org/atom.xml"]
    assert error.message.startswith(
        "this is an HTML page, not a feed; it advertises feeds at https://news.example.org/rss.xml"
    )
    assert str(error) == error.message


def test_html_page_without_feeds() -> None:
    with pytest.raises(ParseError) as caught:
        _parse(b"<html><body><p>Hello</p></body></html>")
    assert caught.value.cause == "not_a_feed"
    assert caught.value.feed_links == []
    assert "advertises no feed" in caught.value.message


def test_truncated_xml_is_malformed() -> None:
    body = b'<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<title>t</title>\n<description>cut'
    with pytest.raises(ParseError) as caught:
        _parse(body)
    assert caught.value.cause == "malformed_feed"
    assert caught.value.message.startswith("malformed XML at line 5")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"", "empty"),
        (b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>', "root element <urlset>"),
        (b"hello there", "neither XML nor JSON"),
    ],
)
def test_other_non_feeds(body: bytes, words: str) -> None:
    with pytest.raises(ParseError) as caught:
        _parse(body)
    assert caught.value.cause == "not_a_feed"
    assert words in caught.value.message


def test_empty_but_valid_feed_is_not_an_error() -> None:
    feed = _parse(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert (feed.title, feed.entries) == ("Quiet", [])


def test_str_input_is_refused() -> None:
    with pytest.raises(TypeError):
        parse_feed("feeds/x.xml", url=FEED_URL)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (RSS20, None, True),
        (ATOM, "text/html", True),
        (RDF, None, True),
        (b"\xef\xbb\xbf\n<!-- generated -->\n<rss version='2.0'>", None, True),
        (json.dumps(JSON_FEED_11).encode(), "application/json", True),
        (b'{"version": 2, "items": []}', "application/feed+json", True),
        (b'{"status": "ok"}', "application/json", False),
        (HTML_PAGE, "application/rss+xml", False),
        (b"<?xml version='1.0'?><urlset/>", "text/xml", False),
        (b"<?xml version='1.0'?><whatever/>", "application/atom+xml", True),
        (b"", None, False),
    ],
)
def test_looks_like_feed(body: bytes, content_type: str | None, expected: bool) -> None:
    assert looks_like_feed(body, content_type) is expected


# --- find_links ------------------------------------------------------------------------

LIST_PAGE = """<html><head><base href="/blog/"></head><body>
<nav><a href="/about">About</a></nav>
<ul class="posts">
  <li class="post"><a href="2025/rules">  New   model rules </a> <a href="2025/rules#comments">3 comments</a></li>
  <li class="post"><a href="/blog/2025/evals" aria-label="Evals report"><img src="x.png"></a></li>
  <li class="post"><a href="#top">Top</a><a href="mailto:press@example.org">Mail</a><a href="javascript:void(0)">JS</a></li>
  <li class="post"><a href="https://other.example.com/blog/2025/guest" title="Guest post"></a></li>
  <li class="post"><a href="/tags/ai">AI tag</a></li>
</ul>
<div class="card"><a href="/blog/2025/card"><h2 class="card-title">Card title</h2></a></div>
</body></html>"""


def test_find_links_with_selector() -> None:
    links = find_links(LIST_PAGE, url="https://example.org/blog/page/2", selector="li.post")
    assert links == [
        Link("https://example.org/blog/2025/rules", "New model rules"),
        Link("https://example.org/blog/2025/evals", "Evals report"),
        Link("https://other.example.com/blog/2025/guest", "Guest post"),
        Link("https://example.org/tags/ai", "AI tag"),
    ]


def test_find_links_with_pattern_and_anchor_selector() -> None:
    links = find_links(
        LIST_PAGE.encode(), url="https://example.org/blog/", selector="ul.posts a", pattern=r"/blog/\d{4}/"
    )
    assert [link.url for link in links] == [
        "https://example.org/blog/2025/rules",
        "https://example.org/blog/2025/evals",
        "https://other.example.com/blog/2025/guest",
    ]


def test_find_links_uses_the_enclosing_anchor() -> None:
    links = find_links(LIST_PAGE, url="https://example.org/", selector="h2.card-title")
    assert links == [Link("https://example.org/blog/2025/card", "Card title")]


def test_find_links_reports_bad_selector_and_pattern() -> None:
    with pytest.raises(ValueError, match="invalid CSS selector"):
        find_links(LIST_PAGE, url="https://example.org/", selector="li[")
    with pytest.raises(ValueError, match="invalid link pattern"):
        find_links(LIST_PAGE, url="https://example.org/", selector="a", pattern="(")


# --- every real feed in shared/fixtures/feeds ------------------------------------------


def test_every_fixture_feed(shared: Path) -> None:
    feeds = shared / "fixtures" / "feeds"
    manifest = json.loads((feeds / "manifest.json").read_text(encoding="utf-8"))
    problems: list[str] = []
    checked = 0
    for record in manifest:
        path = shared / "fixtures" / record["file"]
        url = f"https://feeds.example.org/{path.stem}.xml"
        try:
            feed = parse_feed(path.read_bytes(), url=url)
        except ParseError as error:
            if record["feedparser_entries"] or error.cause != "malformed_feed":
                problems.append(f"{path.name}: unexpected {error.cause}: {error.message}")
            continue
        checked += 1
        if len(feed.entries) != record["feedparser_entries"]:
            problems.append(
                f"{path.name}: {len(feed.entries)} entries, feedparser found {record['feedparser_entries']}"
            )
        for entry in feed.entries:
            if entry.link is not None and not entry.link.startswith(("http://", "https://")):
                problems.append(f"{path.name}: link not absolute http(s): {entry.link}")
            if entry.published is not None and entry.published.utcoffset() != UTC.utcoffset(None):
                problems.append(f"{path.name}: published not UTC: {entry.published!r}")
            if not entry.title:
                problems.append(f"{path.name}: entry without a title")
    assert not problems, "\n".join(problems)
    assert checked == len(manifest) - 1


def test_truncated_reuters_fixture_is_malformed(shared: Path) -> None:
    body = (shared / "fixtures" / "feeds" / "reuters-mostread_20200321.xml").read_bytes()
    with pytest.raises(ParseError) as caught:
        parse_feed(body, url="https://www.reuters.com/rssFeed/mostRead")
    assert caught.value.cause == "malformed_feed"
    assert caught.value.message.startswith("malformed XML at line 19, column 84: no element found")


def test_legacy_encoded_fixtures_decode(shared: Path) -> None:
    feeds = shared / "fixtures" / "feeds"
    chinese = parse_feed((feeds / "kc0011-cn_20201101.xml").read_bytes(), url="http://www.kc0011.net/rss.xml")
    assert chinese.title.startswith("投资资讯网")
    german = parse_feed((feeds / "golem-rdf_20230125.xml").read_bytes(), url="https://rss.golem.de/rss.php")
    assert german.format == "rdf"
    assert "Glasfaserförderung" in german.entries[0].title
