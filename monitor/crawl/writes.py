"""Writing a crawl's results: short transactions that take several sources' results at once,
and never stay open across a network wait.

Each source hands in one unit of work, a function that writes all it found: new and revised
articles in their stories, the pages fetched again, its fetch record. Units wait in memory
until `every` seconds have passed since the last write, or until every source still being
crawled is waiting for its own (a crawl of one source, as the service makes, writes at once);
then one transaction writes them all, each in a savepoint. A unit that fails is undone alone
and `on_failure` records why in its place. The transaction is built and committed without
awaiting anything, so the archive's write lock is never held while a feed is fetched; while
another process holds it, the whole transaction waits and is written again from the start.

Several sources a transaction rather than one: every commit writes each page it changed (and
new articles, keys and story rows change pages all over the file), so grouping saves most of
that writing. Not too many either: a transaction runs on the crawl's event loop, which fetches
nothing and hands no feed to the parsing workers meanwhile, so a big one leaves them idle (the
crawler writes every 0.1 s: on 1,000 feeds a first crawl was 5-13% faster than with one
transaction a second in our runs). A crash loses what waits in memory, fetch records and
conditional-request validators included, so those sources are simply fetched again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from monitor.store import Store
from monitor.store.errors import busy, storage_problem


@dataclass
class _Unit:
    work: Callable[[], None]
    on_failure: Callable[[Exception], None]
    done: asyncio.Future


class Writes:
    """The write side of one crawl: `await writes.write(unit, on_failure)` for each source."""

    def __init__(self, store: Store, sources: int, *, every: float = 1.0,
                 before: Callable[[], None] = lambda: None, undo: Callable[[], None] = lambda: None):
        self.store = store
        self.sources = sources  # sources that may still hand in a unit
        self.every = every
        self.before = before  # at the start of each transaction (caches read what others wrote)
        self.undo = undo  # when writes were rolled back (caches forget what they saw of them)
        self._pending: list[_Unit] = []
        self._timer: asyncio.TimerHandle | None = None
        self._last = time.monotonic()

    async def write(self, work: Callable[[], None], on_failure: Callable[[Exception], None]) -> None:
        """Hand in a source's unit; returns once it is committed, raises what the archive raised."""
        unit = _Unit(work, on_failure, asyncio.get_running_loop().create_future())
        self._pending.append(unit)
        self._flush_if_due()
        try:
            await unit.done
        except asyncio.CancelledError:  # the crawl is stopping: nothing of this source is written
            self._pending = [u for u in self._pending if u is not unit]
            raise

    def source_done(self) -> None:
        """A source is finished (written, or nothing to write): one fewer to wait for."""
        self.sources -= 1
        self._flush_if_due()

    def _flush_if_due(self) -> None:
        if not self._pending:
            return
        waited = time.monotonic() - self._last
        if len(self._pending) >= self.sources or waited >= self.every:
            self.flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.every - waited, self.flush)

    def flush(self) -> None:
        """Write every unit waiting, in one transaction."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending, []
        if not batch:
            return
        try:
            self.store.write(lambda: self._apply(batch), on_retry=self.undo)
        except Exception as error:  # the archive cannot be written: every unit of the batch fails
            self.undo()
            for unit in batch:
                if not unit.done.done():
                    unit.done.set_exception(error)
            return
        finally:
            self._last = time.monotonic()
        for unit in batch:
            if not unit.done.done():
                unit.done.set_result(None)

    def _apply(self, batch: list[_Unit]) -> None:
        self.before()
        for unit in batch:
            try:
                with self.store.savepoint():
                    unit.work()
            except Exception as error:
                if busy(error) or storage_problem(error):
                    raise  # the archive's, not the source's: the whole transaction waits or fails
                self.undo()
                with self.store.savepoint():
                    unit.on_failure(error)
