"""From labelled articles to events: the tier tracker, regulatory moves, and stories a rule matched.

`raise_alerts(store, config)` looks at every article whose labels (monitor/store/labels.py:
the analyst's when there are any, else the model's) it has not seen, or whose labels changed,
and places it:

- **Tier changes.** An article with a tier (labelled `tier_change`, or a story whose headline move is
  another and which states a determination in passing) joins the tracker of its
  (org, model, framework, category). Its level either repeats a known step (the same
  determination from another outlet: the article is added to that step's sources) or starts
  a new step. A new step that is the latest is a change (the first known level is one too)
  and can alert; a step older than the latest (an outlet's late report of an earlier level)
  only fills in the history.
- **Regulatory moves.** A relevant article whose action is legislation, regulation, executive,
  enforcement, litigation, international or standard is a move. Copies are one move: the
  articles of one story (monitor/crawl/dedupe.py), or, across stories, the same instrument at
  the same stage within MOVE_WINDOW. The instrument and the stage are read from the text
  (monitor/alerts/instruments.py).
- **Other stories.** Any other relevant article becomes an event only when a rule matches it.

Only articles published within ALERT_MAX_AGE alert: older ones (a first crawl's backlog, a
reclassified archive) fill in the tracker and the moves silently. The rules that fire and the
outbox rows they queue are monitor/alerts/rules.py's. An article's event, its alerts and
outbox rows are written in one transaction with its progress mark, so a crash leaves either
all of them or none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor import clock
from monitor.alerts.config import MOVE_ACTIONS, AlertConfig
from monitor.alerts.instruments import find_instrument, find_stage
from monitor.alerts.rules import queue_alerts, rule_matches
from monitor.records import LabelledArticle, Tier
from monitor.store import Store

MOVE_WINDOW = timedelta(days=14)
# An article published longer ago than this still joins the tracker and the moves, but alerts no
# one: a first crawl, a backfill or a reclassification of the archive is not news.
ALERT_MAX_AGE = timedelta(days=7)
CURSOR = "labels_cursor"  # how far raise_alerts has read the labels, (labelled_at, article_id)
BATCH = 500
MAX_TEXT = 6000  # characters of an article's text read for the instrument and the stage


@dataclass
class AlertSummary:
    articles: int = 0  # labelled articles looked at
    events: int = 0  # new events (tier steps, moves, matched stories)
    joined: int = 0  # articles that joined an event already known (copies of a story)
    alerts: int = 0  # new (event, rule) alerts
    queued: int = 0  # new outbox rows
    event_ids: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.articles} labelled articles: {self.events} new events, {self.joined} joined known ones, "
                f"{self.alerts} alerts, {self.queued} messages queued")


def raise_alerts(store: Store, config: AlertConfig, *, now: datetime | None = None,
                 article_ids: list[int] | None = None) -> AlertSummary:
    """Place every article whose labels are new or changed; alert and queue per the rules.

    Safe to run at any time and as often as wanted: an article is placed again only when its
    labels change. `article_ids` (the ones just classified) skips reading the labels' log.
    """
    now = now or clock.now()
    summary = AlertSummary()
    if article_ids is not None:
        return place_articles(store, config, labelled_articles(store, article_ids), now=now, summary=summary)
    cursor = _cursor(store.progress.cursor(CURSOR))
    while True:
        changed = store.labels.changed_after(cursor, BATCH)
        if not changed:
            return summary
        place_articles(store, config, labelled_articles(store, [c["article_id"] for c in changed]), now=now,
                       summary=summary)
        cursor = (changed[-1]["labelled_at"], changed[-1]["article_id"])
        with store.transaction():
            store.progress.set_cursor(CURSOR, json.dumps(cursor))


def place_articles(store: Store, config: AlertConfig, articles: list[LabelledArticle], *,
                   now: datetime | None = None, summary: AlertSummary | None = None) -> AlertSummary:
    """Place these labelled articles (oldest first), each in its own transaction with its progress mark."""
    now = now or clock.now()
    summary = summary or AlertSummary()
    for article in sorted(articles, key=lambda a: (a.published, a.article_id)):
        summary.articles += 1
        with store.transaction():
            _place(store, config, article, now, summary)
            store.progress.mark_seen(article.article_id, article.labels.version, now)
    return summary


def labelled_articles(store: Store, article_ids: list[int], *, unseen_only: bool = True) -> list[LabelledArticle]:
    """These articles with the labels that count for them (the analyst's, else the model's).

    With `unseen_only`, the articles whose current labels raise_alerts has already placed are left out.
    """
    labels = store.labels.get_many(article_ids)
    seen = store.progress.seen_versions(list(labels)) if unseen_only else {}
    wanted = [i for i, lab in labels.items() if seen.get(i) != lab.version]
    articles = store.articles.many(wanted)
    return [LabelledArticle(article_id=i, source_id=articles[i]["source_id"], source_name=articles[i]["source_name"],
                            story_id=articles[i]["story_id"], title=articles[i]["title"],
                            text=articles[i]["text"] or "", url=articles[i]["url"],
                            published=clock.parse_iso(articles[i]["published"]), labels=labels[i])
            for i in wanted if i in articles]


def relevant_labelled_between(store: Store, start: datetime | None, end: datetime) -> list[LabelledArticle]:
    """Relevant labelled articles first stored in (start, end], oldest first (a digest's stories)."""
    ids = store.articles.first_seen_between(start, end)
    found = [a for a in labelled_articles(store, ids, unseen_only=False) if a.labels.relevant]
    return sorted(found, key=lambda a: (a.published, a.article_id))


def _cursor(value: str | None) -> tuple[str, int] | None:
    return tuple(json.loads(value)) if value else None


# --- placing an article -------------------------------------------------------------------


def _place(store: Store, config: AlertConfig, article: LabelledArticle, now: datetime,
           summary: AlertSummary) -> None:
    labels = article.labels
    if not labels.relevant:
        return
    fresh = article.published >= now - ALERT_MAX_AGE
    tier = labels.tier if labels.tier and labels.tier.level else None
    if tier and labels.action in MOVE_ACTIONS:
        _place_tier(store, article, tier, now, summary)  # a determination in passing (R2): the tracker records it,
        tier = None  # and the headline's move is the event that alerts
    if tier:
        event_id, alertable = _place_tier(store, article, tier, now, summary)
    elif labels.action in MOVE_ACTIONS:
        event_id, alertable = _place_move(store, article, now, summary), True
    else:
        if not fresh or not any(rule_matches(store, r, article) for r in config.active_rules):
            return
        event_id, alertable = _place_story(store, article, now, summary), True
    if alertable and fresh:
        alerts, queued = queue_alerts(store, config, event_id, article, now)
        summary.alerts += alerts
        summary.queued += queued


def _place_tier(store: Store, article: LabelledArticle, tier: Tier, now: datetime,
                summary: AlertSummary) -> tuple[int, bool]:
    """The step this article reports: a known one (another outlet's copy) or a new one."""
    level = str(tier.level).strip().lower()
    known = store.events.of_story("tier_change", article.story_id, article.article_id, tier_key=tier.key)
    if known is None:  # outlets spell a model's name differently: the story's step, if it agrees otherwise
        known = store.events.of_story("tier_change", article.story_id, article.article_id)
        known = known if known and _same_determination(known, tier) else None
    if known and known["level"] == level:
        return _join(store, known, article, now, summary), not known["backfill"]
    steps = store.events.tier_steps(tier.key)
    before = [s for s in steps if clock.parse_iso(s["happened_at"]) <= article.published]
    after = steps[len(before):]
    for neighbour in ([before[-1]] if before else []) + ([after[0]] if after else []):
        if neighbour["level"] == level:  # the same determination, reported earlier or later
            if clock.parse_iso(neighbour["happened_at"]) > article.published:
                store.events.update(neighbour["id"], happened_at=clock.iso(article.published))
            return _join(store, neighbour, article, now, summary), not neighbour["backfill"]
    latest = not after
    event_id = _new_event(
        store, "tier_change", f"tier:{tier.key}:{level}:{article.article_id}", article, now, summary,
        action="tier_change", tier_key=tier.key, org=_norm(tier.org), model=_norm(tier.model),
        framework=_norm(tier.framework), category=_norm(tier.category), level=level,
        previous_level=before[-1]["level"] if before else None, direction=tier.direction, backfill=int(not latest),
        names=tier.names,
    )
    return event_id, latest


def _same_determination(event: dict, tier: Tier) -> bool:
    """Same org, framework, category and level (what a copy of one story can disagree on is the model)."""
    return all(_norm(getattr(tier, name)) in (None, event[name]) for name in ("org", "framework", "category", "level"))


def _place_move(store: Store, article: LabelledArticle, now: datetime, summary: AlertSummary) -> int:
    text = article.text[:MAX_TEXT]
    instrument = find_instrument(article.title, text, article.labels.jurisdiction)
    stage = find_stage(article.title, article.labels.evidence, text, article.labels.action)
    known = store.events.of_story("move", article.story_id, article.article_id)
    if known is None and instrument and stage:
        known = store.events.move_like(instrument, stage, article.published - MOVE_WINDOW)
    if known:
        fill = {k: v for k, v in (("instrument", instrument), ("stage", stage)) if v and not known[k]}
        store.events.update(known["id"], **fill)
        return _join(store, known, article, now, summary)
    return _new_event(store, "move", f"move:{article.article_id}", article, now, summary,
                      instrument=instrument, stage=stage)


def _place_story(store: Store, article: LabelledArticle, now: datetime, summary: AlertSummary) -> int:
    known = store.events.of_story("story", article.story_id, article.article_id)
    if known:
        return _join(store, known, article, now, summary)
    return _new_event(store, "story", f"story:{article.article_id}", article, now, summary)


def _new_event(store: Store, kind: str, key: str, article: LabelledArticle, now: datetime, summary: AlertSummary,
               **fields) -> int:
    """An event with this article as its first, carrying the article's title and labels."""
    labels = article.labels
    event_id = store.events.add(
        kind=kind, key=key, article_id=article.article_id, happened_at=article.published, now=now,
        **{"story_id": article.story_id, "title": article.title, "action": labels.action, "themes": labels.themes,
           "jurisdiction": labels.jurisdiction, "evidence": labels.evidence, "scores": labels.scores.as_dict(),
           **fields},
    )
    summary.events += 1
    summary.event_ids.append(event_id)
    return event_id


def _join(store: Store, event: dict, article: LabelledArticle, now: datetime, summary: AlertSummary) -> int:
    if store.events.attach(event["id"], article.article_id, now):
        summary.joined += 1
    return event["id"]


def _norm(value) -> str | None:
    return str(value).strip().lower() if value else None
