"""The parts of the page that come from other stages: labels, tiers, regulatory moves, alerts,
and the changes a page can make to sources (add, turn on or off, fetch now).

Each function asks the stage's own library and returns plain data, or `unavailable(...)` while
that stage has produced nothing yet (or the archive, opened read-only, predates its tables), so
the page shows an honest empty state instead of an error. This is the one place the web page
reaches into the classifier and the alerting code.
"""

from __future__ import annotations

from datetime import date

from monitor.alerts.config import AlertConfig
from monitor.alerts.events import raise_alerts
from monitor.alerts.feed import alerts_feed as render_alerts_feed
from monitor.alerts.messages import article_events as described_article_events
from monitor.alerts.messages import describe_event, tier_words
from monitor.classify.corrections import Correction, LabelError, clear_correction, correct
from monitor.crawl.discover import NoFeedFound, find_feed
from monitor.crawl.fetch import Fetcher, FetchError
from monitor.records import Labels, Tier
from monitor.sources import LoadedSources, SourcesError, load_sources
from monitor.sources.edit import append_source, new_entry, set_enabled, taken_ids
from monitor.store import Store
from monitor.taxonomy import load_taxonomy


def unavailable(reason: str) -> dict:
    return {"available": False, "reason": reason, "items": []}


# Alerts, tiers, moves (monitor.alerts, monitor.store.events) ----------------------------------

ALERTS_MISSING = "This archive predates alerting; `monitor run` (or any command that writes) upgrades it."


def recent_alerts(store: Store, limit: int = 8) -> dict:
    if not store.has_alerting:
        return unavailable(ALERTS_MISSING)
    events = store.events.alerted(limit=limit)
    if not events:
        return unavailable("No alerts yet: they appear when a rule in monitor.yaml matches a tier change, "
                           "a regulatory move or a story.") | {"feed": "/alerts.atom"}
    return {"available": True, "feed": "/alerts.atom", "items": [_alert(e) for e in events]}


def _alert(event: dict) -> dict:
    described = describe_event(event)
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
    if not store.has_alerting:
        return unavailable(ALERTS_MISSING)
    tracked = store.events.tiers()
    if not tracked:
        return unavailable("No risk-tier determinations found yet: the tracker fills in as the classifier "
                           "finds tier changes (monitor tiers).")
    items = []
    for entry in tracked:
        history = entry["history"]
        current = history[-1]
        words = tier_words(current)
        items.append({
            "org": entry["org"], "org_name": words["org"], "model": entry["model"], "model_name": words["model"],
            "framework": entry["framework"], "framework_name": words["framework"],
            "category": entry["category"], "category_name": words["category"], "line": words["line"],
            "level": current["level"], "level_name": words["level"],
            "since": current["happened_at"], "direction": current.get("direction"),
            "article": f"/articles/{current['article_id']}",
            "history": [_step(step) for step in history],
        })
    items.sort(key=lambda item: item["since"] or "", reverse=True)
    return {"available": True, "items": items}


def _step(step: dict) -> dict:
    return {"level": step["level"], "level_name": tier_words(step)["level"], "happened_at": step["happened_at"],
            "direction": step.get("direction"), "sources": step.get("source_count"),
            "article": f"/articles/{step['article_id']}"}


def regulatory_moves(store: Store, limit: int = 60) -> dict:
    if not store.has_alerting:
        return unavailable(ALERTS_MISSING)
    moves = store.events.moves(limit=limit)
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
    described = describe_event(event)
    return {"id": event["id"], "headline": described["headline"], "summary": described["summary"],
            "title": event["title"], "action": event["action"], "instrument": event.get("instrument"),
            "stage": event.get("stage"), "happened_at": event["happened_at"], "sources": event.get("source_count"),
            "article": f"/articles/{event['article_id']}"}


def alerts_feed(store: Store, *, feed_url: str, site_url: str) -> str | None:
    """The Atom feed of alerts (monitor.alerts.feed), or None when the archive predates alerting."""
    if not store.has_alerting:
        return None
    return render_alerts_feed(store, feed_url=feed_url, site_url=site_url)


