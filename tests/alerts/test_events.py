"""From labelled articles to events and alerts: the tier tracker, regulatory moves, rules, the outbox."""

import itertools
from datetime import timedelta

import pytest

from monitor.alerts.events import raise_alerts
from monitor.store import Store
from tests.alert_support import (IRRELEVANT, T0, add_article, config, email_channel, label, move_labels,
                                 story_labels, story_of, tier_labels)

DEFAULT_RULES = [
    {"name": "tier-changes", "match": {"action": "tier_change"}, "notify": ["mail"]},
    {"name": "regulatory-moves", "match": {"action": ["legislation", "regulation", "executive", "enforcement",
                                                      "litigation", "international", "standard"]},
     "notify": ["mail"]},
]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "monitor.db") as store:
        yield store


def settings(rules=None, channels=None):
    return config(channels or {"mail": email_channel(2525), "slack": {"type": "slack", "url": "https://hooks.example/x"}},
                  rules if rules is not None else DEFAULT_RULES)


_clock = itertools.count()


def place(store, article_id, labels, rules=None, now=T0, analyst=False):
    """Label the article as the classifier would, then raise alerts."""
    label(store, article_id, labels, now=T0 + timedelta(seconds=next(_clock)), analyst=analyst)
    return raise_alerts(store, settings(rules), now=now)


# --- the tier tracker ------------------------------------------------------------------------


def test_twenty_outlets_reporting_one_determination_are_one_event_and_one_alert(store):
    first = add_article(store, "openai-news", "GPT-5.3-Codex system card", published=T0)
    summary = place(store, first, tier_labels())
    assert (summary.events, summary.alerts, summary.queued) == (1, 1, 1)
    for n in range(19):  # other outlets, some in the same story, most rewritten (their own stories)
        story = story_of(store, first) if n < 5 else None
        copy = add_article(store, f"outlet-{n}", f"OpenAI rates its new coding model High, report {n}",
                           published=T0 + timedelta(hours=n + 1), story_id=story)
        copy_summary = place(store, copy, tier_labels())
        assert (copy_summary.events, copy_summary.joined, copy_summary.alerts, copy_summary.queued) == (0, 1, 0, 0)
    [tracked] = store.events.tiers()
    assert (tracked["org"], tracked["model"], tracked["framework"], tracked["category"]) == \
        ("openai", "gpt-5.3-codex", "preparedness", "cyber")
    [step] = tracked["history"]
    assert step["level"] == "high" and step["previous_level"] is None and step["source_count"] == 20
    assert len(store.events.articles(step["id"])) == 20
    assert len(store.outbox.rows()) == 1


def test_a_copy_that_spells_the_model_differently_joins_its_storys_determination(store):
    first = add_article(store, "openai-news", "GPT-5.3-Codex system card", published=T0)
    place(store, first, tier_labels())
    copy = add_article(store, "wire", "OpenAI rates GPT-5.3 Codex High", published=T0 + timedelta(hours=1),
                       story_id=story_of(store, first))
    summary = place(store, copy, tier_labels(model="gpt-5.3 codex"))
    assert (summary.events, summary.joined, summary.queued) == (0, 1, 0)
    other_level = add_article(store, "blog", "Codex below Critical", published=T0 + timedelta(hours=2),
                              story_id=story_of(store, first))
    assert place(store, other_level, tier_labels(model="codex", level="critical")).events == 1


def test_a_new_level_is_a_change_with_its_history_and_sources(store):
    medium = add_article(store, "openai-news", "o5 system card", published=T0)
    place(store, medium, tier_labels(model="o5", level="medium", direction="new"))
    high = add_article(store, "openai-news", "o5 update: now High in cybersecurity", published=T0 + timedelta(days=30))
    summary = place(store, high, tier_labels(model="o5", level="high", direction="up"))
    assert (summary.events, summary.alerts) == (1, 1)
    [tracked] = store.events.tiers()
    assert [(s["level"], s["previous_level"]) for s in tracked["history"]] == [("medium", None), ("high", "medium")]
    message = store.outbox.rows()[0]["message"]
    assert message["event"]["headline"] == "OpenAI · o5 · cyber · High"
    assert message["event"]["summary"] == "Preparedness Framework; raised from Medium"


def test_a_late_report_of_an_earlier_level_fills_the_history_without_alerting(store):
    place(store, add_article(store, "lab", "Model X at ASL-3", published=T0 + timedelta(days=10)),
          tier_labels(org="anthropic", model="x", framework="rsp", category="cbrn", level="asl-3"))
    late = add_article(store, "archive-blog", "Back in the spring, X ran under ASL-2", published=T0)
    summary = place(store, late, tier_labels(org="anthropic", model="x", framework="rsp", category="cbrn",
                                             level="asl-2"))
    assert (summary.events, summary.alerts, summary.queued) == (1, 0, 0)
    [tracked] = store.events.tiers()
    assert [(s["level"], s["backfill"]) for s in tracked["history"]] == [("asl-2", True), ("asl-3", False)]


