"""The parts of the page that come from other stages: labels, tiers, regulatory moves, alerts.

Each function asks the stage's own module (its store and library) and returns plain data, or
`unavailable(...)` while that stage is not installed or has produced nothing yet, so the page
shows an honest empty state instead of an error. This is the one place the web page reaches
into the classifier and the alerting code.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from datetime import date

from monitor import clock
from monitor.store import Store
from monitor.taxonomy import level_name, load_taxonomy


def unavailable(reason: str) -> dict:
    return {"available": False, "reason": reason, "items": []}


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


# Alerts, tiers, moves (monitor.alerts, monitor.store.events) ----------------------------------

ALERTS_MISSING = "This archive predates alerting; `monitor run` (or any command that writes) upgrades it."


def _events(store: Store, read):
    """read(store.alerts), or None when this install or this archive has no alerting tables."""
    if not hasattr(store, "alerts"):
        return None
    try:
        return read(store.alerts)
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise


def _describe(event: dict) -> dict:
    from monitor.alerts.events import describe_event

    return describe_event(event)


def recent_alerts(store: Store, limit: int = 8) -> dict:
    events = _events(store, lambda alerts: alerts.alerts(limit=limit))
    if events is None:
        return unavailable(ALERTS_MISSING)
    if not events:
        return unavailable("No alerts yet: they appear when a rule in monitor.yaml matches a tier change, "
                           "a regulatory move or a story.") | {"feed": "/alerts.atom"}
    return {"available": True, "feed": "/alerts.atom", "items": [_alert(e) for e in events]}


def _alert(event: dict) -> dict:
    described = _describe(event)
    return {
        "id": event["id"], "kind": event["kind"], "kind_name": described["kind_name"],
        "headline": described["headline"], "summary": described["summary"], "title": event["title"],
        "alerted_at": event.get("alerted_at"), "happened_at": event["happened_at"], "rules": event.get("rules", []),
        "sources": event.get("source_count"), "evidence": (event.get("evidence") or [])[:1],
        "article": f"/articles/{event['article_id']}",
        "deliveries": [{"channel": d["channel"], "state": d["state"], "attempts": d["attempts"],
                        "last_error": d["last_error"], "sent_at": d["sent_at"]} for d in event.get("deliveries", [])],
    }


def alerts_list(store: Store, limit: int = 100) -> dict:
    return recent_alerts(store, limit=limit)


def tier_tracker(store: Store) -> dict:
    tracked = _events(store, lambda alerts: alerts.tiers())
    if tracked is None:
        return unavailable(ALERTS_MISSING)
    if not tracked:
        return unavailable("No risk-tier determinations found yet: the tracker fills in as the classifier "
                           "finds tier changes (monitor tiers).")
    names = load_taxonomy()
    items = []
    for entry in tracked:
        history = entry["history"]
        current = history[-1]
        items.append({
            "org": entry["org"], "org_name": names.org_name(entry["org"]),
            "model": entry["model"], "framework": entry["framework"],
            "framework_name": names.framework_name(entry["framework"]),
            "category": entry["category"], "level": current["level"], "level_name": level_name(current["level"]),
            "since": current["happened_at"], "direction": current.get("direction"),
            "article": f"/articles/{current['article_id']}",
            "history": [{"level": step["level"], "level_name": level_name(step["level"]),
                         "happened_at": step["happened_at"], "direction": step.get("direction"),
                         "sources": step.get("source_count"), "article": f"/articles/{step['article_id']}"}
                        for step in history],
        })
    items.sort(key=lambda item: item["since"] or "", reverse=True)
    return {"available": True, "items": items}


def regulatory_moves(store: Store, limit: int = 60) -> dict:
    moves = _events(store, lambda alerts: alerts.moves(limit=limit))
    if moves is None:
        return unavailable(ALERTS_MISSING)
    if not moves:
        return unavailable("No regulatory moves found yet: they appear as the classifier labels legislation, "
                           "regulation, enforcement and the like (monitor moves).")
    names = load_taxonomy()
    by_place: dict[str, list[dict]] = {}
    for event in moves:  # newest first
        item = _move(event)
        for place in event["jurisdiction"] or ["other"]:
            by_place.setdefault(place, []).append(item)
    groups = [{"id": place, "name": names.jurisdiction_name(place), "moves": items}
              for place, items in by_place.items()]
    return {"available": True, "items": groups}


def _move(event: dict) -> dict:
    described = _describe(event)
    return {"id": event["id"], "headline": described["headline"], "summary": described["summary"],
            "title": event["title"], "action": event["action"], "instrument": event.get("instrument"),
            "stage": event.get("stage"), "happened_at": event["happened_at"], "sources": event.get("source_count"),
            "article": f"/articles/{event['article_id']}"}


def alerts_feed(store: Store, *, feed_url: str, site_url: str) -> str | None:
    """The Atom feed of alerts (monitor.alerts.feed), or None when alerting is not part of this archive."""
    if not _installed("monitor.alerts.feed"):
        return None
    from monitor.alerts.feed import alerts_feed as render

    return _events(store, lambda alerts: render(store, feed_url=feed_url, site_url=site_url))


def _article_events(store: Store, article_id: int) -> list[dict]:
    ids = _events(store, lambda alerts: alerts.events_of_articles([article_id]).get(article_id, []))
    return [event for event in (store.alerts.event(i) for i in ids or []) if event]


def article_tier(store: Store, article_id: int) -> dict | None:
    """The tier step this article reports, with the whole history of that model and category."""
    for event in _article_events(store, article_id):
        if event["kind"] == "tier_change" and event.get("tier_key"):
            steps = store.alerts.tier_steps(event["tier_key"])
            return {
                "headline": _describe(event)["headline"], "org": event["org"], "model": event["model"],
                "framework": event["framework"], "category": event["category"], "level": event["level"],
                "level_name": level_name(event["level"]), "direction": event.get("direction"),
                "evidence": event.get("evidence") or [],
                "history": [{"level": s["level"], "level_name": level_name(s["level"]),
                             "happened_at": s["happened_at"], "article": f"/articles/{s['article_id']}",
                             "this": s["id"] == event["id"]} for s in steps],
            }
    return None


def article_move(store: Store, article_id: int) -> dict | None:
    """The regulatory move this article reports, and how many sources carried it."""
    for event in _article_events(store, article_id):
        if event["kind"] == "move":
            move = _move(event | {"source_count": store.alerts.source_count(event["id"])})
            move["jurisdiction"] = [load_taxonomy().jurisdiction_name(j) for j in event["jurisdiction"]]
            move["evidence"] = event.get("evidence") or []
            return move
    return None


# Labels (monitor.store.labels, monitor.classify) ---------------------------------------------

LABELS_MISSING = "This article has no labels yet: the classifier has not run on it (monitor reclassify)."


class LabelError(ValueError):
    """A label correction that cannot be saved; the message says why."""


def _labels(store: Store):
    if not _installed("monitor.store.labels"):
        return None
    labels = getattr(store, "labels", None)
    if labels is None:
        from monitor.store.labels import Labels

        labels = Labels(store.conn)
    return labels


def _read_labels(store: Store, read):
    labels = _labels(store)
    if labels is None:
        return None
    try:
        return read(labels)
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise


def labels_ready(store: Store) -> bool:
    """Has any article been labelled (by the model or an analyst)?"""
    counts = _read_labels(store, lambda labels: labels.counts())
    return bool(counts and (counts["model"] or counts["analyst"]))


def taxonomy():
    """The label scheme (ids and descriptions), or None while the classifier is not installed."""
    if not _installed("monitor.taxonomy"):
        return None
    from monitor.taxonomy import load_taxonomy

    return load_taxonomy()


def label_name(name: str, value: str) -> str:
    """A label id in words: 'child_safety' -> 'Child safety', 'us_state' -> 'US states'."""
    names = load_taxonomy()
    if name in ("theme", "themes"):
        return names.theme_name(value)
    if name == "jurisdiction":
        return names.jurisdiction_name(value)
    if name == "action":
        return names.action_name(value)
    return value.replace("_", " ")


def theme_weeks(store: Store, since: date) -> dict[str, dict[str, int]] | None:
    """Relevant stories per theme per week (Monday's date), or None while nothing is labelled."""
    from monitor.store.facets import theme_weekly_counts

    try:
        rows = theme_weekly_counts(store.conn, since)
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise
    if not rows and not labels_ready(store):
        return None
    by_theme: dict[str, dict[str, int]] = {}
    for week, theme, count in rows:
        by_theme.setdefault(theme, {})[week] = count
    return by_theme


def article_labels(store: Store, article_id: int) -> dict:
    """The labels that count for an article, with scores and evidence, and what the model said."""
    current = _read_labels(store, lambda labels: labels.get(article_id))
    scheme = taxonomy()
    choices = None if scheme is None else {
        "themes": [{"id": t, "name": label_name("theme", t), "description": scheme.themes[t].description}
                   for t in scheme.theme_ids],
        "actions": [{"id": a, "name": label_name("action", a), "description": scheme.actions[a].description}
                    for a in scheme.action_ids],
        "jurisdictions": [{"id": j, "name": label_name("jurisdiction", j),
                           "description": scheme.jurisdictions[j].description} for j in scheme.jurisdiction_ids],
    }
    if current is None:
        reason = LABELS_MISSING if _labels(store) is not None else \
            "Labels appear here once the classifier is installed and has labelled the archive."
        return unavailable(reason) | {"choices": choices, "correctable": choices is not None}
    scores = current.get("scores") or {}
    theme_scores = scores.get("themes") or {}
    model = None
    if current["origin"] == "analyst":
        said = _read_labels(store, lambda labels: labels.get_model(article_id))
        if said:
            model = {"relevant": said["relevant"], "action": said["action"], "themes": said["themes"],
                     "jurisdiction": said["jurisdiction"], "model_version": said.get("model_version")}
    return {
        "available": True, "correctable": choices is not None, "choices": choices,
        "origin": current["origin"], "labelled_at": current.get("labelled_at"),
        "model_version": current.get("model_version"),
        "relevant": current["relevant"], "relevance_score": scores.get("relevant"),
        "action": {"id": current["action"], "name": label_name("action", current["action"]),
                   "score": scores.get("action") if current["origin"] == "model" or
                   (model and model["action"] == current["action"]) else None},
        "themes": [{"id": t, "name": label_name("theme", t), "score": theme_scores.get(t)}
                   for t in current["themes"]],
        "jurisdiction": [{"id": j, "name": label_name("jurisdiction", j)} for j in current["jurisdiction"]],
        "tier": current.get("tier"), "tier_words": _tier_words(current.get("tier")),
        "evidence": current.get("evidence") or [],
        "model": model,
    }


def _tier_words(tier: dict | None) -> dict | None:
    if not tier:
        return tier
    names = load_taxonomy()
    return tier | {"org": names.org_name(tier.get("org")), "level": level_name(tier.get("level")),
                   "framework": names.framework_name(tier.get("framework"))}


def correct_labels(store: Store, article_id: int, form: dict) -> dict:
    """Save an analyst's correction of an article's labels; they feed `monitor train`.

    The form either sets the whole label set (`mode=set`: relevant, action, every theme and
    jurisdiction ticked) or makes one change to the current labels, as `monitor label` does
    (`theme=+privacy`, `theme=-ip`, `jurisdiction=+eu`, `action=enforcement`, `relevant=0`);
    `mode=clear` drops the analyst's labels so the model's count again.
    """
    labels = _labels(store)
    scheme = taxonomy()
    if labels is None or scheme is None:
        raise LabelError("this monitor has no classifier installed, so there are no labels to correct")
    from monitor.classify.archive import LabelError as ClassifierLabelError
    from monitor.classify.archive import apply_correction

    def values(key: str) -> list[str]:
        value = form.get(key, [])
        return [value] if isinstance(value, str) else list(value)

    try:
        current = labels.get(article_id) or {}
    except sqlite3.OperationalError as error:
        raise LabelError("this archive has no label tables yet; run `monitor reclassify` once") from error
    mode = form.get("mode", "change")
    if mode == "clear":
        with store.transaction():
            labels.clear_analyst(article_id)
        return labels.get(article_id) or {}
    relevant_field = form.get("relevant")
    relevant = None if relevant_field in (None, "") else relevant_field in ("1", "true", "on", "yes")
    try:
        if mode == "set":
            relevant = bool(relevant)
            new = apply_correction(
                {"tier": current.get("tier")}, scheme, relevant=relevant,
                action=(form.get("action") or "none") if relevant else "none",
                themes=values("theme") if relevant else [],
                jurisdiction=values("jurisdiction") if relevant else [],
            )
        elif mode == "change":
            new = apply_correction(current, scheme, relevant=relevant, action=form.get("action") or None,
                                   themes=values("theme"), jurisdiction=values("jurisdiction"))
        else:
            raise LabelError(f"unknown mode {mode!r}: use set, change or clear")
    except ClassifierLabelError as error:
        raise LabelError(str(error)) from None
    note = str(form.get("note") or "")[:500]
    with store.transaction():
        labels.save_analyst(article_id, new, clock.now(), analyst="web", note=note)
    return labels.get(article_id) or new
