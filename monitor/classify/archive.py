"""The classifier and the archive: label stored articles with the model.

The classifier speaks dicts (the contract of `monitor classify`); the archive keeps
`monitor.records.Labels`: this module turns one into the other. All SQL lives in
`monitor.store.labels`; these functions only decide what to ask it. Analysts' corrections
are in `corrections`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from monitor import clock
from monitor.classify.predict import LOAD_ERRORS, Classifier
from monitor.records import Labels
from monitor.store import Store


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
                    only_missing: bool = False, article_ids: list[int] | None = None, batch: int = 256,
                    now: datetime | None = None) -> ClassifySummary:
    """Label stored articles with the model: these `article_ids`, or all (from `since`), or only
    unlabelled/outdated ones. Analyst labels are never touched: the `labels` view keeps preferring them.
    """
    now = now or clock.now()
    summary = ClassifySummary()
    after = 0
    while True:
        rows = store.labels.to_classify(since=since, model_version=classifier.version, only_missing=only_missing,
                                        article_ids=article_ids, after_id=after, limit=batch)
        if not rows:
            break
        predictions = classifier.classify(rows)
        with store.transaction():
            store.labels.save_model_many([(row["id"], labels_of(p)) for row, p in zip(rows, predictions)],
                                         classifier.version, now)
        summary.classified += len(rows)
        summary.relevant += sum(p["relevant"] for p in predictions)
        after = rows[-1]["id"]
    summary.analyst_kept = store.labels.counts()["analyst"]
    return summary


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

    def label(self, store: Store, article_ids: list[int] | None = None) -> ClassifySummary | None:
        """Label these articles, or every one without current model labels; None (see .error)
        when no model loads."""
        classifier = self.classifier()
        if classifier is None:
            return None
        if article_ids is None:
            return classify_stored(store, classifier, only_missing=True)
        return classify_stored(store, classifier, article_ids=sorted(set(article_ids)))
