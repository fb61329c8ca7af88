"""From labelled articles to events and alerts: the tier tracker, regulatory moves, rules, the outbox.

`raise_alerts(store, config)` looks at every article whose labels (monitor/store/labels.py:
the analyst's when there are any, else the model's) it has not seen, or whose labels changed,
and places it:

- **Tier changes.** An article labelled `tier_change` with a tier joins the tracker of its
  (org, model, framework, category). Its level either repeats a known step (the same
  determination from another outlet: the article is added to that step's sources) or starts
  a new step. A new step that is the latest is a change (the first known level is one too)
  and can alert; a step older than the latest (an outlet's late report of an earlier level)
  only fills in the history.
- **Regulatory moves.** A relevant article whose action is legislation, regulation, executive,
  enforcement, litigation, international or standard is a move. Copies are one move: the
  articles of one story (monitor/dedupe.py), or, across stories, the same instrument at the
  same stage within MOVE_WINDOW. The instrument is named where the text names one ("EU AI
  Act", "SB 53", "RAISE Act") and the stage told where the text tells it (`STAGES`).
- **Other stories.** Any other relevant article becomes an event only when a rule matches it.

Only articles published within ALERT_MAX_AGE alert: older ones (a first crawl's backlog, a
reclassified archive) fill in the tracker and the moves silently.

Each rule (monitor.yaml `rules:`) is tried on each new article of an event; a rule alerts
once per event. The channels of the rules that fired get one outbox row per (event,
channel): a channel hears of an event once, whatever the number of rules or outlets. The
event, its alerts and outbox rows are written in one transaction with the article's
progress mark, so a crash leaves either all of them or none.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor import clock
from monitor.config import MOVE_ACTIONS, AlertConfig, Rule
from monitor.store import Store
from monitor.store.labels import Labels
from monitor.search import SearchError, article_matches

MOVE_WINDOW = timedelta(days=14)
# An article published longer ago than this still joins the tracker and the moves, but alerts no
# one: a first crawl, a backfill or a reclassification of the archive is not news.
ALERT_MAX_AGE = timedelta(days=7)
CURSOR = "labels_cursor"  # how far raise_alerts has read the labels, (labelled_at, article_id)
BATCH = 500
STAGES = ("proposed", "passed", "signed", "in force", "delayed", "vetoed", "struck down")
MAX_TEXT = 6000  # characters of an article's text read for the instrument and the stage

ORG_NAMES = {
    "openai": "OpenAI", "anthropic": "Anthropic", "google_deepmind": "Google DeepMind", "google": "Google",
    "meta": "Meta", "microsoft": "Microsoft", "amazon": "Amazon", "xai": "xAI",
    "european_commission": "European Commission",
}
FRAMEWORK_NAMES = {
    "preparedness": "Preparedness Framework", "rsp": "Responsible Scaling Policy", "fsf": "Frontier Safety Framework",
    "eu_ai_act": "EU AI Act", "frontier_ai_framework": "Frontier AI Framework",
    "aasf": "Advanced AI Scaling Framework", "frontier_governance_framework": "Frontier Governance Framework",
    "frontier_model_safety_framework": "Frontier Model Safety Framework",
}
JURISDICTION_NAMES = {"us": "US federal", "us_state": "US states", "eu": "EU", "uk": "UK", "china": "China",
                      "intl": "International", "other": "Other"}
THEME_NAMES = {"cyber": "Cyber", "cbrn": "CBRN", "autonomy": "Autonomy and loss of control",
               "manipulation": "Manipulation and deepfakes", "privacy": "Privacy", "fairness": "Fairness",
               "child_safety": "Child safety", "ip": "Intellectual property", "competition": "Competition",
               "labor": "Labor", "national_security": "National security"}
ACTION_NAMES = {"tier_change": "tier change", "corporate_control": "corporate control"}


@dataclass
class Labelled:
    """An article with its labels, as raise_alerts reads it."""

    article_id: int
    source_id: str
    source_name: str
    story_id: int | None
    title: str
    text: str
    url: str
    published: datetime
    labels: dict
    version: str  # changes whenever the article's labels change

    @property
    def action(self) -> str:
        return self.labels.get("action") or "none"


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
    cursor = _cursor(store.alerts.state(CURSOR))
    while True:
        changed = store.labels.changed_after(cursor, BATCH)
        if not changed:
            return summary
        place_articles(store, config, labelled_articles(store, [c["article_id"] for c in changed]), now=now,
                       summary=summary)
        cursor = (changed[-1]["labelled_at"], changed[-1]["article_id"])
        with store.transaction():
            store.alerts.set_state(CURSOR, json.dumps(cursor))


def place_articles(store: Store, config: AlertConfig, articles: list[Labelled], *,
                   now: datetime | None = None, summary: AlertSummary | None = None) -> AlertSummary:
    """Place these labelled articles (oldest first), each in its own transaction with its progress mark."""
    now = now or clock.now()
    summary = summary or AlertSummary()
    for article in sorted(articles, key=lambda a: (a.published, a.article_id)):
        summary.articles += 1
        with store.transaction():
            _place(store, config, article, now, summary)
            store.alerts.mark_seen(article.article_id, article.version, now)
    return summary


def labelled_articles(store: Store, article_ids: list[int], *, unseen_only: bool = True) -> list[Labelled]:
    """These articles with the labels that count for them (the analyst's, else the model's).

    With `unseen_only`, the articles whose current labels raise_alerts has already placed are left out.
    """
    labels = Labels(store.conn).get_many(article_ids)
    seen = store.alerts.seen_versions(list(labels)) if unseen_only else {}
    wanted = [i for i, lab in labels.items() if seen.get(i) != lab["version"]]
    articles = store.alerts.articles(wanted)
    return [_labelled(articles[i], labels[i]) for i in wanted if i in articles]


def relevant_labelled_between(store: Store, start: datetime | None, end: datetime) -> list[Labelled]:
    """Relevant labelled articles first stored in (start, end], oldest first (a digest's stories)."""
    ids = store.alerts.first_seen_between(start, end)
    found = [a for a in labelled_articles(store, ids, unseen_only=False) if a.labels.get("relevant")]
    return sorted(found, key=lambda a: (a.published, a.article_id))


def _labelled(article: dict, labels: dict) -> Labelled:
    return Labelled(article_id=article["id"], source_id=article["source_id"], source_name=article["source_name"],
                    story_id=article["story_id"], title=article["title"], text=article["text"] or "",
                    url=article["url"], published=clock.parse_iso(article["published"]), labels=labels,
                    version=labels["version"])


def _cursor(value: str | None) -> tuple[str, int] | None:
    return tuple(json.loads(value)) if value else None


# --- placing an article -------------------------------------------------------------------


def _place(store: Store, config: AlertConfig, article: Labelled, now: datetime, summary: AlertSummary) -> None:
    labels = article.labels
    if not labels.get("relevant"):
        return
    fresh = article.published >= now - ALERT_MAX_AGE
    tier = labels.get("tier") if article.action == "tier_change" else None
    if tier and tier.get("level"):
        event_id, alertable = _place_tier(store, article, tier, now, summary)
    elif article.action in MOVE_ACTIONS:
        event_id, alertable = _place_move(store, article, now, summary), True
    else:
        if not fresh or not any(rule_matches(store, r, article) for r in config.active_rules):
            return
        event_id, alertable = _place_story(store, article, now, summary), True
    if alertable and fresh:
        _alert(store, config, event_id, article, now, summary)


def tier_key(tier: dict) -> str:
    return "|".join(str(tier.get(k) or "").strip().lower() for k in ("org", "model", "framework", "category"))


def _place_tier(store: Store, article: Labelled, tier: dict, now: datetime,
                summary: AlertSummary) -> tuple[int, bool]:
    """The step this article reports: a known one (another outlet's copy) or a new one."""
    key = tier_key(tier)
    level = str(tier["level"]).strip().lower()
    known = store.alerts.event_of_story("tier_change", article.story_id, article.article_id, tier_key=key)
    if known is None:  # outlets spell a model's name differently: the story's step, if it agrees otherwise
        known = store.alerts.event_of_story("tier_change", article.story_id, article.article_id)
        known = known if known and _same_determination(known, tier) else None
    if known and known["level"] == level:
        return _join(store, known, article, now, summary), not known["backfill"]
    steps = store.alerts.tier_steps(key)
    before = [s for s in steps if clock.parse_iso(s["happened_at"]) <= article.published]
    after = steps[len(before):]
    for neighbour in ([before[-1]] if before else []) + ([after[0]] if after else []):
        if neighbour["level"] == level:  # the same determination, reported earlier or later
            if clock.parse_iso(neighbour["happened_at"]) > article.published:
                store.alerts.update_event(neighbour["id"], happened_at=clock.iso(article.published))
            return _join(store, neighbour, article, now, summary), not neighbour["backfill"]
    latest = not after
    previous = before[-1]["level"] if before else None
    event_id = store.alerts.add_event(
        kind="tier_change", key=f"tier:{key}:{level}:{article.article_id}", article_id=article.article_id,
        story_id=article.story_id, happened_at=article.published, now=now, title=article.title,
        action="tier_change", themes=article.labels.get("themes") or [],
        jurisdiction=article.labels.get("jurisdiction") or [], tier_key=key,
        org=_norm(tier.get("org")), model=_norm(tier.get("model")), framework=_norm(tier.get("framework")),
        category=_norm(tier.get("category")), level=level, previous_level=previous,
        direction=tier.get("direction"), evidence=article.labels.get("evidence") or [],
        scores=article.labels.get("scores") or {}, backfill=int(not latest),
    )
    summary.events += 1
    summary.event_ids.append(event_id)
    return event_id, latest


def _same_determination(event: dict, tier: dict) -> bool:
    """Same org, framework, category and level (what a copy of one story can disagree on is the model)."""
    return all(_norm(tier.get(field)) in (None, event[field]) for field in ("org", "framework", "category", "level"))


def _place_move(store: Store, article: Labelled, now: datetime, summary: AlertSummary) -> int:
    jurisdiction = article.labels.get("jurisdiction") or []
    text = article.text[:MAX_TEXT]
    instrument = find_instrument(article.title, text, jurisdiction)
    stage = find_stage(article.title, article.labels.get("evidence") or [], text)
    known = store.alerts.event_of_story("move", article.story_id, article.article_id)
    if known is None and instrument and stage:
        known = store.alerts.move_like(instrument, stage, article.published - MOVE_WINDOW)
    if known:
        fill = {k: v for k, v in (("instrument", instrument), ("stage", stage)) if v and not known[k]}
        store.alerts.update_event(known["id"], **fill)
        return _join(store, known, article, now, summary)
    event_id = store.alerts.add_event(
        kind="move", key=f"move:{article.article_id}", article_id=article.article_id, story_id=article.story_id,
        happened_at=article.published, now=now, title=article.title, action=article.action,
        themes=article.labels.get("themes") or [], jurisdiction=jurisdiction, instrument=instrument, stage=stage,
        evidence=article.labels.get("evidence") or [], scores=article.labels.get("scores") or {},
    )
    summary.events += 1
    summary.event_ids.append(event_id)
    return event_id


def _place_story(store: Store, article: Labelled, now: datetime, summary: AlertSummary) -> int:
    known = store.alerts.event_of_story("story", article.story_id, article.article_id)
    if known:
        return _join(store, known, article, now, summary)
    event_id = store.alerts.add_event(
        kind="story", key=f"story:{article.article_id}", article_id=article.article_id, story_id=article.story_id,
        happened_at=article.published, now=now, title=article.title, action=article.action,
        themes=article.labels.get("themes") or [], jurisdiction=article.labels.get("jurisdiction") or [],
        evidence=article.labels.get("evidence") or [], scores=article.labels.get("scores") or {},
    )
    summary.events += 1
    summary.event_ids.append(event_id)
    return event_id


def _join(store: Store, event: dict, article: Labelled, now: datetime, summary: AlertSummary) -> int:
    if store.alerts.attach(event["id"], article.article_id, now):
        summary.joined += 1
    return event["id"]


def _norm(value) -> str | None:
    return str(value).strip().lower() if value else None


# --- rules and the outbox -----------------------------------------------------------------


def rule_matches(store: Store, rule: Rule, article: Labelled) -> bool:
    """Every condition the rule sets holds for this article (lists: any of their values)."""
    match, labels = rule.match, article.labels
    if not labels.get("relevant"):
        return False
    if match.action and article.action not in match.action:
        return False
    themes = [t for t in labels.get("themes") or [] if t in match.themes]
    if match.themes and not themes:
        return False
    if match.jurisdiction and not set(labels.get("jurisdiction") or []) & set(match.jurisdiction):
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


def match_score(rule: Rule, labels: dict, themes: list[str]) -> float:
    """The classifier's confidence in what the rule matched: the action's, the themes', else relevance."""
    if labels.get("origin") == "analyst":
        return 1.0  # an analyst's labels are not a guess
    scores = labels.get("scores") or {}
    checks = []
    if rule.match.action:
        checks.append(float(scores.get("action") or 0.0))
    if themes:
        theme_scores = scores.get("themes") or {}
        checks.append(max(float(theme_scores.get(t) or 0.0) for t in themes))
    if not checks:
        checks.append(float(scores.get("relevant") or 0.0))
    return min(checks)


def _alert(store: Store, config: AlertConfig, event_id: int, article: Labelled, now: datetime,
           summary: AlertSummary) -> None:
    fired: list[tuple[Rule, int]] = []
    for rule in config.active_rules:
        if rule_matches(store, rule, article):
            alert_id = store.alerts.add_alert(event_id, rule.name, article.article_id, now)
            if alert_id is not None:
                fired.append((rule, alert_id))
    summary.alerts += len(fired)
    channels: dict[str, list[tuple[Rule, int]]] = {}
    for rule, alert_id in fired:
        for channel in rule.notify:
            channels.setdefault(channel, []).append((rule, alert_id))
    for channel, why in channels.items():
        message = alert_message(store, event_id, [rule.name for rule, _ in why])
        if store.alerts.enqueue(channel, message["subject"], message, now, event_id=event_id, alert_id=why[0][1]):
            summary.queued += 1


def alert_message(store: Store, event_id: int, rules: list[str]) -> dict:
    """The channel-neutral message of an alert (frozen into the outbox; adapters render it)."""
    event = store.alerts.event(event_id)
    articles = store.alerts.event_articles(event_id)
    described = describe_event(event)
    return {
        "type": "alert",
        "subject": f"[AI monitor] {described['kind_name']}: {described['headline']}",
        "event": {**described, "id": event["id"], "kind": event["kind"], "title": event["title"],
                  "happened_at": event["happened_at"]},
        "why": {"rules": rules, "labels": label_line(event), "evidence": event["evidence"][:2],
                "score": (event.get("scores") or {}).get("action")},
        "articles": [{"title": a["title"], "url": a["url"], "source": a["source_name"], "published": a["published"]}
                     for a in articles],
        "sources": len({a["source_id"] for a in articles}),
        "link": articles[0]["url"] if articles else None,
    }


# --- words for people ---------------------------------------------------------------------


def describe_event(event: dict) -> dict:
    """A headline and a one-line summary of an event, in words."""
    if event["kind"] == "tier_change" and event.get("level"):
        org = ORG_NAMES.get(event["org"] or "", (event["org"] or "").replace("_", " ").title() or "Unknown org")
        framework = FRAMEWORK_NAMES.get(event["framework"] or "", event["framework"] or "")
        level = level_name(event["level"])
        category = (event["category"] or "").replace("_", " ")
        headline = f"{org} {event['model'] or 'model'}: {level}" + (f" in {category}" if category else "")
        was = f"was {level_name(event['previous_level'])}" if event.get("previous_level") else "first known level"
        summary = f"{framework}; {was}" if framework else was
        return {"kind_name": "Tier change", "headline": headline, "summary": summary, "level": level}
    if event["kind"] == "move":
        where = ", ".join(JURISDICTION_NAMES.get(j, j) for j in event["jurisdiction"]) or "jurisdiction not named"
        action = ACTION_NAMES.get(event["action"], event["action"])
        if event.get("instrument"):
            headline = event["instrument"] + (f" {event['stage']}" if event.get("stage") else f": {action}")
        else:
            headline = event["title"]
        summary = " · ".join(x for x in (action, event.get("stage") or "", where) if x)
        return {"kind_name": "Regulatory move", "headline": headline, "summary": summary}
    themes = ", ".join(THEME_NAMES.get(t, t) for t in event["themes"]) or "relevant"
    return {"kind_name": "Story", "headline": event["title"], "summary": themes}


def label_line(labels: dict) -> str:
    """The labels that made an article or event matter, in one line."""
    parts = [f"action: {labels.get('action') or 'none'}"]
    if labels.get("themes"):
        parts.append("themes: " + ", ".join(labels["themes"]))
    if labels.get("jurisdiction"):
        parts.append("jurisdiction: " + ", ".join(labels["jurisdiction"]))
    tier = labels.get("tier") or ({k: labels.get(k) for k in ("org", "model", "framework", "category", "level")}
                                  if labels.get("level") else None)
    if tier:
        parts.append("tier: " + " / ".join(str(tier.get(k)) for k in ("org", "model", "framework", "category", "level")
                                           if tier.get(k)))
    return "; ".join(parts)


def level_name(level: str | None) -> str:
    if not level:
        return ""
    if level.startswith("below_"):
        return "below " + level_name(level.removeprefix("below_"))
    special = {"ccl": "CCL", "alert_threshold": "alert threshold", "systemic": "systemic risk"}
    if level in special:
        return special[level]
    if level.startswith(("asl", "cb")):  # ASL-3; the RSP's capability thresholds CB-1, CBRN-4
        return level.upper()
    if level.startswith("ai-r&d-"):
        return "AI R&D-" + level.removeprefix("ai-r&d-")
    return level.capitalize()


def theme_name(theme: str) -> str:
    return THEME_NAMES.get(theme, theme.replace("_", " ").capitalize())


def jurisdiction_name(jurisdiction: str) -> str:
    return JURISDICTION_NAMES.get(jurisdiction, jurisdiction)


# --- instruments and stages ---------------------------------------------------------------

_BILL = re.compile(
    r"\b(?:(?P<long>Senate|Assembly|House)\s+Bill\s+(?:No\.\s*)?(?P<n1>\d{1,5})"
    r"|(?P<short>S\.?\s?B|A\.?\s?B|H\.?\s?B|S\.?\s?F|H\.?\s?F|L\.?\s?D|H\.?\s?R|S\.?\s?J\.?\s?R)\.?\s?-?\s?(?P<n2>\d{1,5}))\b"
)
_ORDER = re.compile(r"\bExecutive Order\s+(?:No\.\s*)?(\d{4,6})\b")
_KINDS = r"Act|Bill|Law|Directive|Regulation|Code of Practice|Convention|Treaty|Declaration|Accord|Framework|Order"
_NAMED = re.compile(
    rf"\b((?:(?:[A-Z][\w.&'’-]*|of|on|for|and|in|the|to)\s+){{0,8}}?[A-Z][\w.&'’-]*\s+(?:{_KINDS}))\b"
)
_LEADING = re.compile(r"^(?:(?:The|This|That|A|An|Its|Their|Our|New|Landmark|Proposed|Draft|Under|Of|On|For|"
                      r"And|In|To|the|of|on|for|and|in|to)\s+)+")
_GENERIC = re.compile(rf"^(?:State|Federal|Such|Same|Each|Any|Every|Model|Final|Omnibus)\s+(?:{_KINDS})$")
_AI_ACT = re.compile(r"^(?:(?:EU|European|European Union|EU's)\s+)?(?:AI|Artificial Intelligence)\s+Act$", re.I)

_STAGE_PATTERNS = [  # checked in this order: the first stage that appears wins
    ("struck down", r"\bstr(?:uck|ikes?|iking) down\b|\b(?:court|judge)s?\b[^.]{0,60}\bblock(?:s|ed)?\b|"
                    r"\bblock(?:s|ed)?\b[^.]{0,60}\b(?:court|judge)\b|\benjoin(?:s|ed)?\b|\binjunction\b|"
                    r"\bunconstitutional\b|\binvalidat(?:es|ed)\b|\bannul(?:s|led)\b"),
    ("vetoed", r"\bveto(?:es|ed)?\b"),
    ("delayed", r"\bdelay(?:s|ed|ing)?\b|\bpostpon(?:e|es|ed|ing)\b|\bpush(?:es|ed)? back\b|\bstop[- ]the[- ]clock\b|"
                r"\bdefer(?:s|red)?\b"),
    ("in force", r"\b(?:enter(?:s|ed)?|came|comes|coming) into (?:force|effect)\b|\btak(?:es|ing) effect\b|"
                 r"\btook effect\b|\bin force\b|\bnow appl(?:y|ies)\b|\bbecomes? effective\b|"
                 r"\beffective (?:today|immediately)\b|\bobligations (?:now )?apply\b|\bstarts? to apply\b"),
    ("signed", r"\bsign(?:s|ed)? into law\b|\b(?:governor|president|mayor)\b[^.]{0,40}\bsign(?:s|ed)\b|"
               r"\bsign(?:s|ed)\b[^.]{0,40}\b(?:bill|act|law|order|treaty|declaration|convention)\b|\benact(?:s|ed)\b"),
    ("passed", r"\bpass(?:es|ed)\b|\bapprov(?:es|ed)\b|\badopt(?:s|ed)\b|\bvot(?:es|ed) (?:to )?(?:approve|adopt|pass)\b|"
               r"\bclears?\b[^.]{0,30}\b(?:senate|assembly|house|parliament|council|legislature)\b"),
    ("proposed", r"\bintroduc(?:es|ed)\b|\bpropos(?:es|ed|al)\b|\bdraft\b|\bunveil(?:s|ed)\b|\btable[sd]\b|"
                 r"\bconsultation\b|\bfiles?\b[^.]{0,20}\bbill\b"),
]
_STAGES = [(stage, re.compile(pattern, re.I)) for stage, pattern in _STAGE_PATTERNS]


def find_instrument(title: str, text: str, jurisdiction: list[str] | None = None) -> str | None:
    """The law, bill, order or framework an article is about, when it names one; else None."""
    body = f"{title}\n{text}"
    candidates: Counter[str] = Counter()
    in_title: set[str] = set()
    for source, weight in ((title, 3), (text, 1)):
        for found in _instruments_in(source, jurisdiction or [], body):
            candidates[found] += weight
            if source is title:
                in_title.add(found)
    if not candidates:
        return None
    # A title-case headline ("Governor Signs Frontier AI Safety Act") names a longer phrase than the
    # text does; credit the text's name when it ends the headline's.
    for name in list(candidates):
        for other in list(candidates):
            if other != name and name.endswith(" " + other) and name in in_title:
                candidates[other] += candidates.pop(name, 0)
                break
    return max(candidates.items(), key=lambda item: (item[1], -body.find(item[0])))[0]


def _instruments_in(text: str, jurisdiction: list[str], body: str) -> list[str]:
    found = []
    for m in _BILL.finditer(text):
        if m.group("long"):
            prefix = {"Senate": "SB", "Assembly": "AB", "House": "HB"}[m.group("long")]
            found.append(f"{prefix} {m.group('n1')}")
        else:
            prefix = re.sub(r"[.\s]", "", m.group("short")).upper()
            found.append(f"{'H.R.' if prefix == 'HR' else prefix} {m.group('n2')}")
    found += [f"Executive Order {m.group(1)}" for m in _ORDER.finditer(text)]
    for m in _NAMED.finditer(text):
        name = _LEADING.sub("", " ".join(m.group(1).split()))
        if " " not in name or _GENERIC.match(name) or name.startswith(("Executive Order", "Senate Bill",
                                                                         "Assembly Bill", "House Bill")):
            continue
        if _AI_ACT.match(name):
            eu = "eu" in jurisdiction or re.search(r"\b(?:EU|European)\b", body)
            name = "EU AI Act" if eu else name
        found.append(name)
    return found


def find_stage(title: str, evidence: list[str], text: str) -> str | None:
    """Where the instrument stands (STAGES), from the title, else the evidence, else the opening."""
    opening = " ".join(re.split(r"(?<=[.!?])\s+", text.strip())[:4])
    for part in (title, " ".join(evidence), opening):
        for stage, pattern in _STAGES:
            if pattern.search(part):
                return stage
    return None
