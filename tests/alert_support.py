"""Archives, labels and configurations for the alerting tests."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime, timedelta

from monitor.alerts.config import parse_config
from monitor.alerts.messages import alert_message
from monitor.records import ArticleRecord
from monitor.store import Store

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def article_record(source_id: str, title: str, *, text: str = "", url: str | None = None,
                   published: datetime = T0) -> ArticleRecord:
    """The record a crawl of `source_id` would store for this article (the same url each time)."""
    url = url or f"https://{source_id}.example/{hashlib.sha1((title + str(published)).encode()).hexdigest()[:10]}"
    text = text or f"{title}. " + "Officials described the decision in detail. " * 5
    return ArticleRecord(source_id=source_id, url=url, link=url, guid=None, title=title, summary=text[:200],
                         text=text, text_source="feed", published=published, published_estimated=False,
                         seen_at=published + timedelta(minutes=5), content_hash=hashlib.sha1(text.encode()).hexdigest())


def add_article(store: Store, source_id: str, title: str, *, text: str = "", url: str | None = None,
                published: datetime = T0, story_id: int | None = None, source_name: str | None = None) -> int:
    """An article in the archive (and its source), starting a story or joining `story_id`."""
    store.conn.execute("INSERT OR IGNORE INTO sources (id, name, url) VALUES (?, ?, ?)",
                       (source_id, source_name or source_id.replace("-", " ").title(), f"https://{source_id}.example/"))
    record = article_record(source_id, title, text=text, url=url, published=published)
    with store.transaction():
        article_id = store.articles.insert(record)
        if story_id is None:
            store.stories.start(article_id, title, record.seen_at)
        else:
            store.stories.join(article_id, story_id, record.seen_at)
    return article_id


def story_of(store: Store, article_id: int) -> int:
    return store.articles.get(article_id)["story_id"]


def tier_labels(org="openai", model="gpt-5.3-codex", framework="preparedness", category="cyber", level="high",
                direction="up", evidence="We are treating GPT-5.3-Codex as High capability in cybersecurity.",
                score=0.93, themes=("cyber",), jurisdiction=()) -> dict:
    return {
        "relevant": True, "themes": list(themes), "action": "tier_change", "jurisdiction": list(jurisdiction),
        "tier": {"org": org, "model": model, "framework": framework, "category": category, "level": level,
                 "direction": direction},
        "scores": {"relevant": 0.97, "themes": {t: 0.9 for t in themes}, "action": score},
        "evidence": [evidence],
    }


def move_labels(action="legislation", jurisdiction=("us_state",), themes=(), score=0.88,
                evidence="The governor signed the Frontier AI Safety Act into law on Monday.") -> dict:
    return {
        "relevant": True, "themes": list(themes), "action": action, "jurisdiction": list(jurisdiction), "tier": None,
        "scores": {"relevant": 0.95, "themes": {t: 0.8 for t in themes}, "action": score},
        "evidence": [evidence],
    }


def story_labels(themes=("cyber",), score=0.8, evidence="Researchers found a new prompt injection attack.",
                 action="none", jurisdiction=()) -> dict:
    return {
        "relevant": True, "themes": list(themes), "action": action, "jurisdiction": list(jurisdiction), "tier": None,
        "scores": {"relevant": 0.9, "themes": {t: score for t in themes}, "action": 0.7}, "evidence": [evidence],
    }


IRRELEVANT = {"relevant": False, "themes": [], "action": "none", "jurisdiction": [], "tier": None,
              "scores": {"relevant": 0.05, "themes": {}, "action": 0.95}, "evidence": []}


def config(channels: dict | None = None, rules: list | None = None, digests: list | None = None):
    document = {"channels": channels or {}}
    if rules is not None:
        document["rules"] = rules
    if digests is not None:
        document["digests"] = digests
    return parse_config(document, "test.yaml")


def email_channel(port: int, **extra) -> dict:
    return {"type": "email", "host": "127.0.0.1", "port": port, "security": "none",
            "from": "monitor@alerts.example", "to": ["team@example.org", "policy@example.org"], **extra}


def queued_alert(store: Store, channel: str, *, title="OpenAI treats GPT-5.3-Codex as High in cybersecurity",
                 now: datetime = T0, rules=("tier-changes",)) -> int:
    """An event with one article and an outbox row for `channel`, as raise_alerts would leave them."""
    article_id = add_article(store, "openai-news", title, published=now)
    labels = tier_labels()
    with store.transaction():
        event_id = store.events.add(
            kind="tier_change", key=f"tier:test:{article_id}", article_id=article_id, story_id=None,
            happened_at=now, now=now, title=title, action="tier_change", themes=labels["themes"], jurisdiction=[],
            tier_key="openai|gpt-5.3-codex|preparedness|cyber", org="openai", model="gpt-5.3-codex",
            framework="preparedness", category="cyber", level="high", previous_level="medium", direction="up",
            evidence=labels["evidence"], scores=labels["scores"])
        alert_id = store.events.add_alert(event_id, rules[0], article_id, now)
        message = alert_message(store, event_id, list(rules))
        return store.outbox.enqueue(channel, message["subject"], message, now, event_id=event_id, alert_id=alert_id)


def labelled(store: Store, article_id: int, labels: dict):
    """The article with these labels, as raise_alerts reads it from the classifier's labels."""
    from monitor.clock import parse_iso
    from monitor.records import LabelledArticle, Labels

    article = store.articles.get(article_id)
    return LabelledArticle(article_id=article_id, source_id=article["source_id"],
                           source_name=article["source_name"] or article["source_id"], story_id=article["story_id"],
                           title=article["title"], text=article["text"], url=article["link"] or article["url"],
                           published=parse_iso(article["published"]),
                           labels=dataclasses.replace(Labels.from_dict(labels), origin="model"))