def article_events(store: Store, article_id: int) -> dict:
    """The tier step (with the whole history of that model and category) and the regulatory move
    this article reports, with links to the articles of the history."""
    found = described_article_events(store, article_id)
    if found["tier"]:
        for step in found["tier"]["history"]:
            step["article"] = f"/articles/{step['article_id']}"
    return found


# Labels (monitor.store.labels, monitor.classify) ---------------------------------------------

LABELS_MISSING = "This article has no labels yet: the classifier has not run on it (monitor reclassify)."


def labels_ready(store: Store) -> bool:
    """Has any article been labelled (by the model or an analyst)?"""
    counts = store.labels.counts() if store.has_labels else None
    return bool(counts and (counts["model"] or counts["analyst"]))


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
    if not labels_ready(store):
        return None
    by_theme: dict[str, dict[str, int]] = {}
    for week, theme, count in store.theme_weekly_counts(since):
        by_theme.setdefault(theme, {})[week] = count
    return by_theme


def article_labels(store: Store, article_id: int) -> dict:
    """The labels that count for an article, with scores and evidence, and what the model said."""
    current = store.labels.get(article_id) if store.has_labels else None
    scheme = load_taxonomy()
    choices = {
        "themes": [{"id": t, "name": label_name("theme", t), "description": scheme.themes[t].description}
                   for t in scheme.theme_ids],
        "actions": [{"id": a, "name": label_name("action", a), "description": scheme.actions[a].description}
                    for a in scheme.action_ids],
        "jurisdictions": [{"id": j, "name": label_name("jurisdiction", j),
                           "description": scheme.jurisdictions[j].description} for j in scheme.jurisdiction_ids],
    }
    if current is None:
        return unavailable(LABELS_MISSING) | {"choices": choices, "correctable": True}
    model = None
    if current.origin == "analyst":
        said = store.labels.get_model(article_id)
        if said:
            model = {"relevant": said.relevant, "action": said.action, "themes": said.themes,
                     "jurisdiction": said.jurisdiction, "model_version": said.model_version,
                     "words": {"action": label_name("action", said.action),
                               "themes": [label_name("theme", t) for t in said.themes],
                               "jurisdiction": [label_name("jurisdiction", j) for j in said.jurisdiction]}}
    action_score = current.scores.action if current.origin == "model" or (
        model and model["action"] == current.action) else None
    return {
        "available": True, "correctable": True, "choices": choices,
        "origin": current.origin, "labelled_at": current.labelled_at, "model_version": current.model_version,
        "relevant": current.relevant, "relevance_score": current.scores.relevant,
        "action": {"id": current.action, "name": label_name("action", current.action), "score": action_score},
        "themes": [{"id": t, "name": label_name("theme", t), "score": current.scores.theme(t)}
                   for t in current.themes],
        "jurisdiction": [{"id": j, "name": label_name("jurisdiction", j)} for j in current.jurisdiction],
        "tier": current.tier.as_dict() if current.tier else None, "tier_words": _tier_words(current.tier),
        "evidence": current.evidence,
        "model": model,
    }


def listed_labels(store: Store, article_ids: list[int]) -> dict[int, dict]:
    """The labels of listed articles (search results, the latest articles), in words: what a row shows."""
    if not labels_ready(store):
        return {}
    return {article_id: _label_words(labels) for article_id, labels in store.labels.get_many(article_ids).items()}


def _label_words(labels: Labels) -> dict:
    if not labels.relevant:
        return {"relevant": False}
    return {"relevant": True, "action": label_name("action", labels.action) if labels.action != "none" else None,
            "action_id": labels.action, "themes": [label_name("theme", t) for t in labels.themes],
            "jurisdiction": [label_name("jurisdiction", j) for j in labels.jurisdiction],
            "tier": tier_words(labels.tier.as_dict())["line"] if labels.tier else None}


def _tier_words(tier: Tier | None) -> dict | None:
    return tier_words(tier.as_dict()) | {"direction": tier.direction} if tier else None


