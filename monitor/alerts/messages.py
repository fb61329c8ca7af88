"""Alerts in words: the channel-neutral message of an alert, an event's headline and summary.

A message is plain data, frozen into the outbox when it is queued; each channel of
monitor/notify renders it its own way. Names come from the taxonomy (monitor/taxonomy.py).
"""

from __future__ import annotations

from monitor.records import Labels, Scores, Tier
from monitor.store import Store
from monitor.taxonomy import level_name, load_taxonomy


def alert_message(store: Store, event_id: int, rules: list[str]) -> dict:
    """The channel-neutral message of an alert (frozen into the outbox; adapters render it)."""
    event = store.events.get(event_id)
    articles = store.events.articles(event_id)
    described = describe_event(event)
    return {
        "type": "alert",
        "subject": f"[AI monitor] {described['kind_name']}: {described['headline']}",
        "event": {**described, "id": event["id"], "kind": event["kind"], "title": event["title"],
                  "happened_at": event["happened_at"]},
        "why": {"rules": rules, "labels": label_line(event_labels(event)), "evidence": event["evidence"][:2],
                "score": (event.get("scores") or {}).get("action")},
        "articles": [{"title": a["title"], "url": a["url"], "source": a["source_name"], "published": a["published"]}
                     for a in articles],
        "sources": len({a["source_id"] for a in articles}),
        "link": articles[0]["url"] if articles else None,
    }


def describe_event(event: dict) -> dict:
    """A headline and a one-line summary of an event, in words."""
    names = load_taxonomy()
    if event["kind"] == "tier_change" and event.get("level"):
        org = names.org_name(event["org"])
        framework = names.framework_name(event["framework"])
        level = level_name(event["level"])
        category = (event["category"] or "").replace("_", " ")
        headline = f"{org} {event['model'] or 'model'}: {level}" + (f" in {category}" if category else "")
        was = f"was {level_name(event['previous_level'])}" if event.get("previous_level") else "first known level"
        summary = f"{framework}; {was}" if framework else was
        return {"kind_name": "Tier change", "headline": headline, "summary": summary, "level": level}
    if event["kind"] == "move":
        where = ", ".join(map(names.jurisdiction_name, event["jurisdiction"])) or "jurisdiction not named"
        action = names.action_name(event["action"])
        if event.get("instrument"):
            headline = event["instrument"] + (f" {event['stage']}" if event.get("stage") else f": {action}")
        else:
            headline = event["title"]
        summary = " · ".join(x for x in (action, event.get("stage") or "", where) if x)
        return {"kind_name": "Regulatory move", "headline": headline, "summary": summary}
    themes = ", ".join(map(names.theme_name, event["themes"])) or "relevant"
    return {"kind_name": "Story", "headline": event["title"], "summary": themes}


def event_labels(event: dict) -> Labels:
    """The labels an event carries (those of the article that started it, and its tier step)."""
    tier = Tier(**{name: event.get(name) for name in ("org", "model", "framework", "category", "level")},
                direction=event.get("direction")) if event.get("level") else None
    return Labels(relevant=True, themes=event["themes"], action=event["action"], jurisdiction=event["jurisdiction"],
                  tier=tier, scores=Scores.from_dict(event.get("scores")), evidence=event["evidence"])


def label_line(labels: Labels) -> str:
    """The labels that made an article or event matter, in one line."""
    parts = [f"action: {labels.action}"]
    if labels.themes:
        parts.append("themes: " + ", ".join(labels.themes))
    if labels.jurisdiction:
        parts.append("jurisdiction: " + ", ".join(labels.jurisdiction))
    if labels.tier:
        tier = labels.tier
        parts.append("tier: " + " / ".join(str(value) for value in (tier.org, tier.model, tier.framework,
                                                                    tier.category, tier.level) if value))
    return "; ".join(parts)
