"""Classification: relevance, risk themes, governance action, jurisdiction and risk tiers.

    from monitor.classify import Classifier
    labels = Classifier.load().classify([{"id": 1, "title": "...", "text": "..."}])

The pipeline keeps its steps apart: `taxonomy` (label ids and cue phrases, from taxonomy.yaml),
`rules` (cue and gazetteer matching), `features`, `model` (fit, save, load), `tiers` (risk-tier
extraction), `predict` (the Classifier), `train`, `evaluate`, `archive` (labels in the database)
and `commands` (the CLI).
"""

from monitor.classify.evaluate import cross_validate, cv_report, evaluate, format_report
from monitor.classify.model import ModelError, Params
from monitor.classify.predict import Classifier
from monitor.classify.taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from monitor.classify.train import DataError, train

__all__ = [
    "Classifier", "ModelError", "Params", "Taxonomy", "TaxonomyError", "DataError", "load_taxonomy",
    "train", "evaluate", "cross_validate", "cv_report", "format_report",
]