def correct_labels(store: Store, article_id: int, form: dict) -> Labels | None:
    """Save an analyst's correction of an article's labels (monitor.classify.corrections).

    The form either sets the whole label set (`mode=set`: relevant, action, every theme and
    jurisdiction ticked) or makes one change to the current labels, as `monitor label` does
    (`theme=+privacy`, `theme=-ip`, `jurisdiction=+eu`, `action=enforcement`, `relevant=0`);
    `mode=clear` drops the analyst's labels so the model's count again.
    """
    mode = form.get("mode", "change")
    if mode == "clear":
        clear_correction(store, article_id)
        return store.labels.get(article_id)
    if mode not in ("set", "change"):
        raise LabelError(f"unknown mode {mode!r}: use set, change or clear")
    note = str(form.get("note") or "")[:500]
    return correct(store, article_id, _correction(form, whole=mode == "set"), load_taxonomy(), analyst="web",
                   note=note)


def _correction(form: dict, *, whole: bool) -> Correction:
    def values(key: str) -> tuple[str, ...]:
        value = form.get(key, [])
        return (value,) if isinstance(value, str) else tuple(value)

    relevant_field = form.get("relevant")
    relevant = None if relevant_field in (None, "") else relevant_field in ("1", "true", "on", "yes")
    if not whole:
        return Correction(relevant=relevant, action=form.get("action") or None, themes=values("theme"),
                          jurisdiction=values("jurisdiction"))
    if not relevant:
        return Correction(relevant=False, action="none", whole=True)
    return Correction(relevant=True, action=form.get("action") or "none", themes=values("theme"),
                      jurisdiction=values("jurisdiction"), whole=True)


# Sources (monitor.sources.edit, monitor.crawl) ----------------------------------------------

SOURCE_PROBLEMS = (SourcesError, FetchError, NoFeedFound)  # each one's message says what and why, in a line


def source_problem(error: Exception) -> str:
    return getattr(error, "message", None) or str(error)


async def add_source(sources_path: str, address: str) -> dict:
    """Find the feed at (or behind) `address`, check that it parses, and append it to sources.yaml
    (comments kept): `monitor sources add` from the page. Returns the new entry."""
    policy = load_sources(sources_path).policy  # its fetch: politeness; a broken file is refused here
    async with Fetcher(policy) as fetcher:
        found = await find_feed(fetcher, address.strip())
    entry = new_entry(taken_ids(sources_path), url=found.url, title=found.title, kind=found.kind)
    append_source(sources_path, entry)
    return entry | {"entries": found.entries}


def switch_source(sources_path: str, source_id: str, enabled: bool) -> None:
    """Turn a source on or off in sources.yaml; the service reloads the file by itself."""
    set_enabled(sources_path, source_id, enabled)


def fetch_source_now(db_path: str, sources_path: str, source_id: str, alerting: AlertConfig) -> dict:
    """Crawl one source now (even if it is backing off), label what it stored and raise its alerts,
    as a crawl by the service would; the service or `monitor notify` delivers them. Blocking: run it
    in a thread of its own."""
    from monitor.classify.archive import Labeller
    from monitor.crawl.crawler import crawl  # here: the extractors take a second to import

    loaded = load_sources(sources_path)
    source = loaded.get(source_id)
    if source is None:
        raise SourcesError([f"{sources_path}: no source with id '{source_id}'"])
    if not source.enabled:
        raise SourcesError([f"{source_id} is turned off in {sources_path}; turn it on first"])
    with Store(db_path) as store:
        [report] = crawl(store, LoadedSources(loaded.path, [source], policy=loaded.policy), force=True).sources
        labelled = Labeller().label(store, report.stored_ids) if report.stored_ids else None
        alerts = raise_alerts(store, alerting)
    return {"source": source_id, "outcome": report.outcome, "new": report.new, "updated": report.updated,
            "message": report.message, "labelled": labelled.classified if labelled else 0, "alerts": alerts.alerts}
