"""What follows a crawl: label the articles the current model has not labelled yet, then
place them in the tier tracker and the regulatory moves and queue the alerts the rules ask for.

Shared by `monitor crawl` and the service, so both leave the archive in the same state.
A classifier that cannot load (no model file, another scikit-learn version) never costs
the crawl its articles: they are stored, and labelled once the model is fixed.
"""

from dataclasses import dataclass

from monitor.alerts.config import AlertConfig
from monitor.alerts.events import AlertSummary, raise_alerts
from monitor.classify import Classifier, ModelError
from monitor.classify.archive import ClassifySummary, classify_stored
from monitor.store import Store
from monitor.taxonomy import TaxonomyError


@dataclass
class Processed:
    labelled: ClassifySummary | None  # None: no model could be loaded (see Labeller.error)
    alerts: AlertSummary


class Labeller:
    """Loads the model once (about a second) and labels what each crawl stored."""

    def __init__(self, model_path: str | None = None):
        self.model_path = model_path
        self._classifier: Classifier | None = None
        self.error: str | None = None

    def classifier(self) -> Classifier | None:
        if self._classifier is None and self.error is None:
            try:
                self._classifier = Classifier.load(self.model_path)
            except (ModelError, TaxonomyError) as error:
                self.error = str(error)
        return self._classifier

    def label_new(self, store: Store) -> ClassifySummary | None:
        """Label the articles without current model labels; None (see .error) when no model loads."""
        classifier = self.classifier()
        if classifier is None:
            return None
        return classify_stored(store.conn, classifier, only_missing=True)


def process_stored(store: Store, labeller: Labeller, config: AlertConfig) -> Processed:
    """Label, then raise alerts for every article whose labels are new or changed."""
    labelled = labeller.label_new(store)
    return Processed(labelled, raise_alerts(store, config))
