"""The archive: one SQLite file, and the only package in the monitor that speaks SQL.

`Store` opens the file (WAL mode, migrations applied) and groups the SQL by what it is
about: `store.sources` (configured sources and their health), `store.articles` (the
archive itself), `store.stories` (near-duplicate groups), `store.labels` (the classifier's and
the analysts' labels), `store.events` (tier steps, regulatory moves, matched stories, and the
alerts rules raised on them), `store.progress` (how far alerting has read), `store.outbox`
(messages to deliver), `store.digests` (digest runs), `store.service` (what the long-lived
service did and plans), `store.search_rows` (what the full-text index reads: its queue of
changes, the articles, the rows of results; the index itself is monitor/search/, beside the
file), `store.robots` (robots.txt as last fetched, kept across crawls). Every write goes through
`store.transaction()`. The tables are plain, so Datasette or `sqlite3` can open the file too.

Several processes may write one archive (`monitor run` and `monitor crawl`, a correction from
the web page): SQLite lets one write at a time. A transaction takes the write lock as it begins
(BEGIN IMMEDIATE), so that it never fails half-way for want of it, and it is short: no
transaction is held across a network wait. While another process holds the lock, a new one
waits (SQLite's busy timeout), then waits again, up to BUSY_WAIT seconds in all.
"""

import random
import sqlite3
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from monitor.store.articles import Articles
from monitor.store.digests import Digests
from monitor.store.errors import busy, storage_problem
from monitor.store.events import Events
from monitor.store.facets import Facets, facet_counts, theme_weekly_counts, weekly_counts
from monitor.store.labels import LabelStore
from monitor.store.outbox import Outbox
from monitor.store.progress import Progress
from monitor.store.robots import Robots
from monitor.store.schema import current_version, migrate
from monitor.store.search import SearchRows
from monitor.store.service import ServiceState
from monitor.store.sources import Sources
from monitor.store.stories import Stories

__all__ = ["Store", "StoreBusy", "StoreError"]

BUSY_TIMEOUT = 10.0  # seconds SQLite itself waits for another process's write lock
BUSY_WAIT = 300.0  # seconds a transaction waits in all before it gives up
T = TypeVar("T")


class StoreError(Exception):
    """The database file cannot be opened or used; the message names the file and the fix."""


class StoreBusy(StoreError):
    """Another process held the archive's write lock for longer than BUSY_WAIT."""


