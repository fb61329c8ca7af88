"""Analysts' corrections of an article's labels: one library function for `monitor label` and
the web page. Corrections are analyst labels: they win over the model, survive reclassification
and feed `monitor train`. No model is loaded here."""

from __future__ import annotations

from dataclasses import dataclass

from monitor import clock
from monitor.records import Labels, Tier
from monitor.store import Store
from monitor.taxonomy import Taxonomy


class LabelError(ValueError):
    """An analyst's correction that names an unknown label or contradicts itself."""


@dataclass(frozen=True)
class Correction:
    """What an analyst changes in an article's labels. `themes` and `jurisdiction` items are
    `+id` (add), `-id` (remove) or `id` (add). With `whole`, the correction is the article's
    labels in full (the model's tier kept), not changes to its current ones."""

    relevant: bool | None = None
    action: str | None = None
    themes: tuple[str, ...] = ()
    jurisdiction: tuple[str, ...] = ()
    tier: Tier | None = None
    whole: bool = False


def correct(store: Store, article_id: int, change: Correction, taxonomy: Taxonomy, *, analyst: str = "",
            note: str = "") -> Labels:
    """Save an analyst's correction: it wins over the model from now on, survives reclassification
    and feeds `monitor train`. Returns the labels that now count for the article."""
    current = store.labels.get(article_id) or Labels()
    new = apply_correction(Labels(tier=current.tier) if change.whole else current, taxonomy, change)
    with store.transaction():
        store.labels.save_analyst(article_id, new, clock.now(), analyst=analyst, note=note)
    return store.labels.get(article_id)


def clear_correction(store: Store, article_id: int) -> bool:
    """Drop an analyst's labels so the model's count again; True if there were any."""
    with store.transaction():
        return store.labels.clear_analyst(article_id)


def apply_correction(current: Labels, taxonomy: Taxonomy, change: Correction) -> Labels:
    """The labels after an analyst's correction; ids are checked against the taxonomy."""
    relevant = current.relevant if change.relevant is None else change.relevant
    action = current.action
    if change.action is not None:
        _check(change.action, taxonomy.action_ids, "action")
        action = change.action
        if action != "none" and change.relevant is None:
            relevant = True
    themes = _changed(current.themes, change.themes, taxonomy.theme_ids, "themes")
    jurisdiction = _changed(current.jurisdiction, change.jurisdiction, taxonomy.jurisdiction_ids, "jurisdiction")
    tier = (change.tier or current.tier) if action == "tier_change" else None
    if relevant:
        return Labels(relevant=True, themes=themes, action=action, jurisdiction=jurisdiction, tier=tier)
    if change.themes or change.jurisdiction or (change.action and change.action != "none"):
        raise LabelError("an article marked --not-relevant cannot have an action, themes or jurisdiction")
    return Labels(relevant=False)


def _changed(current: list[str], changes: tuple[str, ...], ids: list[str], family: str) -> list[str]:
    out = list(current)
    for change in changes:
        sign, label = (change[0], change[1:]) if change[:1] in "+-" else ("+", change)
        _check(label, ids, family)
        if sign == "+" and label not in out:
            out.append(label)
        elif sign == "-" and label in out:
            out.remove(label)
    return out


def _check(label: str, ids: list[str], family: str) -> None:
    if label not in ids:
        raise LabelError(f"unknown {family} '{label}'; known: {', '.join(ids)} "
                         f"(add your own in a taxonomy file named by MONITOR_TAXONOMY)")
