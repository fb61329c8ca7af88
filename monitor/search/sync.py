"""Keeping the index in step after a crawl: caught up in a thread beside the labelling."""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

from monitor.search.index import IndexBusy, index_for
from monitor.store import Store

log = logging.getLogger("monitor")


@contextmanager
def catching_up(store, *, wait: float = 10.0):
    """Bring the index of `store` up to date in a thread while the block runs, and wait for it
    at the end: after a crawl, beside the labelling. The thread reads through a read-only
    connection of its own (a small page cache); the applied queue is pruned through `store` at
    the end. A busy or broken index never fails the command; it is said in the log, and the
    next search or crawl catches up."""
    index = index_for(store.path)

    def run() -> None:
        try:
            with Store(store.path, readonly=True) as reader:
                index.ensure(reader.search_rows, wait=wait, prune=False)
        except IndexBusy:
            log.info("search index busy: another process is updating it")
        except Exception:  # the crawl's articles are stored; the index can be rebuilt from them
            log.exception("search index not updated; `monitor reindex` rebuilds it")

    thread = threading.Thread(target=run, name="search-index", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
        index.prune(store.search_rows)
