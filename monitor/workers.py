"""Worker processes for the CPU-heavy stages (parsing feeds, labelling articles), so they use the
machine's other cores.

Workers are spawned, not forked: the process that starts them has threads (the event loop's,
the service's), and a fork copies their locks in whatever state they are. Each worker ends
itself once the process that started it is gone: one killed with -9 never closes its pool, and
its workers (and multiprocessing's resource tracker, which waits for them) would otherwise wait
for work for ever.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

PARENT_CHECK_SECONDS = 1.0  # how soon a worker notices that the process that started it is gone


def start_pool(workers: int, initializer=None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A pool of `workers` spawned processes, each running `initializer(*initargs)` first."""
    return ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs))


def _start_worker(parent: int, initializer, initargs: tuple) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)
