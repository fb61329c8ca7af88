"""The rules of monitor.yaml: which fire on an event, and the outbox rows for their channels.

Each rule is tried on each new article of an event; a rule alerts once per event. The channels
of the rules that fired get one outbox row per (event, channel): a channel hears of an event
once, whatever the number of rules or outlets, and the message names every rule that sent it.
"""

from __future__ import annotations

from datetime import datetime

from monitor.alerts.config import AlertConfig, Rule
from monitor.alerts.messages import alert_message
from monitor.records import LabelledArticle, Labels
from monitor.store import Store
from monitor.search import SearchError, article_matches


def rule_matches(store: Store, rule: Rule, article: LabelledArticle) -> bool:
    """Every condition the rule sets holds for this article (lists: any of their values)."""
    match, labels = rule.match, article.labels
    if not labels.relevant:
        return False
    if match.action and labels.action not in match.action:
        return False
    themes = [t for t in labels.themes if t in match.themes]
    if match.themes and not themes:
        return False
    if match.jurisdiction and not set(labels.jurisdiction) & set(match.jurisdiction):
        return False
    if match.sources and article.source_id not in match.sources:
        return False
    if match.query:
        try:
            if not article_matches(store, article.article_id, match.query):
                return False
        except SearchError:
            return False
    return match_score(rule, labels, themes) >= match.min_score


def match_score(rule: Rule, labels: Labels, themes: list[str]) -> float:
    """The classifier's confidence in what the rule matched: the action's, the themes', else relevance."""
    if labels.origin == "analyst":
        return 1.0  # an analyst's labels are not a guess
    checks = []
    if rule.match.action:
        checks.append(float(labels.scores.action or 0.0))
    if themes:
        checks.append(max(float(labels.scores.theme(t) or 0.0) for t in themes))
    if not checks:
        checks.append(float(labels.scores.relevant or 0.0))
    return min(checks)


def queue_alerts(store: Store, config: AlertConfig, event_id: int, article: LabelledArticle,
                 now: datetime) -> tuple[int, int]:
    """Alert on the event with every rule that matches this article and has not yet; queue one
    message per channel of those rules. Returns (new alerts, new outbox rows); not committed."""
    fired: list[tuple[Rule, int]] = []
    for rule in config.active_rules:
        if rule_matches(store, rule, article):
            alert_id = store.events.add_alert(event_id, rule.name, article.article_id, now)
            if alert_id is not None:
                fired.append((rule, alert_id))
    channels: dict[str, list[tuple[Rule, int]]] = {}
    for rule, alert_id in fired:
        for channel in rule.notify:
            channels.setdefault(channel, []).append((rule, alert_id))
    queued = 0
    for channel, why in channels.items():
        message = alert_message(store, event_id, [rule.name for rule, _ in why])
        if store.outbox.enqueue(channel, message["subject"], message, now, event_id=event_id, alert_id=why[0][1]):
            queued += 1
    return len(fired), queued
