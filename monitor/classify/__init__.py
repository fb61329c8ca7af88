"""Classification: relevance, risk themes, governance action, jurisdiction and risk tiers.

    from monitor.classify import Classifier
    labels = Classifier.load().classify([{"id": 1, "title": "...", "text": "..."}])

The label ids and cue phrases come from `monitor.taxonomy`. The steps stay apart: `rules` (cue
and gazetteer matching), `features`, `model` (fit, save, load), `frameworks` (the registry of risk
frameworks, frameworks.yaml), `tiers` (the tier determination reader), `sentences`, `predict` (the
Classifier), `train`, `evaluate`, and `archive` (labels in the database). The commands are in
`monitor.cli.classify`.
"""

import importlib

# Imported on first use (PEP 562): scikit-learn takes seconds to load, and `monitor --help`
# or `monitor search` should not wait for it.
_EXPORTS = {
    "Classifier": "predict", "ModelError": "model", "Params": "model", "DataError": "train",
    "cross_validate": "evaluate", "cv_report": "evaluate", "format_report": "evaluate",
}  # train() and evaluate() share their modules' names: import them from monitor.classify.train / .evaluate
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
