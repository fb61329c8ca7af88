"""The classifier and the archive: label stored articles with the model.

The classifier speaks dicts (the contract of `monitor classify`); the archive keeps
`monitor.records.Labels`: this module turns one into the other. All SQL lives in
`monitor.store.labels`; these functions only decide what to ask it. Analysts' corrections
are in `corrections`.
"""

from __future__ import annotations

import itertools
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import datetime

from monitor import clock
from monitor.classify.predict import LOAD_ERRORS, Classifier
from monitor.records import Labels
from monitor.store import Store
from monitor.workers import start_pool

BATCH = 256  # articles labelled and written together
# A backlog this big is labelled in worker processes too: each takes about a second to start
# (imports and the model), which pays once there are more than a few hundred articles for it.
PARALLEL_FROM = 1024
MAX_WORKERS = 4


@dataclass
class ClassifySummary:
    classified: int = 0
    relevant: int = 0
    analyst_kept: int = 0  # articles whose analyst labels stay in force over the new model labels

    def __str__(self) -> str:
        return (f"{self.classified} articles classified, {self.relevant} relevant; "
                f"{self.analyst_kept} keep their analyst labels")


def certainty(prediction: dict) -> float:
    """How sure the model is of a prediction, 0..1 (review shows the lowest first)."""
    scores = prediction["scores"]
    margin = min(1.0, abs(scores["relevant"] - 0.5) * 2)
    if not prediction["relevant"]:
        return round(margin, 4)
    return round(min(margin, scores["action"]), 4)


def labels_of(prediction: dict) -> Labels:
    """A prediction of the classifier as the archive keeps it."""
    return replace(Labels.from_dict(prediction), certainty=certainty(prediction))


def classify_stored(store: Store, classifier: Classifier, *, since: str | None = None,
                    only_missing: bool = False, article_ids: list[int] | None = None, batch: int = BATCH,
                    now: datetime | None = None, workers: int | None = None,
                    on_progress: Callable[[int], None] | None = None) -> ClassifySummary:
    """Label stored articles with the model: these `article_ids`, or all (from `since`), or only
    unlabelled/outdated ones. Analyst labels are never touched: the `labels` view keeps preferring them.

    `workers` processes label, this one included (None: one a core, up to four, once there are
    PARALLEL_FROM articles to label; 0 or 1: this one alone); this process also reads the articles
    and writes the labels. `on_progress` is called with the number of articles each batch labelled.
    """
    now = now or clock.now()
    summary = ClassifySummary()
    batches = _batches(store, classifier.version, since=since, only_missing=only_missing,
                       article_ids=article_ids, batch=batch)
    for rows, predictions in _predictions(classifier, batches, workers):
        with store.transaction():
            store.labels.save_model_many([(row["id"], labels_of(p)) for row, p in zip(rows, predictions)],
                                         classifier.version, now)
        summary.classified += len(rows)
        summary.relevant += sum(p["relevant"] for p in predictions)
        if on_progress is not None:
            on_progress(len(rows))
    summary.analyst_kept = store.labels.counts()["analyst"]
    return summary


def _batches(store: Store, model_version: str, *, batch: int, **which) -> Iterator[list[dict]]:
    after = 0
    while rows := store.labels.to_classify(model_version=model_version, after_id=after, limit=batch, **which):
        yield rows
        after = rows[-1]["id"]


def _predictions(classifier: Classifier, batches: Iterator[list[dict]],
                 workers: int | None) -> Iterator[tuple[list[dict], list[dict]]]:
    """Each batch with its predictions, in order: inline, or from worker processes."""
    if workers is None:
        head = list(itertools.islice(batches, -(-PARALLEL_FROM // BATCH)))
        big = sum(map(len, head)) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1
        workers = min(os.cpu_count() or 1, MAX_WORKERS) if big else 0
        batches = itertools.chain(head, batches)
    if workers < 2:
        for rows in batches:
            yield rows, classifier.classify(rows)
        return
    # Each worker holds a model (about 190 MB at its peak): this process labels its share too,
    # rather than wait, so a machine of two cores needs one worker.
    pool = start_pool(workers - 1, _load_in_worker, (pickle.dumps(classifier),))
    try:
        pending: deque = deque()
        for k, rows in enumerate(batches):
            mine = k % workers == workers - 1
            pending.append((rows, _labelled(classifier, rows) if mine else _submit(pool, classifier, rows)))
            if len(pending) > 2 * workers:  # a few batches ahead keep the workers busy; no more in memory
                yield _settled(classifier, *pending.popleft())
        while pending:
            yield _settled(classifier, *pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool, classifier: Classifier, rows: list[dict]) -> Future:
    try:
        return pool.submit(_classify_in_worker, rows)
    except BrokenProcessPool:  # a worker died (killed, out of memory): the rest is labelled here
        return _labelled(classifier, rows)


def _labelled(classifier: Classifier, rows: list[dict]) -> Future:
    done: Future = Future()
    done.set_result(classifier.classify(rows))
    return done


def _settled(classifier: Classifier, rows: list[dict], future: Future) -> tuple[list[dict], list[dict]]:
    try:
        return rows, future.result()
    except BrokenProcessPool:
        return rows, classifier.classify(rows)


_worker_classifier: Classifier | None = None


def _load_in_worker(pickled: bytes) -> None:
    global _worker_classifier
    _worker_classifier = pickle.loads(pickled)


def _classify_in_worker(rows: list[dict]) -> list[dict]:
    return _worker_classifier.classify(rows)


class Labeller:
    """Loads the model once (about a second) and labels what each crawl stored.

    A model that cannot load (no file, another scikit-learn version) never costs the crawl its
    articles: they are stored, `error` says why they are not labelled, and they are labelled
    once a model loads (`label` without ids takes every article without current labels).
    """

    def __init__(self, model_path: str | None = None):
        self.model_path = model_path
        self._classifier: Classifier | None = None
        self.error: str | None = None

    def classifier(self) -> Classifier | None:
        if self._classifier is None and self.error is None:
            try:
                self._classifier = Classifier.load(self.model_path)
            except LOAD_ERRORS as error:
                self.error = str(error)
        return self._classifier

    def label(self, store: Store, article_ids: list[int] | None = None,
              on_progress: Callable[[int, int], None] | None = None) -> ClassifySummary | None:
        """Label these articles, or every one without current model labels; None (see .error)
        when no model loads. `on_progress(total, done)` is called after each batch."""
        classifier = self.classifier()
        if classifier is None:
            return None
        which = ({"only_missing": True} if article_ids is None else {"article_ids": sorted(set(article_ids))})
        if on_progress is None:
            return classify_stored(store, classifier, **which)
        total, done = store.labels.count_to_classify(model_version=classifier.version, **which), 0

        def progress(labelled: int) -> None:
            nonlocal done
            done += labelled
            on_progress(total, done)

        return classify_stored(store, classifier, on_progress=progress, **which)
