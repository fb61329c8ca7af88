"""The search index: a tantivy index beside the archive, derived from it and kept in step with it.

    data/monitor.db.search/
        state.json      which build is current, for which archive, and how far it has applied the queue
        lock            held by whoever writes the index (flock: freed by the OS on any exit)
        <generation>/   the tantivy files of the current build

The archive is the store of record. Triggers queue the id of each new, revised or deleted article
(monitor/store/search.py); `catch_up` applies the queue in batches (each article read again from
the archive: added, replaced, or removed when it is gone), commits, and then records the last
change applied in state.json. Applying a change twice does no harm, so a crash between the commit
and the record only means some changes are applied again. `rebuild` reads the whole archive into
a new generation and makes it current with one rename of state.json; searches that started on the
old one finish on it.

`check` says whether the index can answer for the archive: `missing`, `rebuild` (another format,
another archive, a state newer than the archive's queue, or changes pruned from the queue that it
never applied), `behind` (changes to apply) or `current`. Nothing is searched silently wrong:
callers catch up or rebuild (`ensure`), or say how far behind the answer is.

Two processes may share an archive (`monitor run` with `monitor crawl` or `monitor serve`): one
writes at a time, under the lock. A writer that finds the lock taken waits a little and gives up;
the holder is applying the same queue. Searches never need the lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import tantivy

from monitor.search.text import STEMMED
from monitor.store.errors import DISK_FULL, READ_ONLY_FS, storage_problem
from monitor.store.search import IndexedArticle, SearchRows

FORMAT = 1  # of the schema and the analysers: an index of another format is rebuilt
TITLE_WEIGHT, TEXT_WEIGHT = 8.0, 1.0  # BM25 per field, the title's counted 8 times the text's
WEIGHTS = {"title": TITLE_WEIGHT, "text": TEXT_WEIGHT}
READ_BATCH = 1000  # articles read from the archive at a time
# A long catch-up commits (and records its progress) this often. It also bounds the documents
# waiting for the indexing thread (tantivy queues up to 10,000): 5,000 keep a catch-up's memory
# to ~60 MB rather than ~110 MB, for the same time.
COMMIT_EVERY = 5_000
WRITER_HEAP = 64_000_000  # bytes of indexing buffer when catching up
BUILD_HEAP = 256_000_000  # and when building from scratch (fewer, larger segments)


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", indexed=True, fast=True)
    builder.add_text_field("title", tokenizer_name="stemmed")
    builder.add_text_field("text", tokenizer_name="stemmed")
    builder.add_text_field("source", tokenizer_name="raw", index_option="basic")
    # Publication time (seconds) << 32 | id: newest-first order and date filters, in one column.
    builder.add_unsigned_field("newest", fast=True)
    return builder.build()


SCHEMA = _schema()


def newest_key(published: str, article_id: int = 0) -> int:
    """The `newest` column for an ISO time and an id; instants outside 1970-2106 are clamped."""
    seconds = int(datetime.fromisoformat(published.replace("Z", "+00:00")).timestamp())
    return (min(max(seconds, 0), 2**32 - 1) << 32) | (article_id & 0xFFFFFFFF)


def document(article: IndexedArticle) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_integer("id", article.id)
    doc.add_text("title", article.title)
    doc.add_text("text", article.text)
    doc.add_text("source", article.source_id)
    doc.add_unsigned("newest", newest_key(article.published, article.id))
    return doc


@dataclass(frozen=True)
class State:
    format: int
    archive: str
    generation: str
    position: int  # the last queued change applied


@dataclass(frozen=True)
class Check:
    status: str  # "current" | "behind" | "missing" | "rebuild" | "upgrade" (the archive's schema is too old)
    reason: str = ""
    pending: int = 0  # changes queued after the index's position (when behind)

    @property
    def usable(self) -> bool:
        return self.status in ("current", "behind")


class IndexBusy(RuntimeError):
    """Another process is writing the index."""


Progress = Callable[[int, int], None]  # (done, total)


def index_trouble(error: BaseException, db_path: str) -> str | None:
    """"<index folder>: <cause>" when the index could not be written for want of room or a
    writable disk (tantivy says so only in its message); None for any other error."""
    folder = index_path(db_path)
    if isinstance(error, OSError):
        return storage_problem(error, folder)
    text = str(error)
    for words, cause in (("No space left on device", DISK_FULL), ("Read-only file system", READ_ONLY_FS)):
        if words in text:
            return f"{folder}: {cause}"
    return None


def index_path(db_path: str) -> Path:
    """Where the search index of an archive lives: a folder beside it."""
    return Path(db_path + ".search")


class SearchIndex:
    """The index of one archive, shared by the threads of a process (see `index_for`)."""

    def __init__(self, db_path: str):
        self.path = index_path(db_path)
        self._guard = threading.Lock()  # opening and reloading the tantivy objects
        self._index: tantivy.Index | None = None
        self._opened: State | None = None  # the state the open index was loaded at
        self._latest: tuple[State | None, int] | None = None

    # --- reading ---------------------------------------------------------------------------

    def state(self) -> State | None:
        try:
            data = json.loads((self.path / "state.json").read_text())
            return State(int(data["format"]), str(data["archive"]), str(data["generation"]), int(data["position"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def check(self, rows: SearchRows, *, count: bool = False) -> Check:
        """Can the index answer for this archive? `count`: also compare its number of articles
        with the archive's (a full count of the archive: for start-up, not for every search)."""
        archive = rows.archive_id()
        if archive is None:
            return Check("upgrade", "the archive predates the search index: open it once with a writing "
                                    "command (`monitor reindex`) to upgrade it")
        state = self.state()
        if state is None:
            return Check("missing", "no search index yet")
        if state.format != FORMAT:
            return Check("rebuild", "the search index was built by another version of the monitor")
        if state.archive != archive:
            return Check("rebuild", "the search index belongs to another archive")
        end, start = rows.queue_end(), rows.queue_start()
        if state.position > end:
            return Check("rebuild", "the search index is newer than the archive (was the archive restored?)")
        if start is not None and start > state.position + 1:
            return Check("rebuild", "the search index missed changes that are no longer queued")
        if count and state.position == end:
            try:
                indexed = self.searcher().num_docs
            except (OSError, ValueError) as error:
                return Check("rebuild", f"the search index cannot be read ({error})")
            archived = rows.count()
            if indexed != archived:
                return Check("rebuild", f"the search index holds {indexed:,} articles, the archive {archived:,}")
        if state.position < end:
            return Check("behind", f"{end - state.position:,} changes to apply", end - state.position)
        return Check("current")

    def latest_key(self) -> int:
        """The largest `newest` key in the index: the newest article (kept per commit)."""
        searcher = self.searcher()
        with self._guard:
            if self._latest is None or self._latest[0] != self._opened:
                hits = searcher.search(tantivy.Query.all_query(), 1, count=False, order_by_field="newest").hits
                self._latest = (self._opened, int(hits[0][0]) if hits else 0)
            return self._latest[1]

    def searcher(self) -> tantivy.Searcher:
        """A searcher over the current build as last committed (opened again after a rebuild)."""
        state = self.state()
        if state is None:
            raise ValueError(f"{self.path}: no search index")
        with self._guard:
            if self._index is None or self._opened is None or self._opened.generation != state.generation:
                self._index = _open(self.path / state.generation)
            elif self._opened != state:
                self._index.reload()
            self._opened = state
            return self._index.searcher()

    # --- writing ---------------------------------------------------------------------------

    def catch_up(self, rows: SearchRows, *, wait: float = 5.0, progress: Progress | None = None,
                 prune: bool = True) -> int:
        """Apply the changes queued since the index's position; the number applied.

        Raises IndexBusy when another process holds the writer for longer than `wait` seconds,
        and ValueError when the index needs a rebuild (see `check`). `prune`: remove the applied
        changes from the queue (needs a writable connection)."""
        with self._writing(wait):
            check = self.check(rows)
            if not check.usable:
                raise ValueError(f"{self.path}: {check.reason}")
            state = self.state()
            assert state is not None
            if check.status == "current":
                return 0
            applied, position = self._apply(rows, state, check.pending, progress)
        if prune:
            rows.forget_changes(position)
        return applied

    def _apply(self, rows: SearchRows, state: State, total: int, progress: Progress | None) -> tuple[int, int]:
        index = _open(self.path / state.generation)
        # Only ids up to the largest indexed one can be in the index: newer ones need no delete.
        newest_indexed = _largest_id(index)
        writer = index.writer(WRITER_HEAP, 1)
        applied = since_commit = 0
        position = state.position
        while applied < total:
            changes = rows.changes(position, min(READ_BATCH, total - applied))
            if not changes:
                break
            ids = list(dict.fromkeys(article_id for _, article_id in changes))
            for article_id in ids:
                if article_id <= newest_indexed:
                    writer.delete_documents_by_term("id", article_id)
            for article in rows.articles(ids):
                writer.add_document(document(article))
            newest_indexed = max(newest_indexed, *ids)
            position = changes[-1][0]
            applied += len(changes)
            since_commit += len(changes)
            if since_commit >= COMMIT_EVERY:
                self._commit(writer, state, position)
                since_commit = 0
            if progress:
                progress(applied, total)
        self._commit(writer, state, position)
        writer.wait_merging_threads()
        return applied, position

    def _commit(self, writer, state: State, position: int) -> None:
        writer.commit()
        self._write_state(State(state.format, state.archive, state.generation, position))

    def rebuild(self, rows: SearchRows, *, wait: float = 60.0, progress: Progress | None = None,
                prune: bool = True) -> int:
        """Index the whole archive afresh, make it current, then apply what changed meanwhile.
        Returns the number of articles indexed."""
        with self._writing(wait):
            archive = rows.archive_id()
            if archive is None:
                raise ValueError(self.check(rows).reason)
            position = rows.queue_end()  # every change up to here is in what the scan reads
            total = rows.count()
            generation = uuid.uuid4().hex[:12]
            folder = self.path / generation
            folder.mkdir(parents=True)
            try:
                index = _open(folder, create=True)
                writer = index.writer(BUILD_HEAP, 1)
                done, last = 0, 0
                while batch := rows.articles_after(last, READ_BATCH):
                    for article in batch:
                        writer.add_document(document(article))
                    done, last = done + len(batch), batch[-1].id
                    if progress:
                        progress(done, max(total, done))
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            self._write_state(State(FORMAT, archive, generation, position))
            for other in self.path.iterdir():
                if other.is_dir() and other.name != generation:
                    shutil.rmtree(other, ignore_errors=True)
        if prune:
            rows.forget_changes(position)
        try:
            self.catch_up(rows, wait=wait, prune=prune)
        except IndexBusy:
            pass  # whoever holds it applies the same changes
        return done

    def ensure(self, rows: SearchRows, *, progress: Progress | None = None, count: bool = False,
               prune: bool = True, wait: float = 60.0) -> Check:
        """Make the index current: rebuild a missing or unusable one, apply a queue. Returns the
        check that was made before (what was wrong, if anything)."""
        check = self.check(rows, count=count)
        if check.status == "upgrade":
            raise ValueError(f"{self.path}: {check.reason}")
        if check.status in ("missing", "rebuild"):
            self.rebuild(rows, progress=progress, prune=prune, wait=wait)
        elif check.status == "behind":
            self.catch_up(rows, progress=progress, prune=prune, wait=wait)
        return check

    def prune(self, rows: SearchRows) -> int:
        """Remove the changes the index has applied from the archive's queue (a writable
        connection, outside a transaction); for whoever read the queue through a read-only one."""
        state = self.state()
        return rows.forget_changes(state.position) if state else 0

    def _write_state(self, state: State) -> None:
        temporary = self.path / f"state.json.{os.getpid()}.{threading.get_ident()}"
        temporary.write_text(json.dumps(vars(state)))
        os.replace(temporary, self.path / "state.json")

    @contextmanager
    def _writing(self, wait: float) -> Iterator[None]:
        """Hold the index's writer lock, waiting up to `wait` seconds for it."""
        self.path.mkdir(parents=True, exist_ok=True)
        with (self.path / "lock").open("a") as handle:
            deadline = time.monotonic() + wait
            pause = 0.02
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusy(f"{self.path}: another process is writing the search index") from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.5)
            yield  # the lock goes with the file's closing


def _open(folder: Path, *, create: bool = False) -> tantivy.Index:
    index = tantivy.Index(SCHEMA, path=str(folder), reuse=not create)
    index.register_tokenizer("stemmed", STEMMED)
    return index


def _largest_id(index: tantivy.Index) -> int:
    searcher = index.searcher()
    if searcher.num_docs == 0:
        return 0
    hits = searcher.search(tantivy.Query.all_query(), 1, count=False, order_by_field="id").hits
    return int(hits[0][0]) if hits else 0


_shared: dict[str, SearchIndex] = {}
_shared_guard = threading.Lock()


def index_for(db_path: str) -> SearchIndex:
    """The process's SearchIndex of an archive (one per file, shared by threads)."""
    key = os.path.realpath(db_path)
    with _shared_guard:
        if key not in _shared:
            _shared[key] = SearchIndex(db_path)
        return _shared[key]
