"""Crawl: one pass over the sources, each through fetch -> parse and prepare -> extract -> stories -> store.

Sources are crawled concurrently; the Fetcher keeps each host to one request at a time
with a pause between requests (robots.txt read from the archive while it is fresh), and the
Preparer parses feeds (in worker processes for a big crawl). One failing source, page or
entry is recorded in that source's health and never stops the others. Each source's results
are written as one unit once everything it needed is fetched (monitor/crawl/writes.py: a
savepoint in a short transaction that may carry other sources' units too), so a crash
mid-crawl leaves either all of a source's new articles, with its fetch record, or none, and
no transaction is ever open while the crawl waits on the network.
"""

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor import clock
from monitor.crawl.extract import Article, ExtractError, extract_article
from monitor.crawl.fetch import Fetcher, FetchError, Response, Validators
from monitor.crawl.parse import Entry, ParseError, find_links, looks_like_feed
from monitor.crawl.prepare import Item, PreparedFeed, Preparer, prepare_entries
from monitor.crawl.stories import StoryFinder
from monitor.crawl.urls import BadURL, canonical_url
from monitor.crawl.writes import Writes
from monitor.records import ArticleRecord, FetchRecord, KnownArticle, SourceState, StoredRobots
from monitor.sources import LoadedSources, Source
from monitor.store import Store, StoreError
from monitor.store.errors import busy, storage_problem

MAX_BACKOFF = timedelta(hours=24)
MAX_CACHE_WAIT = timedelta(hours=6)
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
WRITE_EVERY = 0.1  # seconds between the transactions of a crawl of many sources (see writes.py)
# When every source fails for one reason, the reason is rarely the sources: what to look at.
COMMON_CAUSES = {
    "dns": ("DNS errors", "is the network reachable?"),
    "connection": ("connection errors", "is the network reachable, or is a proxy needed?"),
    "timeout": ("timeouts", "is the network reachable, or very slow?"),
    "tls": ("TLS errors", "is the system clock right, or is a proxy intercepting TLS?"),
    "robots": ("robots.txt refusals", "check the user agent in sources.yaml's fetch: settings"),
}


@dataclass
class SourceReport:
    source_id: str
    name: str
    outcome: str  # "ok" | "not_modified" | "error" | "skipped"
    new: int = 0
    updated: int = 0
    seen: int = 0
    filtered: int = 0
    bad_entries: int = 0  # entries that could not be stored (a link no client could request); named in message
    full_text_failed: int = 0
    pages_deferred: int = 0  # new articles stored with their feed text, their page left for later crawls (max_items)
    pages_fetched: int = 0
    cause: str | None = None
    message: str | None = None
    seconds: float = 0.0
    stored_ids: list[int] = field(default_factory=list)


@dataclass
class CrawlReport:
    sources: list[SourceReport]
    seconds: float

    def count(self, outcome: str) -> int:
        return sum(1 for s in self.sources if s.outcome == outcome)

    @property
    def new(self) -> int:
        return sum(s.new for s in self.sources)

    @property
    def updated(self) -> int:
        return sum(s.updated for s in self.sources)

    @property
    def full_text_failed(self) -> int:
        return sum(s.full_text_failed for s in self.sources)

    def all_failed(self) -> str | None:
        """When no source could be read (and at least one was tried): one line with the common cause.

        "all 45 sources failed with DNS errors: is the network reachable?"
        """
        tried = [s for s in self.sources if s.outcome != "skipped"]
        if not tried or any(s.outcome != "error" for s in tried):
            return None
        causes = Counter(s.cause or "unknown" for s in tried)
        what = f"all {len(tried)} sources" if len(tried) > 1 else "the only source"
        if len(causes) == 1 and next(iter(causes)) in COMMON_CAUSES:
            words, hint = COMMON_CAUSES[next(iter(causes))]
            return f"{what} failed with {words}: {hint}"
        spread = ", ".join(f"{n} {cause.replace('_', ' ')}" for cause, n in causes.most_common(4))
        return f"{what} failed ({spread}); `monitor sources` shows each one's error"

    @property
    def pages_deferred(self) -> int:
        return sum(s.pages_deferred for s in self.sources)

    @property
    def bad_entries(self) -> int:
        return sum(s.bad_entries for s in self.sources)


