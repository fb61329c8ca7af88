"""Alerts in words: the channel-neutral message of an alert, an event's headline and summary.

A message is plain data, frozen into the outbox when it is queued; each channel of
monitor/notify renders it its own way. Label names come from the taxonomy (monitor/taxonomy.py);
tier names from the frameworks registry and the tier reader (monitor/classify/frameworks.py,
monitor/classify/tiers/), and the text's own spelling of what they do not know.
"""

from __future__ import annotations

from monitor.classify.frameworks import load_registry
from monitor.classify.tiers import describe_tier
from monitor.crawl.urls import clean_link
from monitor.records import Labels, Scores
from monitor.store import Store
from monitor.taxonomy import load_taxonomy


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
        "articles": [{"title": a["title"], "url": clean_link(a["url"]), "source": a["source_name"],
                      "published": a["published"]}
                     for a in articles],
        "sources": len({a["source_id"] for a in articles}),
        "link": clean_link(articles[0]["url"]) if articles else None,
    }


def describe_event(event: dict) -> dict:
    """A headline and a one-line summary of an event, in words."""
    names = load_taxonomy()
    if event["kind"] == "tier_change" and event.get("level"):
        words = tier_words(event)
        summary = "; ".join(part for part in (words["framework"], _change(event, words)) if part)
        return {"kind_name": "Tier change", "headline": words["line"], "summary": summary, "level": words["level"]}
    if event["kind"] == "move":
        where = ", ".join(map(names.jurisdiction_name, event["jurisdiction"])) or "jurisdiction not named"
        action = names.action_name(event["action"])
        if event.get("instrument"):
            headline = event["instrument"] + (f": {event['stage']}" if event.get("stage") else "")
        else:
            headline = event["title"]
        summary = " · ".join(x for x in (action, event.get("stage") or "", where) if x)
        return {"kind_name": "Regulatory move", "headline": headline, "summary": summary}
    themes = ", ".join(map(names.theme_name, event["themes"])) or "relevant"
    return {"kind_name": "Story", "headline": event["title"], "summary": themes}


def tier_words(tier: dict) -> dict:
    """A tier (an event's or a label's fields) in words: org, model, framework, category and level as
    people read them, and `line`, "Northwind AI · Atlas-4 · cyber · High".

    The frameworks registry names what it knows (orgs, frameworks, their levels; the tier reader's
    `describe_tier` words categories and levels); for what it does not know, the text's own
    spelling (`names`), else the id.
    """
    registry = load_registry()
    spelled = tier.get("names") or {}
    org, framework_id = tier.get("org"), tier.get("framework")
    framework = registry.frameworks.get(framework_id or "")
    words = {
        "org": registry.orgs[org].name if org in registry.orgs else spelled.get("org") or _id_words(org),
        "model": spelled.get("model") or tier.get("model") or "",
        "framework": framework.name if framework else _first_upper(spelled.get("framework") or _id_words(framework_id)),
        "category": describe_tier({"category": tier.get("category")}) if tier.get("category") else "",
        "level": level_words(tier.get("level"), framework_id, spelled.get("level")),
    }
    shown_category = words["category"] if words["category"].lower() not in words["level"].lower() else ""
    words["line"] = " · ".join(part for part in (words["org"], words["model"], shown_category, words["level"]) if part)
    return words


def level_words(level: str | None, framework_id: str | None = None, spelled: str | None = None) -> str:
    """A level in words: the registry's name in a framework it knows, else as the text spelled it."""
    if not level:
        return ""
    framework = load_registry().frameworks.get(framework_id or "")
    base = level.removeprefix("below_")
    if framework and framework.level(base):
        return describe_tier({"level": level, "framework": framework_id})
    if spelled:
        return spelled
    return ("below " if base != level else "") + _first_upper(_id_words(base))


def _change(event: dict, words: dict) -> str:
    before = event.get("previous_level")
    if not before:
        return "first known level"
    registry = load_registry()
    framework = registry.frameworks.get(event.get("framework") or "")

    def rank(level: str):  # the framework's order, else the generic words' ("medium" < "high")
        base = level.removeprefix("below_")
        return framework.rank(base) if framework else registry.generic_rank(base)

    now_rank, was_rank = rank(event["level"]), rank(before)
    verb = "was"
    if now_rank is not None and was_rank is not None and now_rank != was_rank:
        verb = "raised from" if now_rank > was_rank else "lowered from"
    return f"{verb} {level_words(before, event.get('framework'))}"


def _id_words(value: str | None) -> str:
    return (value or "").replace("_", " ")


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def event_labels(event: dict) -> Labels:
    """The labels an event carries (those of the article that started it); its tier is its headline."""
    return Labels(relevant=True, themes=event["themes"], action=event["action"], jurisdiction=event["jurisdiction"],
                  scores=Scores.from_dict(event.get("scores")), evidence=event["evidence"])


def label_line(labels: Labels) -> str:
    """The labels that made an article or event matter, in one line of words."""
    names = load_taxonomy()
    parts = [f"action: {names.action_name(labels.action)}"]
    if labels.themes:
        parts.append("themes: " + ", ".join(map(names.theme_name, labels.themes)))
    if labels.jurisdiction:
        parts.append("jurisdiction: " + ", ".join(map(names.jurisdiction_name, labels.jurisdiction)))
    if labels.tier:
        parts.append("tier: " + tier_words(labels.tier.as_dict())["line"])
    return "; ".join(parts)


def article_events(store: Store, article_id: int) -> dict:
    """The tier step and the regulatory move an article is behind, in words (None where it is behind
    none, or the archive predates alerting): what `monitor show` and the article page say of it."""
    found: dict = {"tier": None, "move": None}
    if not store.has_alerting:
        return found
    for event_id in store.events.of_articles([article_id]).get(article_id, []):
        event = store.events.get(event_id)
        if event["kind"] == "tier_change" and event.get("tier_key") and found["tier"] is None:
            found["tier"] = _tier_step(store, event)
        elif event["kind"] == "move" and found["move"] is None:
            found["move"] = _move(store, event)
    return found


def _tier_step(store: Store, event: dict) -> dict:
    words = tier_words(event)
    return words | {
        "ids": {name: event[name] for name in ("org", "model", "framework", "category", "level")},
        "change": _change(event, words), "direction": event.get("direction"),
        "sources": store.events.source_count(event["id"]), "evidence": event.get("evidence") or [],
        "history": [{"level": step["level"], "level_name": tier_words(step)["level"], "happened_at": step["happened_at"],
                     "article_id": step["article_id"], "this": step["id"] == event["id"]}
                    for step in store.events.tier_steps(event["tier_key"])],
    }


def _move(store: Store, event: dict) -> dict:
    names = load_taxonomy()
    described = describe_event(event)
    return {"headline": described["headline"], "summary": described["summary"], "title": event["title"],
            "instrument": event.get("instrument"), "stage": event.get("stage"),
            "action": names.action_name(event["action"]),
            "jurisdiction": [names.jurisdiction_name(j) for j in event["jurisdiction"]],
            "happened_at": event["happened_at"], "sources": store.events.source_count(event["id"]),
            "evidence": event.get("evidence") or []}
