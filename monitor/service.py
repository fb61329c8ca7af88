"""The long-lived service behind `monitor run`: every stage on a schedule, in one process.

Threads and their jobs:
- the main thread waits for a signal: SIGTERM/SIGINT stop, SIGHUP (or a changed file)
  reloads sources.yaml;
- APScheduler's worker threads fire the jobs: one crawl job per source at its own
  interval (with jitter), `notify` after each crawl that queued alerts (and every minute
  for retries), `search-index` after each crawl that stored something (and every minute:
  it checks the index on start, then applies the archive's queue of changes), each digest
  on its cron schedule, maintenance every few hours;
- one asyncio loop thread does the crawls and what follows them (`process_stored`: the new
  articles labelled, their alerts raised): a single Fetcher (so per-host politeness holds
  across sources) and the crawl's connection to the archive. Delivery and digests wait on
  mail and webhook servers, so they run in their worker threads with connections of their
  own; SQLite's locking serialises the writes.

A crawl never holds a transaction across an await, so stopping cancels in-flight
fetches without leaving partial writes. Due times come from the archive (last fetch +
interval, or the server's Retry-After), so after downtime an overdue source runs once,
not once per missed interval; a digest whose time passed while the service was down is
sent once on start. One service per database: a lock file next to it.

A full disk (or a file system remounted read-only) does not stop the service: a job that
cannot write logs one plain line and is held; once there is room and the archive can be
written, the held jobs run at once. Starting needs a writable archive: without one, the
service exits non-zero with one line naming the file and the cause (monitor/store/errors.py).
"""

import asyncio
import concurrent.futures
import fcntl
import functools
import logging
import os
import random
import signal
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from monitor import clock
from monitor.alerts.config import AlertConfig, ConfigError, cron_trigger, load_config
from monitor.alerts.digests import due_digests, send_digest
from monitor.alerts.events import AlertSummary, raise_alerts
from monitor.classify.archive import ClassifySummary, Labeller
from monitor.crawl.crawler import Crawler, CrawlReport, RobotsInArchive
from monitor.crawl.fetch import Fetcher
from monitor.crawl.prepare import Preparer
from monitor.crawl.stories import StoryFinder
from monitor.logs import event
from monitor.notify import deliver_pending
from monitor.search import IndexBusy, index_for, index_trouble
from monitor.sources import LoadedSources, Source, SourcesError, load_sources
from monitor.store import Store, StoreError
from monitor.store.errors import STORAGE_ERRORS, free_bytes, storage_problem

MAINTENANCE_INTERVAL = timedelta(hours=6)
NOTIFY_INTERVAL = timedelta(minutes=1)  # retries of failed deliveries come due between crawls
INDEX_INTERVAL = timedelta(minutes=1)  # the search index follows the archive at least this often
STORY_KEY_DAYS = 30
HEARTBEAT_SECONDS = 30
STORAGE_PROBE_SECONDS = 5  # while a full disk holds jobs back, how often to try writing again
ROOM_TO_RESUME = 16 * 1024 * 1024  # bytes free before held jobs run again (a crawl writes MBs)
CONFIG_POLL_SECONDS = 5
STOP_GRACE_SECONDS = 8
# Overdue sources start over a second each, up to a minute, so that they do not fire together.
STARTUP_SPREAD_PER_SOURCE = 1.0
MAX_STARTUP_SPREAD = 60.0


@dataclass
class Processed:
    labelled: ClassifySummary | None  # None: no model could be loaded (see Labeller.error)
    alerts: AlertSummary


def process_stored(store: Store, labeller: Labeller, config: AlertConfig,
                   article_ids: list[int] | None = None,
                   on_labelled: Callable[[int, int], None] | None = None) -> Processed:
    """What follows a crawl, for the service and `monitor crawl` alike: label the articles it
    stored (`article_ids`; without them, every article without current model labels), then raise
    alerts for every article whose labels are new or changed (analysts' corrections included).
    `on_labelled(total, done)` follows the labelling."""
    labelled = labeller.label(store, article_ids, on_progress=on_labelled)
    return Processed(labelled, raise_alerts(store, config))


class AlreadyRunning(Exception):
    pass


