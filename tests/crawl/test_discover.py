"""Finding a site's feed from its address: real pages and feeds on a loopback server."""

import asyncio

import pytest

from monitor.crawl.discover import NoFeedFound, find_feed
from monitor.crawl.fetch import Fetcher, FetchError
from monitor.sources import FetchPolicy
from tests.feeds import rss

FAST = FetchPolicy(host_delay=0, retries=0)
ATOM = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Regulator news</title>'
        '<id>tag:x,2026:r</id><updated>2026-11-20T09:00:00Z</updated>'
        '<entry><title>A decision</title><id>tag:x,2026:1</id><updated>2026-11-20T09:00:00Z</updated>'
        '<link href="/decisions/1"/></entry></feed>')


def find(address: str):
    async def go():
        async with Fetcher(FAST) as fetcher:
            return await find_feed(fetcher, address)
    return asyncio.run(go())


def page(head: str = "") -> str:
    return f"<!doctype html><html><head><title>Site</title>{head}</head><body><p>Hello</p></body></html>"


def test_the_feed_address_itself(loopback):
    loopback.route("/feed.xml", rss([{"title": "One", "link": f"{loopback.url}/1"}], title="Lab news"))
    found = find(f"{loopback.url}/feed.xml")
    assert (found.url, found.kind, found.title, found.entries) == (f"{loopback.url}/feed.xml", "rss", "Lab news", 1)


def test_the_feed_a_page_advertises_comes_first(loopback):
    loopback.route("/", page('<link rel="alternate" type="application/atom+xml" href="/news/atom">'),
                   content_type="text/html")
    loopback.route("/news/atom", ATOM, content_type="application/atom+xml")
    loopback.route("/feed", rss([{"title": "Other", "link": f"{loopback.url}/o"}]))
    found = find(f"{loopback.url}/")
    assert (found.url, found.kind, found.title) == (f"{loopback.url}/news/atom", "atom", "Regulator news")
    assert loopback.requests_to("/feed") == []


def test_a_page_without_a_link_is_tried_at_the_usual_places_beside_it_then_at_the_root(loopback):
    loopback.route("/blog/", page(), content_type="text/html")
    loopback.route("/blog/rss.xml", rss([{"title": "Post", "link": f"{loopback.url}/blog/1"}], title="The blog"))
    found = find(f"{loopback.url}/blog/")
    assert found.url == f"{loopback.url}/blog/rss.xml" and found.entries == 1
    assert any(t.startswith(f"{loopback.url}/blog/feed:") for t in found.tried)  # tried first, not found
    loopback.route("/docs/", page(), content_type="text/html")
    loopback.route("/index.xml", rss([{"title": "Root", "link": f"{loopback.url}/r"}], title="Root feed"))
    assert find(f"{loopback.url}/docs/").url == f"{loopback.url}/index.xml"


def test_no_feed_anywhere_says_what_to_do_and_an_unreachable_site_says_why(loopback):
    loopback.route("/plain/", page(), content_type="text/html")
    with pytest.raises(NoFeedFound, match="no feed found.*kind: html"):
        find(f"{loopback.url}/plain/")
    with pytest.raises(FetchError, match="could not be resolved"):
        find("http://no-such-site.invalid/")