class Store:
    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        self._depth = 0  # transaction() blocks open: within one, another is a savepoint
        self.conn = _connect(self.path, readonly)
        self._refuse_what_is_no_archive()
        self.db = sqlite_utils.Database(self.conn)
        if not readonly:
            migrate(self.conn, self.path, self._begin)
        self.sources = Sources(self)
        self.articles = Articles(self)
        self.stories = Stories(self)
        self.labels = LabelStore(self)
        self.events = Events(self)
        self.progress = Progress(self)
        self.outbox = Outbox(self)
        self.digests = Digests(self)
        self.service = ServiceState(self)
        self.robots = Robots(self)
        self.search_rows = SearchRows(self.conn)

    @staticmethod
    def must_exist(path: str | Path) -> None:
        """Refuse a path that holds no file: for the commands that read or change an archive but
        never create one (a mistyped --db must not become a new, empty archive)."""
        if Path(path).is_dir():
            raise StoreError(f"{path}: a folder, not a database file; pass --db PATH/TO/FILE.db")
        if not Path(path).exists():
            raise StoreError(f"{path}: no such database; run `monitor crawl` first or pass --db")

    def _refuse_what_is_no_archive(self) -> None:
        """A SQLite file of another program is not migrated into an archive; an empty one is not read."""
        try:
            version = current_version(self.conn)
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
        except sqlite3.DatabaseError as error:
            self.conn.close()
            raise StoreError(storage_problem(error, self.path) or f"{self.path}: cannot read it ({error})") from error
        problem = None
        if version == 0 and tables:
            problem = "a SQLite database, but not the monitor's archive; pass the --db of an archive"
        elif version == 0 and self.readonly:
            problem = "an empty database, not an archive yet; run `monitor crawl` first or pass --db"
        if problem:
            self.conn.close()
            raise StoreError(f"{self.path}: {problem}")

    @property
    def schema_version(self) -> int:
        """The migrations this file has run; 0 for a file that is no archive yet."""
        return current_version(self.conn)

    @property
    def in_transaction(self) -> bool:
        """Whether a unit of work of a caller's is open (its rows may yet roll back)."""
        return self.conn.in_transaction

    @property
    def has_alerting(self) -> bool:
        """False for an archive opened read-only whose tables predate alerting (any writer upgrades it)."""
        return self.db["events"].exists()

    @property
    def has_labels(self) -> bool:
        """False for an archive opened read-only whose tables predate the classifier's labels."""
        return self.db["model_labels"].exists()

    # --- facets (monitor/store/facets.py): counts over the ids a search found --------------

    def facets(self, matches=None, **filters) -> Facets:
        """How a search's matches (monitor.search.Matches; None: the newest articles) spread over
        sources, months and labels."""
        return facet_counts(self.conn, matches, **filters)

    def weekly_counts(self, since: date) -> list[tuple[str, int]]:
        return weekly_counts(self.conn, since)

    def theme_weekly_counts(self, since: date) -> list[tuple[str, str, int]]:
        return theme_weekly_counts(self.conn, since)

    @property
    def changed_elsewhere(self) -> int:
        """A number that changes whenever another connection commits a change to the file
        (SQLite's data_version): what a cache of the archive's rows compares to stay in step."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    @contextmanager
    def transaction(self):
        """`with store.transaction():` groups writes; commits on success, rolls back on error.

        It takes the write lock as it begins, waiting while another process writes (up to
        BUSY_WAIT seconds, then StoreBusy). Within another transaction it is a savepoint: its
        writes stand or fall together, and become durable with the outer transaction.
        """
        if self._depth:
            with self.savepoint():
                yield self
            return
        if not self.conn.in_transaction:  # (one a statement outside any began is committed with this)
            self._begin()
        self._depth += 1
        try:
            yield self
        except BaseException:
            self.conn.rollback()
            raise
        finally:
            self._depth -= 1
        try:
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    @contextmanager
    def savepoint(self):
        """Within a transaction, a unit whose writes are undone as a whole when it raises."""
        self.conn.execute("SAVEPOINT unit")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:  # some errors (a full disk) end the transaction itself
                self.conn.execute("ROLLBACK TO unit")
                self.conn.execute("RELEASE unit")
            raise
        self.conn.execute("RELEASE unit")

    def write(self, work: Callable[[], T], *, on_retry: Callable[[], None] = lambda: None) -> T:
        """Run `work` in one transaction. Should another process keep the archive busy even after
        the transaction began, all of it is rolled back and `work` runs again as a whole, once
        `on_retry` has undone whatever the caller keeps outside the archive."""
        deadline = time.monotonic() + BUSY_WAIT
        while True:
            try:
                with self.transaction():
                    return work()
            except sqlite3.OperationalError as error:
                if not busy(error) or time.monotonic() > deadline:
                    raise
                on_retry()
                time.sleep(random.uniform(0.05, 0.5))

    def _begin(self) -> None:
        """BEGIN IMMEDIATE: the write lock now, so that no statement of the transaction can fail
        for want of it; SQLite waits BUSY_TIMEOUT for it, and this waits again up to BUSY_WAIT."""
        deadline = time.monotonic() + BUSY_WAIT
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not busy(error):
                    raise
                if time.monotonic() > deadline:
                    raise StoreBusy(f"{self.path}: another process has kept the archive busy (locked for "
                                    f"writing) for over {BUSY_WAIT:.0f} s; try again when it is done") from error
                time.sleep(random.uniform(0.05, 0.5))

    def optimize(self) -> None:
        """Checkpoint the WAL: the maintenance a long-lived archive needs. (The search index
        merges its own segments as it writes; monitor.search.index.SearchIndex.catch_up.)"""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _connect(path: str, readonly: bool) -> sqlite3.Connection:
    try:
        if readonly:
            Store.must_exist(path)
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            if Path(path).is_dir():
                Store.must_exist(path)  # names the mistake
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, check_same_thread=False)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            # 16 MiB of page cache (the default is 2): writes land in random places of the URL
            # and story key indexes, and each page read from the OS costs a system call. More
            # (64 MiB was tried) made a 20,000-item first crawl no faster and its process 50 MB bigger.
            conn.execute(f"PRAGMA cache_size = -{16 * 1024}")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as error:
        line = storage_problem(error, path)
        raise StoreError(line or f"{path}: cannot open the database ({error})") from error
    conn.row_factory = sqlite3.Row
    return conn