class Crawler:
    def __init__(
        self,
        store: Store,
        config: LoadedSources,
        *,
        force: bool = False,
        on_progress: Callable[[SourceReport], None] | None = None,
        on_stored: Callable[[list[int]], None] | None = None,
        workers: int | None = None,
        preparer: Preparer | None = None,
    ):
        self.store = store
        self.config = config
        self.force = force
        self.on_progress = on_progress or (lambda report: None)
        self.on_stored = on_stored or (lambda ids: None)
        self.workers = workers  # processes that parse feeds; None: as many as the crawl's size calls for
        self.preparer = preparer or Preparer()  # the service shares one across its crawls

    async def run(self, only: list[str] | None = None) -> CrawlReport:
        """Crawl the enabled sources (or the `only` ones) with a Fetcher and a Preparer of our own."""
        self.store.sources.sync(self.config.sources)
        chosen = [s for s in self.config.enabled if not only or s.id in only]
        workers = Preparer.workers_for(len(chosen)) if self.workers is None else self.workers
        self.preparer = Preparer(workers)
        try:
            async with Fetcher(self.config.policy, robots=RobotsInArchive(self.store)) as fetcher:
                return await self.crawl_with(fetcher, chosen)
        finally:
            self.preparer.close()

    async def crawl_with(self, fetcher: Fetcher, sources: list[Source]) -> CrawlReport:
        """Crawl these sources through a Fetcher shared with other crawls (the service's)."""
        started = time.monotonic()
        finder = StoryFinder.of(self.store)
        robots = fetcher.robots if isinstance(fetcher.robots, RobotsInArchive) else None

        def before() -> None:
            finder.sync()
            if robots is not None:
                robots.write_fetched()

        self.finder = finder
        self.writes = Writes(self.store, len(sources), every=WRITE_EVERY, before=before, undo=finder.reset)
        # Feeds handed to the parsing workers at once: enough to keep them busy while the crawl's
        # thread writes a transaction; parsed feeds wait in memory for theirs.
        self._parsing = asyncio.Semaphore(max(2, 32 * self.preparer.workers))
        reports = await asyncio.gather(*(self._crawl_and_report(fetcher, s) for s in sources))
        return CrawlReport(list(reports), time.monotonic() - started)

    async def _crawl_and_report(self, fetcher: Fetcher, source: Source) -> SourceReport:
        started = time.monotonic()
        try:
            try:
                report = await self.crawl_source(fetcher, source)
            except Exception as error:  # a bug must not take the other sources down with it
                if storage_problem(error) or busy(error) or isinstance(error, StoreError):
                    raise  # the archive cannot be written (a full disk): no other source can be either
                report = SourceReport(source.id, source.display_name, "error")
                await self._write_failure(source, clock.now(), report, error)
        finally:
            self.writes.source_done()
        report.seconds = time.monotonic() - started
        self.on_progress(report)
        if report.stored_ids:
            self.on_stored(report.stored_ids)
        return report

    async def crawl_source(self, fetcher: Fetcher, source: Source) -> SourceReport:
        started = clock.now()
        state = self.store.sources.state(source.id)
        waiting = self._wait_reason(state, started)
        if waiting:
            return SourceReport(source.id, source.display_name, "skipped", message=waiting)
        try:
            response = await fetcher.get(
                source.url, validators=Validators(state.etag, state.last_modified), user_agent=source.user_agent
            )
        except FetchError as error:
            report = SourceReport(source.id, source.display_name, "error", cause=error.cause, message=error.message)
            await self._write(report, lambda: self._record_failure(source, started, report, 0, retry_at=error.retry_at,
                                                                   status=error.status), source, started)
            return report
        if response.not_modified:
            report = SourceReport(source.id, source.display_name, "not_modified")
            pages = await self._fetch_pending_pages(fetcher, source, set(), source.max_items)

            def unit() -> None:
                report.stored_ids = []
                report.full_text_failed = self._save_pending_pages(pages, report)
                self._record_success(source, started, report, response)

            await self._write(report, unit, source, started)
            return report
        try:
            prepared = await self._prepare(source, response, started)
        except ParseError as error:
            report = SourceReport(source.id, source.display_name, "error", cause=error.cause,
                                  message=f"{source.url}: {error.message}")
            await self._write(report, lambda: self._record_failure(source, started, report, len(response.content),
                                                                   status=response.status), source, started)
            return report
        report, items = await self._fetch_for(fetcher, source, prepared)
        pages = await self._fetch_pending_pages(fetcher, source, {i.known.id for i in items if i.known},
                                                source.max_items - report.pages_fetched)
        failed_pages = report.full_text_failed

        def unit() -> None:
            report.new = report.updated = 0
            report.stored_ids = []
            # Looked up again: another source may have stored some of them since.
            for item in self._changed_items(source, items):
                self._save(item, report)
            report.full_text_failed = failed_pages + self._save_pending_pages(pages, report)
            self._record_success(source, started, report, response)

        await self._write(report, unit, source, started)
        return report

    async def _write(self, report: SourceReport, unit: Callable[[], None], source: Source, started: datetime) -> None:
        """Have the source's unit written; should it fail (a bug, bad data), its failure is
        recorded instead, in the same transaction."""

        report.seconds = (clock.now() - started).total_seconds()  # before the wait for the write

        def on_failure(error: Exception) -> None:
            self._fail(report, error, source)
            self._record_failure(source, started, report, 0)

        await self.writes.write(unit, on_failure)

    async def _write_failure(self, source: Source, started: datetime, report: SourceReport, error: Exception) -> None:
        self._fail(report, error, source)
        await self._write(report, lambda: self._record_failure(source, started, report, 0), source, started)

    @staticmethod
    def _fail(report: SourceReport, error: Exception, source: Source) -> None:
        report.outcome, report.cause = "error", "internal"
        report.message = f"{source.url}: unexpected error: {type(error).__name__}: {error}"
        report.new = report.updated = 0
        report.stored_ids = []

    def _wait_reason(self, state: SourceState, now: datetime) -> str | None:
        if self.force or not state.next_fetch_after or state.next_fetch_after <= now:
            return None
        until = state.next_fetch_after.strftime("%Y-%m-%d %H:%M UTC")
        if state.consecutive_failures:
            return f"backing off until {until} after {state.consecutive_failures} failed fetches"
        return f"not due until {until} (the server asked us to wait)"

    async def _prepare(self, source: Source, response: Response, seen_at: datetime) -> PreparedFeed:
        content_type = response.headers.get("content-type")
        if source.kind == "html" or (source.kind is None and source.selector
                                     and not looks_like_feed(response.content, content_type)):
            return prepare_entries(source, self._entries_from_page(source, response), seen_at)
        async with self._parsing:
            return await self.preparer.feed(source, response.content, response.url, response.headers, seen_at)

    def _entries_from_page(self, source: Source, response: Response) -> list[Entry]:
        """A list page with no feed: its article links by selector become entries; their pages
        are fetched like any summary-only entry's (max_items a crawl), and only for links not yet archived."""
        links = find_links(response.content, url=response.url, selector=source.selector,
                           pattern=source.link_pattern)
        if not links:
            raise ParseError("not_a_feed", f"no links match the selector {source.selector!r}; "
                             "the page may have changed: check the selector")
        canonical = {link.url: _canonical_or_none(link.url) for link in links}
        known = self.store.articles.known_urls([url for url in canonical.values() if url])
        return [  # a link that cannot be read goes on, for prepare to name and skip
            Entry(title=link.title, link=link.url, guid=None, published=None, authors=[], summary="",
                  content="", tags=[])
            for link in links if canonical[link.url] not in known
        ]

    async def _fetch_for(self, fetcher: Fetcher, source: Source,
                         prepared: PreparedFeed) -> tuple[SourceReport, list[Item]]:
        """The report of a parsed feed, and its new or revised items with the pages they need."""
        report = SourceReport(source.id, source.display_name, "ok", seen=prepared.seen, filtered=prepared.filtered,
                              bad_entries=len(prepared.skipped))
        if prepared.skipped:
            more = f" (and {len(prepared.skipped) - 1} more)" if len(prepared.skipped) > 1 else ""
            report.message = f"{_entries(len(prepared.skipped))} skipped: {prepared.skipped[0]}{more}"
        items = self._changed_items(source, prepared.items)
        # Every entry is stored; max_items caps the article pages fetched in this crawl (newest first).
        wanted = [item for item in items if item.wants_page]
        now, later = wanted[:source.max_items], wanted[source.max_items:]
        for item in later:
            item.defer_page()
        await self._fill_pages(fetcher, source, now)
        report.pages_fetched, report.pages_deferred = len(now), len(later)
        report.full_text_failed = sum(1 for i in now if i.record.full_text_status == "pending")
        return report, items

    def _changed_items(self, source: Source, items: list[Item]) -> list[Item]:
        """The items that are new or revised, each with the stored article it matches, if any; a
        page is wanted only for a new article or one whose page has not been had yet."""
        known = self.store.articles.find_many(source.id, [(i.record.url, i.record.guid) for i in items])
        changed = []
        for item, match in zip(items, known):
            if _changed(match, item.record):
                item.known = match
                item.wants_page = item.wants_page and (match is None or match.full_text_status == "pending")
                changed.append(item)
        return changed

    async def _fill_pages(self, fetcher: Fetcher, source: Source, items: list[Item]) -> None:
        pages = await asyncio.gather(*(self._fetch_page(fetcher, source, i.record.link) for i in items))
        for item, page in zip(items, pages):
            item.take_page(page, title_too=source.kind == "html")

    async def _fetch_page(self, fetcher: Fetcher, source: Source, url: str):
        """The extracted article at `url`, or a one-line reason it could not be had."""
        try:
            response = await fetcher.get(url, user_agent=source.user_agent, accept=PAGE_ACCEPT,
                                         allow_private=source.allow_private)
            # Extraction is CPU work (about 0.1 s a page): keep it off the event loop.
            return await asyncio.to_thread(extract_article, response.content, url=response.url)
        except (FetchError, ExtractError) as error:
            return getattr(error, "message", None) or str(error)

    def _save(self, item: Item, report: SourceReport) -> None:
        """Store a new article in its story, or a revision in place."""
        record, known = item.record, item.known
        if known is None:
            article_id = self.store.articles.insert(record)
            self.finder.place(article_id, record, item.fingerprint())
            report.new += 1
        else:
            article_id = known.id
            self.store.articles.revise(known.id, record)
            self.finder.revised(known.id, known.story_id, record, item.fingerprint())
            report.updated += 1
        report.stored_ids.append(article_id)

    async def _fetch_pending_pages(self, fetcher: Fetcher, source: Source, just_tried: set[int],
                                   budget: int) -> list[tuple[dict, Article | str]]:
        """Fetch the pages still wanted, with what came of each: those that failed before (403,
        timeout) and those a crawl left for later (max_items), `budget` at most."""
        if source.full_text == "never" or budget <= 0:
            return []
        pending = [p for p in self.store.articles.pending_full_text(source.id, budget + len(just_tried))
                   if p["id"] not in just_tried][:budget]
        pages = await asyncio.gather(*(self._fetch_page(fetcher, source, p["link"] or p["url"]) for p in pending))
        return list(zip(pending, pages))

    def _save_pending_pages(self, pages: list[tuple[dict, Article | str]], report: SourceReport) -> int:
        """Keep the pages had at last; the feed text stays where they failed again. Returns the failures."""
        failed = 0
        for row, page in pages:
            if isinstance(page, str):
                self.store.articles.full_text_failed(row["id"], page)
                failed += 1
            else:
                self.store.articles.save_full_text(row["id"], page.text, clock.now())
                report.stored_ids.append(row["id"])
        return failed

    def _record_success(self, source: Source, started: datetime, report: SourceReport, response: Response) -> None:
        wait = timedelta(seconds=response.max_age) if response.max_age else None
        next_after = started + min(wait, MAX_CACHE_WAIT) if wait else None
        self.store.sources.record(FetchRecord(
            source_id=source.id, url=response.url, started_at=started, outcome=report.outcome,
            duration_ms=int(report.seconds * 1000), http_status=response.status,
            etag=response.validators.etag, last_modified=response.validators.last_modified,
            next_fetch_after=next_after, items_seen=report.seen, items_new=report.new,
            items_updated=report.updated, bytes=len(response.content),
            cause="bad_entries" if report.bad_entries else None, message=report.message,
        ))

    def _record_failure(self, source: Source, started: datetime, report: SourceReport, size: int, *,
                        retry_at: datetime | None = None, status: int | None = None) -> None:
        failures = self.store.sources.state(source.id).consecutive_failures + 1
        self.store.sources.record(FetchRecord(
            source_id=source.id, url=source.url, started_at=started, outcome="error",
            duration_ms=int(report.seconds * 1000), http_status=status,
            cause=report.cause, message=report.message, bytes=size,
            next_fetch_after=retry_at or _backoff_until(started, source.interval, failures),
        ))


