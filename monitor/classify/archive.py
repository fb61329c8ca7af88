"""The classifier and the archive: label stored articles, take analyst corrections, pick what to review.

All SQL lives in `monitor.store.labels`; these functions only decide what to ask it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from monitor import clock
from monitor.classify.predict import Classifier
from monitor.taxonomy import Taxonomy
from monitor.store.labels import Labels


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


def classify_stored(conn, classifier: Classifier, *, since: str | None = None,
                    only_missing: bool = False, batch: int = 256,
                    now: datetime | None = None) -> ClassifySummary:
    """Label stored articles with the model: all (from `since`), or only unlabelled/outdated ones.

    Analyst labels are never touched: the `labels` view keeps preferring them.
    """
    labels = Labels(conn)
    now = now or clock.now()
    summary = ClassifySummary()
    after = 0
    while True:
        rows = labels.to_classify(since=since, model_version=classifier.version,
                                  only_missing=only_missing, after_id=after, limit=batch)
        if not rows:
            break
        predictions = classifier.classify(rows)
        with conn:
            labels.save_model_many(
                [(row["id"], {**p, "certainty": certainty(p)}) for row, p in zip(rows, predictions)],
                classifier.version, now)
        summary.classified += len(rows)
        summary.relevant += sum(p["relevant"] for p in predictions)
        after = rows[-1]["id"]
    summary.analyst_kept = labels.counts()["analyst"]
    return summary


class LabelError(ValueError):
    """An analyst's correction that names an unknown label or article."""


def apply_correction(current: dict, taxonomy: Taxonomy, *, relevant: bool | None = None,
                     action: str | None = None, themes: list[str] = (),
                     jurisdiction: list[str] = (), tier: dict | None = None) -> dict:
    """The labels after an analyst's correction. `themes`/`jurisdiction` items are `+id`
    (add), `-id` (remove) or `id` (add); ids are checked against the taxonomy."""
    out = {
        "relevant": bool(current.get("relevant")),
        "themes": list(current.get("themes") or []),
        "action": current.get("action") or "none",
        "jurisdiction": list(current.get("jurisdiction") or []),
        "tier": current.get("tier"),
    }
    if relevant is not None:
        out["relevant"] = relevant
    if action is not None:
        _check(action, taxonomy.action_ids, "action")
        out["action"] = action
        if action != "none" and relevant is None:
            out["relevant"] = True
    for family, changes, ids in (("themes", themes, taxonomy.theme_ids),
                                 ("jurisdiction", jurisdiction, taxonomy.jurisdiction_ids)):
        for change in changes:
            sign, label = (change[0], change[1:]) if change[:1] in "+-" else ("+", change)
            _check(label, ids, family)
            if sign == "+" and label not in out[family]:
                out[family].append(label)
            elif sign == "-" and label in out[family]:
                out[family].remove(label)
    if tier is not None:
        out["tier"] = tier
    if out["action"] != "tier_change":
        out["tier"] = None
    if not out["relevant"]:
        out.update(themes=[], jurisdiction=[], action="none", tier=None)
    if (themes or jurisdiction or (action and action != "none")) and not out["relevant"]:
        raise LabelError("an article marked --not-relevant cannot have an action, themes or jurisdiction")
    return out


def _check(label: str, ids: list[str], family: str) -> None:
    if label not in ids:
        raise LabelError(f"unknown {family} '{label}'; known: {', '.join(ids)} "
                         f"(add your own in a taxonomy file named by MONITOR_TAXONOMY)")
