"""Digests: everything relevant since a digest's last run, on its own cron schedule.

A digest (monitor.yaml `digests:`) covers the window (end of its last run, now]. Its run is
recorded in the same transaction as its outbox rows, so the next window starts where this
one ended and the outbox delivers this one (retried, never lost): no story falls between two
windows, none is in two. A digest that has never run covers one period of its schedule.

Order: tier changes first, then regulatory moves grouped by jurisdiction, then the other
relevant stories grouped by their main theme. Each story appears once, with the number of
outlets that carried it, and in one run of a digest only (`digest_items` remembers). An
empty digest is recorded (its window moves on) but not sent unless `send_empty: true`.

The service asks `due_digests(store, config, now)` on start (a digest whose time passed
while it was down is sent once, not once per missed time) and calls
`send_digest(store, config, name, now)` on each digest's schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor import clock
from monitor.alerts.config import AlertConfig, Digest, cron_trigger
from monitor.alerts.events import ALERT_MAX_AGE, raise_alerts, relevant_labelled_between
from monitor.alerts.messages import describe_event, event_labels, label_line
from monitor.crawl.urls import clean_link
from monitor.notify import DeliveryReport, deliver_pending
from monitor.records import LabelledArticle, Labels
from monitor.store import Store
from monitor.taxonomy import load_taxonomy

# Stories labelled late (after the run whose window saw them stored) come in the next run, if they
# were stored at most this long before its window.
LATE_LABELS = timedelta(days=2)
_LOOKBACK = (timedelta(hours=2), timedelta(days=2), timedelta(days=9), timedelta(days=32), timedelta(days=400))
MAX_LINKS = 8


class UnknownDigest(KeyError):
    def __str__(self) -> str:
        return self.args[0]


@dataclass
class DigestResult:
    name: str
    state: str  # "queued" (rows in the outbox), "empty" (recorded, not sent), "preview"
    window_start: str | None
    window_end: str
    items: int
    message: dict
    run_id: int | None = None
    queued: int = 0
    delivery: DeliveryReport | None = None
    counts: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"name": self.name, "state": self.state, "window_start": self.window_start,
                "window_end": self.window_end, "items": self.items, "counts": self.counts, "run_id": self.run_id,
                "queued": self.queued, "delivery": self.delivery.as_dict() if self.delivery else None}


def due_digests(store: Store, config: AlertConfig, now: datetime | None = None) -> list[str]:
    """Digests whose scheduled time passed since their last run (each named once, however many passed)."""
    now = now or clock.now()
    due = []
    for digest in config.digests:
        last = store.digests.last_run(digest.name)
        if last is None:
            continue  # never run: its first run is at its first scheduled time
        trigger = cron_trigger(digest.schedule)
        after = clock.parse_iso(last["window_end"]) + timedelta(seconds=1)
        upcoming = trigger.get_next_fire_time(None, after)
        if upcoming is not None and upcoming <= now:
            due.append(digest.name)
    return due


def next_run(digest: Digest, now: datetime | None = None) -> datetime | None:
    """When the digest is next scheduled (UTC)."""
    return cron_trigger(digest.schedule).get_next_fire_time(None, now or clock.now())


def window(store: Store, digest: Digest, now: datetime) -> tuple[datetime, datetime]:
    """(start, end] of the digest's next run: from its last run's end, or one period back."""
    last = store.digests.last_run(digest.name)
    if last is not None:
        return clock.parse_iso(last["window_end"]), now
    return _period_start(digest, now), now


def preview_digest(store: Store, config: AlertConfig, name: str, now: datetime | None = None) -> DigestResult:
    """The digest its next run would send, without recording or sending anything."""
    now = now or clock.now()
    digest = _digest(config, name)
    start, end = window(store, digest, now)
    message, keys = build_digest(store, digest, start, end)
    return DigestResult(name, "preview", clock.iso(start), clock.iso(end), len(keys), message,
                        counts=message["counts"])


def send_digest(store: Store, config: AlertConfig, name: str, now: datetime | None = None, *,
                deliver: bool = True) -> DigestResult:
    """Record the digest's run over its window, queue it on its channels, deliver (unless deliver=False).

    New labels are placed first (raise_alerts), so the digest sees every tier step and move.
    """
    now = now or clock.now()
    digest = _digest(config, name)
    raise_alerts(store, config, now=now)
    start, end = window(store, digest, now)
    message, keys = build_digest(store, digest, start, end)
    empty = message["counts"]["total"] == 0
    state = "empty" if empty and not digest.send_empty else "queued"
    queued = 0
    with store.transaction():
        run_id = store.digests.record_run(digest.name, start, end, keys, state, now)
        if state == "queued":
            message["run_id"] = run_id
            for channel in digest.channels:
                if store.outbox.enqueue(channel, message["subject"], message, now, digest_run_id=run_id):
                    queued += 1
    result = DigestResult(name, state, clock.iso(start), clock.iso(end), len(keys), message, run_id, queued,
                          counts=message["counts"])
    if deliver and queued:
        result.delivery = deliver_pending(store, config, now=now)
    return result


def build_digest(store: Store, digest: Digest, start: datetime, end: datetime) -> tuple[dict, list[str]]:
    """The digest's message over (start, end], and the keys of the items it carries.

    Events are taken by when they were raised, stories by when their article was stored (or,
    after a first run, up to LATE_LABELS earlier: an article labelled after the run that
    would have carried it); `digest_items` keeps every story to one run. What was published
    more than ALERT_MAX_AGE before the run (a first crawl's backlog) is not news: it fills in the
    tracker and the moves, as it alerts no one.
    """
    carried = _Carried(store, digest.name)
    news_since = end - ALERT_MAX_AGE
    behind_events: set[int] = set()  # stories of tier steps and moves: the event is their item
    tiers = [item for event, item in _event_items(store, "tier_change", start, end, carried, behind_events,
                                                  news_since)]
    moves: dict[str, list[dict]] = {}
    for event, item in _event_items(store, "move", start, end, carried, behind_events, news_since):
        moves.setdefault(event["jurisdiction"][0] if event["jurisdiction"] else "", []).append(item)
    ran_before = store.digests.last_run(digest.name) is not None
    stories = _story_items(store, start - LATE_LABELS if ran_before else start, end, carried, behind_events,
                           news_since)
    counts = {"tiers": len(tiers), "moves": sum(map(len, moves.values())),
              "stories": sum(map(len, stories.values()))}
    counts["total"] = sum(counts.values())
    return _message(digest, start, end, _sections(tiers, moves, stories), counts), carried.keys


class _Carried:
    """The items a run of a digest carries: none that an earlier run of it carried, none twice."""

    def __init__(self, store: Store, digest: str):
        self.store, self.digest = store, digest
        self.keys: list[str] = []

    def take(self, item_keys: list[str]) -> bool:
        if self.store.digests.digested(self.digest, item_keys) or set(item_keys) & set(self.keys):
            return False
        self.keys.extend(item_keys)
        return True


def _event_items(store: Store, kind: str, start: datetime, end: datetime, carried: _Carried,
                 behind: set[int], news_since: datetime) -> list[tuple[dict, dict]]:
    """(event, item) of the events of this kind raised in the window that the run carries (a tier
    step that only fills in history, or that happened before `news_since`, is not news); the
    stories behind all of them go into `behind`."""
    found = []
    for event in store.events.created_between((kind,), start, end):
        articles = store.events.articles(event["id"])
        behind.update(a["story_id"] or -a["id"] for a in articles)
        news = not event["backfill"] and clock.parse_iso(event["happened_at"]) >= news_since
        if news and carried.take(_event_keys(event, articles)):
            found.append((event, _event_item(event, articles)))
    return found


def _story_items(store: Store, start: datetime, end: datetime, carried: _Carried,
                 behind: set[int], news_since: datetime) -> dict[str, list[dict]]:
    """The other relevant stories stored in the window and published since `news_since`, by main theme
    ("" without a theme)."""
    stories: dict[str, list[dict]] = {}
    for article in relevant_labelled_between(store, start, end):
        if article.published < news_since:
            continue
        story = article.story_id or -article.article_id
        labels = article.labels
        if labels.action == "tier_change" and labels.tier and labels.tier.level:
            continue  # a tier step raise_alerts has not placed yet; never a story of its own
        if story in behind or _behind_move_or_tier(store, article.article_id):
            continue  # a copy of a tier step or a move: the event is the item
        if carried.take([f"story:{story}"]):
            stories.setdefault(_main_theme(labels), []).append(_story_item(store, article))
    return stories


def _sections(tiers: list[dict], moves: dict[str, list[dict]], stories: dict[str, list[dict]]) -> list[dict]:
    """Tier changes, then moves by jurisdiction, then stories by theme, in the taxonomy's order."""
    names = load_taxonomy()
    sections = []
    if tiers:
        sections.append({"kind": "tier_change", "title": "Tier changes", "groups": [{"title": None, "items": tiers}]})
    if moves:
        order = names.jurisdiction_ids + [""]
        groups = [{"title": names.jurisdiction_name(j) if j else "Jurisdiction not named", "items": moves[j]}
                  for j in sorted(moves, key=lambda j: order.index(j) if j in order else len(order))]
        sections.append({"kind": "move", "title": "Regulatory moves", "groups": groups})
    if stories:
        order = names.theme_ids
        groups = [{"title": names.theme_name(t) if t else "Other", "items": sorted(stories[t], key=lambda i: -i["sources"])}
                  for t in sorted(stories, key=lambda t: (t == "", order.index(t) if t in order else len(order), t))]
        sections.append({"kind": "story", "title": "Other relevant stories", "groups": groups})
    return sections


def _message(digest: Digest, start: datetime, end: datetime, sections: list[dict], counts: dict) -> dict:
    day = end.strftime("%-d %b %Y")
    title = f"{digest.name.replace('-', ' ').replace('_', ' ').capitalize()} digest, {day}"
    summary = ", ".join(f"{n} {w if n == 1 else w + 's'}" for n, w in (
        (counts["tiers"], "tier change"), (counts["moves"], "regulatory move")) if n)
    other = f"{counts['stories']} other {'story' if counts['stories'] == 1 else 'stories'}"
    subject = f"[AI monitor] {title}: " + (f"{summary}, {other}" if summary else other)
    return {
        "type": "digest", "name": digest.name, "schedule": digest.schedule, "title": title, "subject": subject,
        "window": {"start": clock.iso(start) if start else None, "end": clock.iso(end)},
        "counts": counts, "sections": sections,
    }


def _behind_move_or_tier(store: Store, article_id: int) -> bool:
    for event_id in store.events.of_articles([article_id]).get(article_id, []):
        if store.events.get(event_id)["kind"] in ("tier_change", "move"):
            return True
    return False


def _event_keys(event: dict, articles: list[dict]) -> list[str]:
    return [f"event:{event['id']}"] + sorted({f"story:{a['story_id'] or -a['id']}" for a in articles})


def _event_item(event: dict, articles: list[dict]) -> dict:
    described = describe_event(event)
    first = articles[0] if articles else {"url": "", "title": event["title"]}
    return {
        "kind": event["kind"], "headline": described["headline"], "title": event["title"],
        "summary": described["summary"], "url": clean_link(first["url"]),
        "sources": len({a["source_id"] for a in articles}) or 1,
        "links": [{"source": a["source_name"], "url": clean_link(a["url"]), "title": a["title"],
                   "published": a["published"]}
                  for a in articles[:MAX_LINKS]],
        "labels": label_line(event_labels(event)), "evidence": (event["evidence"] or [None])[0],
        "event_id": event["id"],
    }


def _story_item(store: Store, article: LabelledArticle) -> dict:
    siblings = store.articles.in_story(article.story_id) if article.story_id else []
    links = [{"source": a["source_name"] or a["source_id"], "url": a["url"], "title": a["title"],
              "published": a["published"]} for a in siblings] or [
        {"source": article.source_name, "url": clean_link(article.url), "title": article.title,
         "published": clock.iso(article.published)}]
    themes = ", ".join(map(load_taxonomy().theme_name, article.labels.themes)) or "relevant"
    return {
        "kind": "story", "headline": article.title, "title": article.title, "summary": themes,
        "url": clean_link(article.url), "sources": len({a["source_id"] for a in siblings}) or 1,
        "links": links[:MAX_LINKS],
        "labels": label_line(article.labels), "evidence": (article.labels.evidence or [None])[0],
        "article_id": article.article_id,
    }


def _main_theme(labels: Labels) -> str:
    if not labels.themes:
        return ""
    return max(labels.themes, key=lambda t: (float(labels.scores.theme(t) or 0.0), -labels.themes.index(t)))


def _digest(config: AlertConfig, name: str) -> Digest:
    digest = config.digest(name)
    if digest is None:
        known = ", ".join(d.name for d in config.digests) or "none"
        raise UnknownDigest(f"no digest named '{name}' in {config.path} (digests: {known})")
    return digest


def _period_start(digest: Digest, now: datetime) -> datetime:
    """The scheduled time before the last scheduled time at or before `now`: one period back."""
    trigger = cron_trigger(digest.schedule)
    for span in _LOOKBACK:
        fires = []
        moment = trigger.get_next_fire_time(None, now - span)
        while moment is not None and moment <= now:
            fires.append(moment)
            moment = trigger.get_next_fire_time(None, moment + timedelta(seconds=1))
        if len(fires) >= 2:
            return fires[-2]
    return now - timedelta(days=1)
