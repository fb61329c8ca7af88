"""Digests: order, windows, each story once, empty digests, what is due after downtime."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from monitor.alerts.digests import due_digests, next_run, preview_digest, send_digest
from monitor.alerts.events import raise_alerts
from monitor.alerts.feed import alerts_feed
from monitor.store import Store
from tests.alert_support import (IRRELEVANT, T0, add_article, config, email_channel, label, move_labels,
                                 story_labels, story_of, tier_labels)
from tests.receivers import SmtpSink

DAY1 = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)  # the digest's first scheduled time after T0
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "monitor.db") as store:
        yield store


@pytest.fixture
def smtp():
    with SmtpSink() as sink:
        yield sink


def settings(port=2525, send_empty=False, channels=("mail",)):
    return config({"mail": email_channel(port)},
                  [{"name": "tier-changes", "match": {"action": "tier_change"}},
                   {"name": "regulatory-moves", "match": {"action": ["legislation", "regulation", "enforcement"]}}],
                  [{"name": "daily", "schedule": "0 7 * * *", "channels": list(channels), "send_empty": send_empty}])


def archive_of_a_day(store, at=T0):
    """A tier change, moves in two jurisdictions, stories in two themes (one carried by three outlets)."""
    tier = add_article(store, "openai-news", "Introducing GPT-5.3-Codex", published=at)
    label(store, tier, tier_labels())
    eu = add_article(store, "eu-commission", "Commission fines platform under the AI Act", published=at,
                     text="The Commission fined the platform under the AI Act on Tuesday.")
    label(store, eu, move_labels(action="enforcement", jurisdiction=["eu"]))
    state = add_article(store, "state-gov", "Governor signs Frontier AI Safety Act", published=at,
                        text="The governor signed the Frontier AI Safety Act into law.")
    label(store, state, move_labels())
    privacy = add_article(store, "privacy-news", "Chatbot logs exposed", published=at + timedelta(hours=1))
    label(store, privacy, story_labels(themes=["privacy"], evidence="Millions of chatbot logs were exposed."))
    cyber = add_article(store, "sec-news", "Agents hijacked by prompt injection", published=at + timedelta(hours=2))
    label(store, cyber, story_labels(themes=["cyber", "privacy"]))
    for n, outlet in enumerate(["wire", "tech-daily"]):
        copy = add_article(store, outlet, "Agents hijacked by prompt injection", story_id=story_of(store, cyber),
                           published=at + timedelta(hours=3 + n))
        label(store, copy, story_labels(themes=["cyber"]))
    noise = add_article(store, "sec-news", "Office opening", published=at)
    label(store, noise, IRRELEVANT)
    return {"tier": tier, "eu": eu, "state": state, "privacy": privacy, "cyber": cyber}


def test_tier_changes_then_moves_by_jurisdiction_then_stories_by_theme_each_once(store, smtp):
    archive_of_a_day(store)
    raise_alerts(store, settings(smtp.port), now=T0 + timedelta(hours=4))
    result = send_digest(store, settings(smtp.port), "daily", DAY1)

    assert (result.state, result.counts) == ("queued", {"tiers": 1, "moves": 2, "stories": 2, "total": 5})
    assert (result.window_start, result.window_end) == ("2026-11-20T07:00:00Z", "2026-11-21T07:00:00Z")
    assert result.delivery.sent == 1
    [mail] = smtp.messages
    assert mail["Subject"] == ("[AI monitor] Daily digest, 21 Nov 2026: 1 tier change, 2 regulatory moves, "
                               "2 other stories")
    text = mail.get_body(("plain",)).get_content()
    order = ["== Tier changes ==", "OpenAI · gpt-5.3-codex · cyber · High", "== Regulatory moves ==",
             "-- US states --", "Frontier AI Safety Act: signed", "-- EU --", "EU AI Act", "== Other relevant stories ==",
             "-- Cyber --", "Agents hijacked by prompt injection", "-- Privacy --", "Chatbot logs exposed"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert text.count("Agents hijacked by prompt injection") == 1  # one story, three outlets
    assert "(3 sources)" in text and "Office opening" not in text
    html = mail.get_body(("html",)).get_content()
    assert "Millions of chatbot logs were exposed." in html and "https://privacy-news.example/" in html


def test_each_window_starts_where_the_last_ended_and_no_story_is_sent_twice(store, smtp):
    first = archive_of_a_day(store)
    assert send_digest(store, settings(smtp.port), "daily", DAY1).counts["total"] == 5

    later = T0 + timedelta(days=1)
    fresh = add_article(store, "sec-news", "New jailbreak technique published", published=later)
    label(store, fresh, story_labels(themes=["cyber"]), now=later)
    copy = add_article(store, "late-outlet", "Agents hijacked by prompt injection", published=later,
                       story_id=story_of(store, first["cyber"]))
    label(store, copy, story_labels(themes=["cyber"]), now=later)
    move_copy = add_article(store, "late-outlet", "State AI safety law signed", published=later,
                            story_id=story_of(store, first["state"]))
    label(store, move_copy, move_labels(), now=later)

    second = send_digest(store, settings(smtp.port), "daily", DAY1 + timedelta(days=1))
    assert (second.window_start, second.window_end) == ("2026-11-21T07:00:00Z", "2026-11-22T07:00:00Z")
    assert second.counts == {"tiers": 0, "moves": 0, "stories": 1, "total": 1}
    text = smtp.messages[1].get_body(("plain",)).get_content()
    assert "New jailbreak technique published" in text and "Agents hijacked" not in text


def test_an_article_labelled_after_the_run_that_covered_it_comes_in_the_next(store, smtp):
    late = add_article(store, "sec-news", "Model weights stolen", published=DAY1 - timedelta(hours=2))
    send_digest(store, settings(smtp.port, send_empty=True), "daily", DAY1)  # not labelled yet
    label(store, late, story_labels(themes=["cyber"]), now=DAY1 + timedelta(hours=1))
    result = send_digest(store, settings(smtp.port), "daily", DAY1 + timedelta(days=1))
    assert result.counts["stories"] == 1


def test_an_empty_digest_is_recorded_but_not_sent_unless_configured(store, smtp):
    quiet = send_digest(store, settings(smtp.port), "daily", DAY1)
    assert (quiet.state, quiet.queued, smtp.messages) == ("empty", 0, [])
    assert store.digests.last_run("daily")["window_end"] == "2026-11-21T07:00:00Z"
    loud = send_digest(store, settings(smtp.port, send_empty=True), "daily", DAY1 + timedelta(days=1))
    assert (loud.state, loud.delivery.sent) == ("queued", 1)
    assert "Nothing relevant in this window." in smtp.messages[0].get_body(("plain",)).get_content()


def test_due_digests_after_downtime_once_and_next_run(store):
    config_ = settings()
    assert due_digests(store, config_, DAY1 + timedelta(hours=3)) == []  # never run: waits for its time
    assert next_run(config_.digest("daily"), DAY1 - timedelta(hours=1)) == DAY1
    send_digest(store, config_, "daily", DAY1 + timedelta(seconds=2), deliver=False)
    assert due_digests(store, config_, DAY1 + timedelta(hours=23)) == []
    down_for_days = DAY1 + timedelta(days=3, hours=2)
    assert due_digests(store, config_, down_for_days) == ["daily"]  # once, not three times
    result = send_digest(store, config_, "daily", down_for_days, deliver=False)
    assert result.window_start == "2026-11-21T07:00:02Z"
    assert due_digests(store, config_, down_for_days + timedelta(hours=1)) == []
    assert due_digests(store, config_, DAY1 + timedelta(days=4)) == ["daily"]


def test_preview_changes_nothing(store):
    archive_of_a_day(store)
    preview = preview_digest(store, settings(), "daily", DAY1)
    assert preview.state == "preview" and preview.counts["total"] >= 3
    assert store.digests.last_run("daily") is None and store.outbox.rows() == []


def test_alerts_as_a_valid_atom_feed(store):
    ids = archive_of_a_day(store)
    raise_alerts(store, settings(), now=T0 + timedelta(hours=4))
    copy = add_article(store, "wire", "GPT-5.3-Codex rated High", published=T0 + timedelta(hours=5))
    label(store, copy, tier_labels(), now=T0 + timedelta(hours=5))
    raise_alerts(store, settings(), now=T0 + timedelta(hours=6))
    text = alerts_feed(store, feed_url="https://monitor.example/alerts.atom")

    root = ET.fromstring(text.encode())
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3  # the tier change and two moves, once each
    entry_ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(entry_ids)) == 3 and all(i.startswith("urn:uuid:") for i in entry_ids)
    tier_entry = next(e for e in entries if "Tier change" in e.find(f"{ATOM}title").text)
    links = [(link.get("rel"), link.get("href")) for link in tier_entry.findall(f"{ATOM}link")]
    assert links[0] == ("alternate", store.articles.get(ids["tier"])["url"]) and links[1][0] == "related"
    for entry in entries:
        for required in ("id", "title", "updated", "link", "content"):
            assert entry.find(f"{ATOM}{required}") is not None
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text.replace("Z", "+00:00"))

    parsed = feedparser.parse(text)
    assert not parsed.bozo and parsed.version == "atom10" and len(parsed.entries) == 3
    assert "We are treating GPT-5.3-Codex as High" in text
    assert alerts_feed(store, feed_url="https://monitor.example/alerts.atom") == text  # stable ids and times
