"""Finding a site's feed from its address, as feed readers do: for `monitor sources add` and the web
page's "Add a source".

    async with Fetcher(policy) as fetcher:
        found = await find_feed(fetcher, "https://example.org/blog/")
    found.url, found.kind, found.title, found.entries

The address may be the feed itself. Otherwise the page's own <link rel="alternate"> feeds come
first, then the paths where sites usually keep one (/feed, /rss, /rss.xml, /atom.xml, /feed.xml,
/index.xml, /feed.json: beside the page and at the site's root). Each candidate is fetched through
the crawl's Fetcher (robots.txt, one request at a time per host) and must parse as a feed with
entries; the first that does is the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from monitor.crawl.fetch import Fetcher, FetchError
from monitor.crawl.parse import ParseError, ParsedFeed, parse_feed
from monitor.crawl.text import unique

USUAL_PATHS = ("feed", "rss", "rss.xml", "atom.xml", "feed.xml", "index.xml", "feed.json")
KINDS = {"rss": "rss", "rdf": "rss", "atom": "atom", "json": "json"}


class NoFeedFound(Exception):
    """No feed at or behind the address; the message says what was tried and what to do."""


@dataclass
class FoundFeed:
    url: str  # the feed's address, after redirects
    kind: str  # rss | atom | json, as sources.yaml names them
    title: str
    site_url: str | None
    entries: int
    newest: str | None = None  # the newest entry's title, to show what the feed carries
    tried: list[str] = field(default_factory=list)  # the candidates that were not a feed, each with why


async def find_feed(fetcher: Fetcher, address: str) -> FoundFeed:
    """The feed at `address`, or the one its page leads to; NoFeedFound (or FetchError for the address
    itself: DNS, 404 ...) otherwise."""
    response = await fetcher.get(address)
    try:
        return _found(parse_feed(response.content, url=response.url, headers=response.headers), response.url)
    except ParseError as error:
        advertised, first_problem = error.feed_links, error.message
    tried = [f"{address}: {first_problem}"]
    for candidate in unique([*advertised, *_usual_places(response.url)]):
        try:
            answer = await fetcher.get(candidate)
            feed = parse_feed(answer.content, url=answer.url, headers=answer.headers)
        except (FetchError, ParseError) as problem:
            tried.append(f"{candidate}: {getattr(problem, 'message', None) or problem}")
            continue
        if feed.entries:
            found = _found(feed, answer.url)
            found.tried = tried
            return found
        tried.append(f"{candidate}: a feed with no entries")
    raise NoFeedFound(
        f"{address}: no feed found: the page advertises none that works, and none of "
        f"{', '.join('/' + path for path in USUAL_PATHS)} has one; for a site without a feed add an entry "
        "with kind: html, a CSS selector for its article links and a link_pattern (see sources.yaml)"
    )


def _usual_places(page_url: str) -> list[str]:
    """The usual feed paths beside the page (for a site under a folder, such as /blog/) and at the root."""
    parts = urlsplit(page_url)
    root = f"{parts.scheme}://{parts.netloc}/"
    folder = urljoin(page_url, ".")
    bases = [folder, root] if folder != root else [root]
    return [urljoin(base, path) for base in bases for path in USUAL_PATHS]


def _found(feed: ParsedFeed, url: str) -> FoundFeed:
    newest = max(feed.entries, key=lambda e: e.published.timestamp() if e.published else 0.0, default=None)
    host = urlsplit(url).hostname or url
    return FoundFeed(url=url, kind=KINDS.get(feed.format, "rss"), title=feed.title or host, site_url=feed.site_url,
                     entries=len(feed.entries), newest=newest.title if newest else None)
