"""Prepare step: a fetched feed -> the article records to store, each with its dedupe fingerprint.

Between parse and store: entries are filtered by the source's keywords, ordered newest first,
given canonical URLs and dates, and told apart when a feed repeats one. Every entry is kept: a
feed's backlog is history worth archiving (max_items caps the pages the crawler fetches, not this).
An entry that cannot be prepared (a link no client could request) is skipped and named in
`PreparedFeed.skipped`; the rest of the feed goes on.
Parsing and fingerprinting are the crawl's heaviest CPU work (about 1.5 ms an entry,
feedparser most of it), so a big crawl runs this step in worker processes, where it uses the
machine's other cores while the crawl's own thread fetches and writes; a small crawl runs it
inline, since starting workers (each imports feedparser and numpy) costs more than it saves.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from monitor import clock
from monitor.crawl import dedupe
from monitor.crawl.parse import Entry, parse_feed
from monitor.crawl.urls import BadURL, canonical_url
from monitor.records import ArticleRecord, KnownArticle
from monitor.sources import Source
from monitor.workers import start_pool

if TYPE_CHECKING:  # the extractors are not imported in parse workers
    from monitor.crawl.extract import Article

FULL_TEXT_MIN_CHARS = 600  # "auto": feed text shorter than this is a summary; fetch the page
FUTURE_TOLERANCE = timedelta(days=1)
PARALLEL_FROM_SOURCES = 100  # crawls of this many sources or more parse in worker processes
MAX_WORKERS = 4


@dataclass
class Item:
    """An entry on its way to the archive."""

    record: ArticleRecord
    wants_page: bool
    known: KnownArticle | None = None  # the stored article it revises, once looked up
    _fingerprint: dedupe.Fingerprint | None = field(default=None, repr=False)

    def fingerprint(self) -> dedupe.Fingerprint:
        """Its near-duplicate fingerprint, taken once, of the final text (a worker process takes
        it ahead for an item whose text no page will replace)."""
        if self._fingerprint is None:
            self._fingerprint = dedupe.fingerprint(self.record.title, self.record.text)
        return self._fingerprint

    def defer_page(self) -> None:
        """Store the feed's text now; the page is fetched by a later crawl (see max_items)."""
        self.record.full_text_status, self.record.full_text_error = "pending", None

    def take_page(self, page: Article | str, *, title_too: bool) -> None:
        """The article page fetched for this entry, or why it could not be had: its text when it
        is the fuller one, its title too for a source without a feed, its date when the feed gave none."""
        record = self.record
        if isinstance(page, str):
            record.full_text_status, record.full_text_error = "pending", page
            return
        record.full_text_status = "done"
        if len(page.text) > len(record.text):
            record.text, record.text_source = page.text, "page"
        if title_too and page.title:
            record.title = page.title
        if record.published_estimated and page.published:
            record.published, record.published_estimated = published_or_seen(page.published, record.seen_at)
        self._fingerprint = None


@dataclass
class PreparedFeed:
    items: list[Item]
    seen: int  # entries in the feed
    filtered: int  # entries the keyword filter dropped
    skipped: list[str] = field(default_factory=list)  # entries that could not be prepared: link and why


def prepare_feed(source: Source, content: bytes, url: str, headers: Mapping[str, str], seen_at: datetime,
                 with_fingerprints: bool = False) -> PreparedFeed:
    """Parse a feed body and prepare its entries; raises ParseError for a body with no feed."""
    entries = parse_feed(content, url=url, headers=headers).entries
    return prepare_entries(source, entries, seen_at, with_fingerprints)


def prepare_entries(source: Source, entries: list[Entry], seen_at: datetime,
                    with_fingerprints: bool = False) -> PreparedFeed:
    """The entries worth storing as Items; never raises for a bad entry, which is skipped and named."""
    keep = source.keyword_filter
    kept = [e for e in entries if keep.keeps(f"{e.title}\n{e.summary}\n{e.content}")]
    fragment_matters = _entries_told_apart_by_fragment(kept)
    items, skipped = [], []
    for entry in _newest_first(kept):
        try:
            item = _item(source, entry, seen_at, entry.link in fragment_matters)
            if with_fingerprints and not item.wants_page:  # a page's text would replace the feed's
                item.fingerprint()  # taken here, in the worker, rather than in the crawl's thread
        except BadURL as error:
            skipped.append(str(error))
        except Exception as error:  # a bug must cost this entry only, not the feed
            skipped.append(f"{entry.link or entry.title!r}: unexpected error: {type(error).__name__}: {error}")
        else:
            items.append(item)
    return PreparedFeed(_first_per_url(items), seen=len(entries), filtered=len(entries) - len(kept),
                        skipped=skipped)