def test_an_earlier_copy_of_the_current_determination_joins_it(store):
    place(store, add_article(store, "lab", "Model Y reaches the CCL", published=T0 + timedelta(hours=5)),
          tier_labels(org="google_deepmind", model="y", framework="fsf", level="ccl"))
    earlier = add_article(store, "wire", "Y crosses a critical capability level", published=T0)
    summary = place(store, earlier, tier_labels(org="google_deepmind", model="y", framework="fsf", level="ccl"))
    assert (summary.events, summary.joined, summary.alerts) == (0, 1, 0)
    [step] = store.events.tiers()[0]["history"]
    assert step["happened_at"] == "2026-11-20T12:00:00Z"  # when it was first reported


def test_each_category_and_framework_is_tracked_apart(store):
    for n, category in enumerate(["cyber", "bio", "self_improvement"]):
        place(store, add_article(store, "lab", f"Scorecard part {n}"), tier_labels(category=category, level="high"))
    assert sorted(t["category"] for t in store.events.tiers()) == ["bio", "cyber", "self_improvement"]


# --- regulatory moves ------------------------------------------------------------------------


SIGNED = ("Governor signs Frontier AI Safety Act",
          "Governor Jane Roe signed the Frontier AI Safety Act into law on Monday. The law requires large "
          "developers to publish safety frameworks and report incidents within 15 days.")


def test_copies_of_one_move_are_one_move_and_one_alert(store):
    first = add_article(store, "state-gov", SIGNED[0], text=SIGNED[1])
    assert place(store, first, move_labels()).alerts == 1
    syndicated = add_article(store, "wire", SIGNED[0], text=SIGNED[1], story_id=story_of(store, first),
                             published=T0 + timedelta(hours=2))
    rewritten = add_article(store, "policy-news", "New state law makes AI developers publish safety plans",
                            text="The Frontier AI Safety Act, signed by the governor, requires developers to "
                                 "publish safety frameworks.", published=T0 + timedelta(days=1))
    for copy in (syndicated, rewritten):
        summary = place(store, copy, move_labels())
        assert (summary.events, summary.joined, summary.alerts, summary.queued) == (0, 1, 0, 0)
    [move] = store.events.moves()
    assert (move["instrument"], move["stage"], move["jurisdiction"], move["source_count"]) == \
        ("Frontier AI Safety Act", "signed", ["us_state"], 3)
    assert len(store.outbox.rows()) == 1


def test_a_later_stage_of_the_same_instrument_is_a_new_move(store):
    passed = add_article(store, "state-gov", "Legislature passes Frontier AI Safety Act",
                         text="The legislature passed the Frontier AI Safety Act on Thursday.")
    place(store, passed, move_labels())
    signed = add_article(store, "state-gov", SIGNED[0], text=SIGNED[1], published=T0 + timedelta(days=20))
    assert place(store, signed, move_labels()).events == 1
    assert [(m["instrument"], m["stage"]) for m in store.events.moves()] == \
        [("Frontier AI Safety Act", "signed"), ("Frontier AI Safety Act", "passed")]
    assert [m["id"] for m in store.events.moves(jurisdiction="eu")] == []


# --- rules -----------------------------------------------------------------------------------


def test_rules_decide_which_events_alert_and_where(store):
    rules = [
        {"name": "eu-only", "match": {"jurisdiction": "eu"}, "notify": ["slack"]},
        {"name": "cyber-stories", "match": {"themes": ["cyber"], "min_score": 0.7}, "notify": ["mail"]},
        {"name": "from-regulators", "match": {"sources": ["eu-commission"], "query": '"AI Act"'}, "notify": ["mail"]},
        {"name": "muted", "match": {}, "notify": ["mail", "slack"], "muted": True},
    ]
    eu = add_article(store, "eu-commission", "Commission publishes AI Act guidelines",
                     text="The Commission published guidelines on the AI Act for providers.")
    summary = place(store, eu, move_labels(action="regulation", jurisdiction=["eu"]), rules)
    assert summary.alerts == 2  # eu-only and from-regulators; not muted
    rows = {r["channel"]: r["message"]["why"]["rules"] for r in store.outbox.rows()}
    assert rows == {"slack": ["eu-only"], "mail": ["from-regulators"]}

    weak = add_article(store, "blog", "A post on prompt injection")
    assert place(store, weak, story_labels(score=0.6), rules).events == 0  # below min_score: not even an event
    strong = add_article(store, "security-news", "Prompt injection attack hits AI agents")
    summary = place(store, strong, story_labels(score=0.9), rules)
    assert (summary.events, summary.alerts, summary.queued) == (1, 1, 1)
    assert store.events.get(summary.event_ids[0])["kind"] == "story"

    noise = add_article(store, "eu-commission", "Commission canteen menu")
    assert place(store, noise, IRRELEVANT, rules).events == 0


