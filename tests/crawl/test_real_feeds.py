"""Every real captured feed in ../shared/fixtures/feeds, served on loopback and crawled once."""

import calendar
from datetime import UTC, datetime

import feedparser
import pytest

from monitor.crawl.crawler import crawl
from monitor.crawl.urls import canonical_url
from monitor.sources import FetchPolicy, LoadedSources, Source
from monitor.store import Store


@pytest.fixture
def real_feeds(shared, loopback):
    folder = shared / "fixtures" / "feeds"
    names = sorted(p.name for p in folder.glob("*.xml"))
    for name in names:
        loopback.route(f"/{name}", (folder / name).read_bytes(), content_type="application/xml")
    return folder, names


def test_every_real_feed_is_crawled_with_all_its_entries_dates_and_links(real_feeds, loopback, tmp_path):
    """The first crawl archives the whole backlog a feed offers (max_items left at its default: it
    caps article pages fetched, not entries stored)."""
    folder, names = real_feeds
    sources = [Source(id=n.removesuffix(".xml").lower(), url=f"{loopback.url}/{n}", full_text="never")
               for n in names]
    distinct = set()
    with Store(tmp_path / "real.db") as store:
        report = crawl(store, LoadedSources("fixtures", sources, policy=FetchPolicy(host_delay=0)))
        outcomes = {s.source_id: s for s in report.sources}
        for name in names:
            source_id = name.removesuffix(".xml").lower()
            parsed = feedparser.parse((folder / name).read_bytes(),
                                      response_headers={"content-location": f"{loopback.url}/{name}"})
            result = outcomes[source_id]
            if not parsed.entries:
                assert (result.outcome, result.cause) == ("error", "malformed_feed"), source_id
                continue
            assert result.outcome == "ok", (source_id, result.message)
            stored = {a["link"] or a["url"]: a for a in _articles(store, source_id)}
            expected = _expected_entries(parsed)
            distinct |= {canonical_url(link, keep_fragment=True) if link else (source_id, entry.get("id"))
                         for entry in parsed.entries for link in [_absolute(entry)]}
            assert result.new == len(stored) <= len(parsed.entries)
            linked = {canonical_url(link) for link in expected if link}
            assert {canonical_url(link) for link in stored if link.startswith("http")} == linked, source_id
            for link, published in expected.items():
                if link and published:
                    match = stored.get(link) or _by_canonical(stored, link)
                    if match and not match["published_estimated"]:
                        assert match["published"] == published, (source_id, link)
        archived = store.articles.count()
        assert archived >= 0.95 * len(distinct) and len(distinct) > 2000, (archived, len(distinct))
        again = crawl(store, LoadedSources("fixtures", sources, policy=FetchPolicy(host_delay=0)))
        assert (again.new, again.updated) == (0, 0)  # stable: no entry is stored twice or flip-flops


def _articles(store: Store, source_id: str) -> list[dict]:
    rows = store.conn.execute("SELECT * FROM articles WHERE source_id = ?", (source_id,)).fetchall()
    return [dict(r) for r in rows]


def _absolute(entry) -> str | None:
    link = str(entry.get("link", ""))
    return link if link.startswith("http") else None


def _expected_entries(parsed) -> dict[str | None, str | None]:
    """Absolute link -> ISO UTC date, as feedparser reads the entry; a repeated link keeps its newest date."""
    expected: dict = {}
    for entry in parsed.entries:
        link = entry.get("link") if str(entry.get("link", "")).startswith("http") else None
        moment = entry.get("published_parsed") or entry.get("updated_parsed")
        date = datetime.fromtimestamp(calendar.timegm(moment), UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None
        if link not in expected or (date and (expected[link] or "") < date):
            expected[link] = date
    return expected


def _by_canonical(stored: dict, link: str):
    wanted = canonical_url(link)
    return next((a for l, a in stored.items() if l.startswith("http") and canonical_url(l) == wanted), None)