def big_digest_message(stories: int = 150) -> dict:
    """A digest message with many long items, as monitor.alerts.digests builds them."""
    def item(n: int, kind: str) -> dict:
        url = f"https://news{n % 7}.example/2026/11/story-{n}"
        return {"kind": kind, "headline": f"Story number {n} about AI oversight", "title": f"Story number {n} about AI oversight",
                "summary": "Cyber, Privacy", "url": url, "sources": 1 + n % 4,
                "links": [{"source": f"Outlet {k}", "url": f"{url}?copy={k}", "title": "t", "published": None}
                          for k in range(1 + n % 4)],
                "labels": "action: none; themes: cyber, privacy",
                "evidence": f"Sentence {n} says what happened, at some length, " + "with detail " * 12}
    themes = ["Cyber", "Privacy", "Fairness"]
    groups = [{"title": t, "items": [item(n, "story") for n in range(i, stories, len(themes))]}
              for i, t in enumerate(themes)]
    return {"type": "digest", "name": "daily", "schedule": "0 7 * * *", "title": "Daily digest, 21 Nov 2026",
            "subject": f"[AI monitor] Daily digest, 21 Nov 2026: {stories} other stories",
            "window": {"start": "2026-11-20T07:00:00Z", "end": "2026-11-21T07:00:00Z"},
            "counts": {"tiers": 0, "moves": 0, "stories": stories, "total": stories},
            "sections": [{"kind": "story", "title": "Other relevant stories", "groups": groups}]}


def label(store: Store, article_id: int, labels: dict, *, now: datetime = T0, analyst: bool = False) -> None:
    """Store labels as the classifier (or an analyst) does."""
    from monitor.records import Labels

    with store.transaction():
        if analyst:
            store.labels.save_analyst(article_id, Labels.from_dict(labels), now, analyst="test")
        else:
            store.labels.save_model(article_id, Labels.from_dict(labels), "test-model", now)