class InstanceLock:
    """An exclusive lock on `<db>.lock` beside the database file (symlinks resolved), held for the
    life of the service; the OS frees it on any exit."""

    def __init__(self, db_path: str):
        self.db_path = db_path
        # Named after the file, not its spelling: through a symlink or ./data/../data/monitor.db
        # it is the same archive, and the same lock.
        self.path = Path(f"{Path(db_path).resolve()}.lock")
        self.handle = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise AlreadyRunning(
                f"another `monitor run` ({holder}) is already using {self.db_path}; stop it first"
            ) from None
        self.handle = handle
        holder = f"pid {os.getpid()}, started {clock.iso(clock.now())}".encode()
        try:
            os.ftruncate(handle.fileno(), 0)
            os.pwrite(handle.fileno(), holder, 0)
        except OSError:  # a full disk: the lock is held all the same; only its holder goes unnamed
            pass

    def release(self) -> None:
        if self.handle:
            self.handle.close()
            self.handle = None

    def held_elsewhere(self) -> str | None:
        """Who holds the lock, if a running service does (for `monitor status`)."""
        if not self.path.exists():
            return None
        with self.path.open("a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                return handle.read().strip() or "unknown"
            fcntl.flock(handle, fcntl.LOCK_UN)
        return None


class Abandoned(Exception):
    """The service is stopping: the job's work was dropped before it wrote anything."""


class _WorkLoop:
    """An asyncio loop in its own thread; other threads hand it coroutines and wait for the result."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="monitor-work", daemon=True)
        self.thread.start()
        self.pending: set[concurrent.futures.Future] = set()
        self.closed = False

    def run(self, coroutine: Coroutine):
        if self.closed:
            coroutine.close()
            raise Abandoned()
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        self.pending.add(future)
        try:
            return future.result()
        except (concurrent.futures.CancelledError, asyncio.CancelledError) as error:
            raise Abandoned() from error
        finally:
            self.pending.discard(future)

    def cancel_all(self) -> None:
        def cancel():
            for task in asyncio.all_tasks(self.loop):
                task.cancel()
        self.loop.call_soon_threadsafe(cancel)

    def close(self) -> None:
        self.closed = True
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        for future in list(self.pending):  # scheduled but never run: release the waiting job threads
            future.cancel()


def _held_on_storage_errors(task_of: Callable[..., str]):
    """For a job: a disk or file error is logged in one line and holds the job (`task_of(*args)`
    names it) until the archive can be written again, instead of ending in a traceback."""
    def decorate(job: Callable) -> Callable:
        @functools.wraps(job)
        def guarded(self: "Service", *args) -> None:
            self._unless_storage_fails(task_of(*args), lambda: job(self, *args))
        return guarded
    return decorate


class Service:
    def __init__(self, db_path: str, sources_path: str, config_path: str | None = None):
        self.db_path = db_path
        self.sources_path = sources_path
        self.config_path = config_path
        self.lock = InstanceLock(db_path)
        self.stop_requested = threading.Event()
        self.reload_requested = threading.Event()
        self.stopping = False
        self.labeller = Labeller()
        self.store: Store | None = None
        self.fetcher: Fetcher | None = None
        self.preparer: Preparer | None = None
        self.run_id: int | None = None
        self._held: set[str] = set()  # tasks a disk or file error holds until the archive can be written
        self._held_lock = threading.Lock()
        self.index_checked = False  # the first run of the search-index job counts the archive

    # --- lifecycle -----------------------------------------------------------------------

    def run(self) -> None:
        """Start, serve until asked to stop, stop. Raises AlreadyRunning or SourcesError before
        starting, or the OSError, SQLite error or StoreError that kept it from opening the archive
        (see monitor/store/errors.py for their plain words)."""
        self.lock.acquire()
        try:
            self.config = self._load_config(strict=False)
            self.alert_config = load_config(self.config_path)
            self.work = _WorkLoop()
            self.work.run(self._open())
            self.scheduler = BackgroundScheduler(
                timezone="UTC", executors={"default": ThreadPoolExecutor(16)},
                job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            )
            self._plan_jobs(self.config)
            self._plan_alert_jobs(self.alert_config, catch_up=True)
            self.scheduler.add_job(self._backlog_job, id="backlog", name="backlog", next_run_time=clock.now())
            self.scheduler.start()
            event("service started", pid=os.getpid(), db=self.db_path, sources=len(self.config.enabled))
            self._wait()
        finally:
            self._stop()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, lambda *_: self.stop_requested.set())
        signal.signal(signal.SIGINT, lambda *_: self.stop_requested.set())
        signal.signal(signal.SIGHUP, lambda *_: self.reload_requested.set())

    async def _open(self) -> None:
        self.store = Store(self.db_path)
        self.fetcher = await Fetcher(self.config.policy, robots=RobotsInArchive(self.store)).__aenter__()
        self.preparer = Preparer(Preparer.workers_for(len(self.config.enabled)))
        self.store.sources.sync(self.config.sources)
        self.run_id = self.store.service.started(os.getpid())

    def _wait(self) -> None:
        last_beat = last_poll = last_probe = time.monotonic()
        mtimes = self._config_mtimes()
        while not self.stop_requested.wait(1):
            now = time.monotonic()
            if now - last_poll >= CONFIG_POLL_SECONDS:
                last_poll = now
                if self._config_mtimes() != mtimes:
                    self.reload_requested.set()
            if self.reload_requested.is_set():
                self.reload_requested.clear()
                mtimes = self._config_mtimes()
                self._unless_storage_fails("reload", self.reload)
            if now - last_beat >= HEARTBEAT_SECONDS:
                last_beat = now
                self._unless_storage_fails("heartbeat", self._heartbeat)
            if self._held and now - last_probe >= STORAGE_PROBE_SECONDS:
                last_probe = now
                self._release_if_writable()

    def _heartbeat(self) -> None:
        self.work.run(self._in_loop(lambda: self.store.service.heartbeat(self.run_id)))

    # --- a full disk, a read-only file system ----------------------------------------------

    def _hold(self, task: str, error: BaseException) -> bool:
        """For a disk or file error: log it as one plain line, hold `task` until the archive can
        be written again (see _release_if_writable) and return True; False for other errors."""
        cause = error.__cause__ if isinstance(error, StoreError) else error
        line = storage_problem(cause, self.db_path) if cause is not None else None
        if line is None:
            return False
        with self._held_lock:
            first = task not in self._held
            self._held.add(task)
        if first:
            event("cannot write the archive", logging.ERROR, task=task, error=line,
                  action="the service keeps running and tries again once it can write")
        return True

    def _unless_storage_fails(self, task: str, function: Callable[[], None]) -> None:
        try:
            function()
        except (*STORAGE_ERRORS, StoreError) as error:
            if not self._hold(task, error):
                raise

    def _release_if_writable(self) -> None:
        """Once there is room again and the heartbeat can be written, run every held task at once.
        A heartbeat alone fits in the last few KB of a full disk; a crawl tried again there would
        fail again, and fetch its feed again each time."""
        free = free_bytes(self.db_path)
        if free is not None and free < ROOM_TO_RESUME:
            return
        try:
            self._heartbeat()
        except (*STORAGE_ERRORS, StoreError, Abandoned):
            return
        with self._held_lock:
            held, self._held = self._held, set()
        event("archive writable again", tasks=len(held))
        for task in held:
            if task == "reload":
                self.reload_requested.set()
            elif self.scheduler.get_job(task):
                self.scheduler.modify_job(task, next_run_time=clock.now())

    def _stop(self) -> None:
        self.stopping = True
        started = time.monotonic()
        if hasattr(self, "scheduler") and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if hasattr(self, "work"):
            self.work.cancel_all()
            try:
                self.work.run(self._close())
            except Abandoned:
                pass
            self.work.close()
        self.lock.release()
        event("service stopped", seconds=round(time.monotonic() - started, 2))

    async def _close(self) -> None:
        """Close what _open opened, which may be only part of it when starting failed."""
        self.work.closed = True  # from here on, work handed to the loop is refused (see _in_loop)
        await asyncio.sleep(0)  # let cancelled crawls unwind first
        if self.fetcher is not None:
            await self.fetcher.__aexit__(None, None, None)
        if self.preparer is not None:
            self.preparer.close()
        if self.store is not None:
            if self.run_id is not None:
                self._unless_storage_fails("stop", lambda: self.store.service.stopped(self.run_id))
            self.store.close()

    # --- configuration -------------------------------------------------------------------

    def _load_config(self, *, strict: bool) -> LoadedSources:
        config = load_sources(self.sources_path, strict=strict)
        for problem in config.errors:
            event("source skipped", logging.WARNING, problem=problem)
        return config

    def _config_mtimes(self) -> tuple:
        return _mtime(self.sources_path), _mtime(self.config_path or "monitor.yaml")

    def reload(self) -> None:
        """Re-read sources.yaml and monitor.yaml; a file with any error is refused and its running
        version stays."""
        try:
            config = self._load_config(strict=True)
        except SourcesError as error:
            event("reload refused", logging.ERROR, file=self.sources_path, errors=len(error.errors),
                  problem=error.errors[0], kept="the running configuration")
        else:
            self.config = config
            self.work.run(self._in_loop(lambda: self.store.sources.sync(config.sources)))
            self._plan_jobs(config)
            event("reloaded", file=self.sources_path, sources=len(config.enabled))
        try:
            alert_config = load_config(self.config_path)
        except ConfigError as error:
            event("reload refused", logging.ERROR, file=self.config_path or "monitor.yaml", errors=len(error.errors),
                  problem=error.errors[0], kept="the running configuration")
            return
        if alert_config != self.alert_config:
            self.alert_config = alert_config
            self._plan_alert_jobs(alert_config, catch_up=False)
            event("reloaded", file=self.config_path or "monitor.yaml", rules=len(alert_config.rules),
                  digests=len(alert_config.digests))

    # --- jobs ----------------------------------------------------------------------------

    def _plan_jobs(self, config: LoadedSources) -> None:
        wanted = {f"crawl:{s.id}": s for s in config.enabled}
        for job in self.scheduler.get_jobs():
            if job.id.startswith("crawl:") and job.id not in wanted:
                job.remove()
                self.work.run(self._in_loop(lambda job_id=job.id: self.store.service.forget(job_id)))
        planned = []
        for job_id, source in wanted.items():
            existing = self.scheduler.get_job(job_id)
            if not (existing and existing.trigger.interval.total_seconds() == source.interval):
                planned.append((job_id, source, self._due(source)))
        now = clock.now()
        overdue = sum(1 for _, _, due in planned if due <= now)
        spread = min(MAX_STARTUP_SPREAD, overdue * STARTUP_SPREAD_PER_SOURCE)
        for job_id, source, due in planned:
            if due <= now:  # overdue: now, spread so that many overdue sources do not fire together
                due = now + timedelta(seconds=random.uniform(0, min(source.interval, spread)))
            trigger = IntervalTrigger(seconds=source.interval, jitter=_jitter(source.interval), start_date=due,
                                      timezone="UTC")
            # The first run is given, not left to the trigger: it would add its jitter (minutes for
            # a daily source), and a start that passed before scheduler.start() (planning many
            # sources takes a while) would be moved a whole interval on.
            self.scheduler.add_job(self._crawl_job, trigger, args=[source.id], id=job_id, name=job_id,
                                   replace_existing=True, next_run_time=due)
            self._record_plan(job_id, "crawl", source.id)
        if not self.scheduler.get_job("search-index"):
            self.scheduler.add_job(self._index_job, IntervalTrigger(seconds=INDEX_INTERVAL.total_seconds(),
                                   timezone="UTC"), id="search-index", name="search-index", next_run_time=clock.now())
            self._record_plan("search-index", "search-index", "")
        if not self.scheduler.get_job("maintenance"):
            self.scheduler.add_job(self._maintenance_job, IntervalTrigger(seconds=MAINTENANCE_INTERVAL.total_seconds(),
                                   start_date=clock.now() + timedelta(minutes=1), timezone="UTC"),
                                   id="maintenance", name="maintenance")
            self._record_plan("maintenance", "maintenance", "")

    def _due(self, source: Source) -> datetime:
        """When the source is next due by the archive's record: last fetch + interval, or later if
        the server asked us to wait; now if it was never fetched."""
        state = self.work.run(self._in_loop(lambda: self.store.sources.state(source.id)))
        due = clock.now()
        if state.last_fetch_at:
            due = max(due, state.last_fetch_at + timedelta(seconds=source.interval))
        if state.next_fetch_after:
            due = max(due, state.next_fetch_after)
        return due

    def _record_plan(self, job_id: str, kind: str, target: str) -> None:
        job = self.scheduler.get_job(job_id)
        next_run = job.next_run_time if job and hasattr(job, "next_run_time") else None
        next_run = next_run or (job.trigger.get_next_fire_time(None, clock.now()) if job else None)
        self.work.run(self._in_loop(lambda: self.store.service.plan(job_id, kind, target, next_run)))

    @_held_on_storage_errors(lambda source_id: f"crawl:{source_id}")
    def _crawl_job(self, source_id: str) -> None:
        if self.stopping:
            return
        source = self.config.get(source_id)
        if source is None:
            return
        started = time.monotonic()
        try:
            report = self.work.run(self._crawl(source))
        except Abandoned:
            return
        result = report.sources[0]
        fields = dict(source=source_id, status=result.outcome, new=result.new, updated=result.updated,
                      seconds=round(time.monotonic() - started, 2))
        if result.full_text_failed:
            fields["pages_failed"] = result.full_text_failed  # feed text kept; retried on later crawls
        if result.bad_entries:
            fields["bad_entries"] = result.bad_entries  # named in the note
        if result.outcome == "error":
            event("crawl failed", logging.WARNING, **fields, cause=result.cause, error=result.message)
        else:
            event("crawl", **fields, note=result.message)
        self._record_run(f"crawl:{source_id}", result.outcome, result.message or f"{result.new} new", started)

    async def _crawl(self, source: Source) -> CrawlReport:
        crawler = Crawler(self.store, self.config, on_stored=self._process, preparer=self.preparer)
        return await crawler.crawl_with(self.fetcher, [source])

    def _backlog_job(self) -> None:
        """Once, at start: label what is not labelled yet (stored while no model could load, or
        labelled by an older model) and raise its alerts."""
        try:
            self.work.run(self._in_loop(lambda: self._process(None)))
        except Abandoned:
            pass

    def _process(self, article_ids: list[int] | None) -> None:
        """Wake `search-index` (it indexes beside the labelling) when a crawl stored something,
        label that (or the backlog) and raise its alerts, on the work loop; then wake `notify`
        when messages were queued."""
        if article_ids:
            self.scheduler.modify_job("search-index", next_run_time=clock.now())
        try:
            processed = process_stored(self.store, self.labeller, self.alert_config, article_ids)
        except Exception as error:
            line = storage_problem(error, self.db_path)
            if line:
                event("not labelled", logging.ERROR, error=line, action="labelled when the service starts again")
            else:
                logging.getLogger("monitor").exception("labelling or alerting failed; the articles are stored "
                                                       "and will be labelled when the service starts again")
            return
        if processed.labelled is None:
            event("not labelled", logging.WARNING, articles=len(article_ids or []), error=self.labeller.error)
        elif processed.labelled.classified:
            event("labelled", articles=processed.labelled.classified, relevant=processed.labelled.relevant)
        if processed.alerts.queued:
            event("alerts raised", events=processed.alerts.events, alerts=processed.alerts.alerts,
                  queued=processed.alerts.queued)
            self.scheduler.modify_job("notify", next_run_time=clock.now())

    def _plan_alert_jobs(self, config: AlertConfig, *, catch_up: bool) -> None:
        """`notify` every minute (and on demand), one job per digest on its cron schedule."""
        if not self.scheduler.get_job("notify"):
            self.scheduler.add_job(self._notify_job, IntervalTrigger(seconds=NOTIFY_INTERVAL.total_seconds(),
                                   timezone="UTC"), id="notify", name="notify", next_run_time=clock.now())
            self._record_plan("notify", "notify", "")
        wanted = {f"digest:{d.name}": d for d in config.digests}
        for job in self.scheduler.get_jobs():
            if job.id.startswith("digest:") and job.id not in wanted:
                job.remove()
        for job_id, digest in wanted.items():
            self.scheduler.add_job(self._digest_job, cron_trigger(digest.schedule), args=[digest.name], id=job_id,
                                   name=job_id, replace_existing=True)
            self._record_plan(job_id, "digest", digest.name)
        if catch_up:
            missed = self.work.run(self._in_loop(lambda: due_digests(self.store, config, clock.now())))
            for name in missed:
                event("digest missed while down", digest=name, action="sending it once now")
                self.scheduler.modify_job(f"digest:{name}", next_run_time=clock.now())

    @_held_on_storage_errors(lambda: "notify")
    def _notify_job(self) -> None:
        if self.stopping:
            return
        started = time.monotonic()
        with Store(self.db_path) as store:
            report = deliver_pending(store, self.alert_config)
        if report.sent or report.retrying or report.failed:
            event("notify", sent=report.sent, retrying=report.retrying, failed=report.failed,
                  seconds=round(time.monotonic() - started, 2))
        for error in report.errors:
            event("delivery failed", logging.WARNING, **error)
        self._record_run("notify", "error" if report.failed else "ok", f"{report.sent} sent", started)

    @_held_on_storage_errors(lambda name: f"digest:{name}")
    def _digest_job(self, name: str) -> None:
        if self.stopping:
            return
        started = time.monotonic()
        with Store(self.db_path) as store:
            result = send_digest(store, self.alert_config, name)
        event("digest", digest=name, state=result.state, items=result.items, queued=result.queued,
              seconds=round(time.monotonic() - started, 2))
        self._record_run(f"digest:{name}", result.state, f"{result.items} items, {result.state}", started)

    def _index_job(self) -> None:
        """Bring the search index up to date (its own connection; the crawl is not held up). On
        start, a missing or stale index is rebuilt and the index is counted against the archive."""
        if self.stopping:
            return
        started = time.monotonic()
        index = index_for(self.db_path)
        try:
            with Store(self.db_path, readonly=True) as reader:  # a small page cache; the crawl's connection prunes
                check = index.ensure(reader.search_rows, count=not self.index_checked, wait=5.0, prune=False)
            self.work.run(self._in_loop(lambda: index.prune(self.store.search_rows)))
        except Abandoned:
            return
        except IndexBusy:
            return  # another process is writing it, from the same queue
        except Exception as error:  # the archive is whole; the next run (or `monitor reindex`) tries again
            trouble = index_trouble(error, self.db_path)
            if trouble:
                event("search index not updated", logging.ERROR, error=trouble, action="tried again at its next run")
            else:
                logging.getLogger("monitor").exception("search index not updated")
            self._record_run("search-index", "error", trouble or str(error), started)
            return
        self.index_checked = True
        if check.status in ("missing", "rebuild"):
            event("search index rebuilt", logging.WARNING, reason=check.reason,
                  seconds=round(time.monotonic() - started, 2))
        elif check.status == "behind":
            event("search index", applied=check.pending, seconds=round(time.monotonic() - started, 2))
        self._record_run("search-index", "ok", check.reason or "current", started)

    @_held_on_storage_errors(lambda: "maintenance")
    def _maintenance_job(self) -> None:
        if self.stopping:
            return
        started = time.monotonic()
        try:
            pruned = self.work.run(self._in_loop(self._maintain))
        except Abandoned:
            return
        event("maintenance", pruned_story_keys=pruned, seconds=round(time.monotonic() - started, 2))
        self._record_run("maintenance", "ok", f"{pruned} old story keys pruned", started)

    def _maintain(self) -> int:
        pruned = self.store.stories.forget_keys_before(clock.now() - timedelta(days=STORY_KEY_DAYS))
        StoryFinder.of(self.store).reset()  # its words in memory are read again, without the pruned ones
        self.store.optimize()
        return pruned

    def _record_run(self, job_id: str, outcome: str, message: str, started: float) -> None:
        job = self.scheduler.get_job(job_id)
        next_run = job.next_run_time if job else None
        seconds = time.monotonic() - started
        try:
            self.work.run(self._in_loop(lambda: self.store.service.ran(job_id, outcome, message, seconds, next_run)))
        except Abandoned:
            pass

    async def _in_loop(self, function: Callable):
        """Run a plain function on the work loop's thread, where the archive connection lives."""
        if self.work.closed:
            raise Abandoned()
        return function()


def _jitter(interval: float) -> float:
    return min(interval * 0.1, 300.0)


def _mtime(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None