class RobotsInArchive:
    """The Fetcher's memory of robots.txt, kept in the archive: read when a crawl first needs an
    origin's, written with the next transaction of the crawl that fetched it."""

    def __init__(self, store: Store):
        self.store = store
        self._fetched: dict[str, StoredRobots] = {}

    def load(self, origin: str) -> StoredRobots | None:
        return self._fetched.get(origin) or self.store.robots.get(origin)

    def save(self, origin: str, robots: StoredRobots) -> None:
        self._fetched[origin] = robots

    def write_fetched(self) -> None:
        """Call inside a transaction."""
        fetched, self._fetched = self._fetched, {}
        for origin, robots in fetched.items():
            self.store.robots.put(origin, robots)


def _changed(known: KnownArticle | None, record: ArticleRecord) -> bool:
    """New, or revised by its own source (another source's copy of a known URL changes nothing)."""
    return known is None or (known.source_id == record.source_id and known.content_hash != record.content_hash)


def _canonical_or_none(url: str) -> str | None:
    try:
        return canonical_url(url)
    except BadURL:
        return None


def _entries(count: int) -> str:
    return "1 bad entry" if count == 1 else f"{count} bad entries"


def _backoff_until(now: datetime, interval: float, failures: int) -> datetime | None:
    """After the second failure in a row, wait twice as long each time (up to a day)."""
    if failures < 2:
        return None
    return now + min(timedelta(seconds=interval * 2 ** (failures - 1)), MAX_BACKOFF)


def crawl(
    store: Store,
    config: LoadedSources,
    *,
    only: list[str] | None = None,
    force: bool = False,
    on_progress: Callable[[SourceReport], None] | None = None,
    on_stored: Callable[[list[int]], None] | None = None,
    workers: int | None = None,
) -> CrawlReport:
    """One pass over the enabled sources (or the `only` ones); see Crawler."""
    crawler = Crawler(store, config, force=force, on_progress=on_progress, on_stored=on_stored, workers=workers)
    return asyncio.run(crawler.run(only))