def published_or_seen(published: datetime | None, seen_at: datetime) -> tuple[datetime, bool]:
    """The entry's date, or the time we first saw it (flagged) when it has none or one in the future."""
    if published is None or published > seen_at + FUTURE_TOLERANCE:
        return seen_at, True
    return published, False


class Preparer:
    """Runs prepare_feed inline, or in `workers` processes (see the module's docstring)."""

    def __init__(self, workers: int = 0):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    @staticmethod
    def workers_for(source_count: int) -> int:
        if source_count < PARALLEL_FROM_SOURCES:
            return 0
        return min(os.cpu_count() or 1, MAX_WORKERS)

    async def feed(self, source: Source, content: bytes, url: str, headers: Mapping[str, str],
                   seen_at: datetime) -> PreparedFeed:
        if not self.workers:
            return prepare_feed(source, content, url, headers, seen_at)
        if self._pool is None:
            self._pool = start_pool(self.workers)
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._pool, prepare_feed, source, content, url, dict(headers), seen_at, True)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): start afresh next time; this feed is done inline.
            self.close()
            return prepare_feed(source, content, url, headers, seen_at)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _item(source: Source, entry: Entry, seen_at: datetime, keep_fragment: bool) -> Item:
    text = entry.content if len(entry.content) >= len(entry.summary) else entry.summary
    url = canonical_url(entry.link, keep_fragment=keep_fragment) if entry.link else _entry_urn(source, entry, text)
    published, estimated = published_or_seen(entry.published, seen_at)
    record = ArticleRecord(
        source_id=source.id, url=url, link=entry.link or "", guid=entry.guid, title=entry.title or url,
        summary=entry.summary, text=text, text_source="feed", published=published,
        published_estimated=estimated, seen_at=seen_at, content_hash=dedupe.content_hash(entry.title, text),
        authors=list(entry.authors), tags=list(entry.tags),
    )
    return Item(record, wants_page=bool(entry.link) and _wants_page(source, text))


def _first_per_url(items: list[Item]) -> list[Item]:
    """One item per article: a feed that repeats an entry (same link or guid) keeps its newest copy."""
    seen: set = set()
    kept = []
    for item in items:
        keys = {item.record.url} | ({("guid", item.record.guid)} if item.record.guid else set())
        if not keys & seen:
            kept.append(item)
        seen |= keys
    return kept


def _entries_told_apart_by_fragment(entries: list[Entry]) -> set[str]:
    """Links of entries that share one page and point into it at different #fragments (a page of
    many posts). A lone #comments beside the bare page link is the same article, not a new one."""
    pages: dict[str, str] = {}  # link -> its canonical page, for the links that can be read
    for entry in entries:
        if entry.link:
            try:
                pages[entry.link] = canonical_url(entry.link)
            except BadURL:
                pass  # skipped and named when its item is made
    fragments_by_page: dict[str, list[str]] = {}
    for link, page in pages.items():
        fragments_by_page.setdefault(page, []).append(urlsplit(link).fragment)
    told_apart = {page for page, fragments in fragments_by_page.items()
                  if len(set(fragments)) > 1 and all(fragments)}
    return {link for link, page in pages.items() if page in told_apart}


def _entry_urn(source: Source, entry: Entry, text: str) -> str:
    """An identity for an entry with no link (a status update, a podcast note): its guid or content."""
    return f"urn:monitor:{source.id}:{entry.guid or dedupe.content_hash(entry.title, text)}"


def _wants_page(source: Source, feed_text: str) -> bool:
    if source.kind == "html":
        return True  # a list page gives only links
    return source.full_text == "always" or (source.full_text == "auto" and len(feed_text) < FULL_TEXT_MIN_CHARS)


def _newest_first(entries: list[Entry]) -> list[Entry]:
    dated = [e for e in entries if e.published]
    if len(dated) < len(entries) / 2:
        return entries  # mostly undated: keep the feed's own order, which is usually newest first
    return sorted(entries, key=lambda e: e.published or datetime.min.replace(tzinfo=clock.now().tzinfo),
                  reverse=True)