def test_two_rules_on_one_channel_send_one_message_naming_both(store):
    rules = [
        {"name": "tier-changes", "match": {"action": "tier_change"}, "notify": ["mail"]},
        {"name": "cyber", "match": {"themes": "cyber"}, "notify": ["mail", "slack"]},
    ]
    article = add_article(store, "openai-news", "GPT-5.3-Codex system card")
    summary = place(store, article, tier_labels(), rules)
    assert (summary.alerts, summary.queued) == (2, 2)
    by_channel = {r["channel"]: r["message"]["why"]["rules"] for r in store.outbox.rows()}
    assert by_channel == {"mail": ["tier-changes", "cyber"], "slack": ["cyber"]}
    [alerted] = store.events.alerted()
    assert alerted["rules"] == ["cyber", "tier-changes"]
    assert [(d["channel"], d["state"]) for d in alerted["deliveries"]] == [("mail", "pending"), ("slack", "pending")]


def test_a_rule_without_channels_still_records_the_alert(store):
    article = add_article(store, "openai-news", "GPT-5.3-Codex system card")
    summary = place(store, article, tier_labels(), [{"name": "watch", "match": {"action": "tier_change"}}])
    assert (summary.alerts, summary.queued) == (1, 0)
    assert store.events.alerted()[0]["rules"] == ["watch"]


# --- reading the labels ----------------------------------------------------------------------


def test_an_article_is_placed_once_until_its_labels_change(store):
    article = add_article(store, "openai-news", "GPT-5.3-Codex system card")
    assert place(store, article, tier_labels(level="medium")).events == 1
    assert raise_alerts(store, settings(), now=T0).articles == 0  # nothing new to read
    corrected = place(store, article, tier_labels(level="high"), analyst=True)  # an analyst's correction
    assert (corrected.articles, corrected.events, corrected.alerts) == (1, 1, 1)
    [tracked] = store.events.tiers()
    assert [s["level"] for s in tracked["history"]] == ["medium", "high"]


def test_old_articles_fill_the_tracker_but_alert_no_one(store):
    old = add_article(store, "openai-news", "Last year's system card", published=T0 - timedelta(days=200))
    summary = place(store, old, tier_labels(level="medium"), now=T0)
    assert (summary.events, summary.alerts, summary.queued) == (1, 0, 0)
    new = add_article(store, "openai-news", "This week's system card", published=T0 - timedelta(days=1))
    summary = place(store, new, tier_labels(level="high"), now=T0)
    assert (summary.events, summary.alerts) == (1, 1)
    assert store.outbox.rows()[0]["message"]["event"]["summary"] == "Preparedness Framework; raised from Medium"


def test_the_ids_just_classified_are_placed_without_reading_the_log(store):
    first = add_article(store, "state-gov", SIGNED[0], text=SIGNED[1])
    label(store, first, move_labels())
    summary = raise_alerts(store, settings(), now=T0, article_ids=[first])
    assert (summary.events, summary.alerts) == (1, 1)
    assert raise_alerts(store, settings(), now=T0).events == 0  # the log holds nothing unplaced


def test_an_analysts_labels_pass_any_min_score(store):
    rules = [{"name": "sure-moves", "match": {"action": "litigation", "min_score": 0.99}, "notify": ["mail"]}]
    article = add_article(store, "court-news", "Court rules on chatbot maker", text="The court ruled on Monday.")
    assert place(store, article, move_labels(action="litigation", score=0.6), rules).alerts == 0
    other = add_article(store, "court-news", "Second ruling on AI training data", text="A judge ruled on Friday.")
    assert place(store, other, move_labels(action="litigation", score=0.6), rules, analyst=True).alerts == 1



def test_a_determination_mentioned_in_a_lawsuit_story_joins_the_tracker_and_the_move_alerts(store):
    # LABELLING.md R2: the headline's move (a lawsuit) is the action; the tier stated in passing
    # still makes a step in the tracker
    labels = tier_labels(org="brightwater", model="nimbus-2-ultra", framework="preparedness_policy")
    labels["action"] = "litigation"
    article = add_article(store, "courts", "Families sue Brightwater over chatbot advice", published=T0)
    summary = place(store, article, labels)
    [tracked] = store.events.tiers()
    assert (tracked["org"], tracked["model"], tracked["history"][0]["level"]) == ("brightwater", "nimbus-2-ultra", "high")
    kinds = sorted(store.events.get(e)["kind"] for e in summary.event_ids)
    assert kinds == ["move", "tier_change"], kinds
    assert summary.alerts == 1  # the lawsuit alerts ("regulatory-moves"); the step only fills the tracker
