"""End to end on loopback: feeds -> crawl -> labels -> alerts -> email and Slack, then a digest.

The labels are written as `monitor classify` writes them (monitor.store.labels); which label an
article gets is decided here by its words, standing in for the trained model.
"""

from datetime import timedelta

from monitor import clock
from monitor.alerts.digests import send_digest
from monitor.alerts.events import raise_alerts
from monitor.crawl.crawler import crawl
from monitor.notify import deliver_pending
from monitor.records import Labels
from monitor.sources import FetchPolicy, LoadedSources, Source
from monitor.store import Store
from tests.alert_support import IRRELEVANT, config, email_channel, move_labels, tier_labels
from tests.feeds import paragraph, rss
from tests.receivers import HttpSink, SmtpSink

FAST = FetchPolicy(host_delay=0, retries=0, read_timeout=2, total_timeout=5, connect_timeout=1)
TIER_TEXT = ("OpenAI introduced GPT-5.3-Codex today. This is the first model we are treating as High capability "
             "in cybersecurity under our Preparedness Framework, and we activated the corresponding safeguards. "
             + paragraph("codex launch", 150))
MOVE_TEXT = ("Governor Jane Roe signed the Frontier AI Safety Act into law on Monday. The law requires large "
             "developers to publish safety frameworks and to report critical incidents within 15 days. "
             + paragraph("state law signing", 150))


def stand_in_labels(article: dict) -> dict:
    text = f"{article['title']} {article['text']}"
    if "GPT-5.3-Codex" in text:
        return tier_labels(evidence="This is the first model we are treating as High capability in cybersecurity "
                                    "under our Preparedness Framework, and we activated the corresponding safeguards.")
    if "Frontier AI Safety Act" in text:
        return move_labels(evidence="Governor Jane Roe signed the Frontier AI Safety Act into law on Monday.")
    return IRRELEVANT


def classify_new(store: Store) -> list[int]:
    labels = store.labels
    rows = labels.to_classify(only_missing=True, model_version="stand-in")
    with store.transaction():
        labels.save_model_many([(row["id"], Labels.from_dict(stand_in_labels(row))) for row in rows], "stand-in",
                               clock.now())
    return [row["id"] for row in rows]


def test_one_crawl_later_the_right_alerts_reach_both_channels_once_and_the_digest_has_each_story_once(
        tmp_path, loopback):
    recent = clock.now() - timedelta(hours=3)
    loopback.route("/lab.xml", rss([
        {"title": "Introducing GPT-5.3-Codex", "link": f"{loopback.url}/lab/codex", "content": TIER_TEXT,
         "date": recent},
        {"title": "Our new office in Dublin", "link": f"{loopback.url}/lab/dublin",
         "content": paragraph("office opening", 150), "date": recent},
    ]))
    loopback.route("/gov.xml", rss([
        {"title": "Governor signs Frontier AI Safety Act", "link": f"{loopback.url}/gov/act", "content": MOVE_TEXT,
         "date": recent},
        {"title": "State parks reopen for the summer", "link": f"{loopback.url}/gov/parks",
         "content": paragraph("parks", 150), "date": recent},
    ]))
    sources = [Source(id=i, name=n, url=f"{loopback.url}/{i}.xml", full_text="never")
               for i, n in (("lab", "Frontier Lab"), ("gov", "State Governor"))]
    with Store(tmp_path / "monitor.db") as store, SmtpSink() as smtp, HttpSink() as slack:
        settings = config(
            {"mail": email_channel(smtp.port), "slack": {"type": "slack", "url": f"{slack.url}/hook"}},
            [{"name": "tier-changes", "match": {"action": "tier_change"}, "notify": ["mail", "slack"]},
             {"name": "regulatory-moves", "match": {"action": ["legislation", "regulation"]},
              "notify": ["mail", "slack"]}],
            [{"name": "daily", "schedule": "0 7 * * *", "channels": ["mail"]}])

        assert crawl(store, LoadedSources("test", sources, policy=FAST)).new == 4
        classified = classify_new(store)
        raised = raise_alerts(store, settings, article_ids=classified)
        delivered = deliver_pending(store, settings)
        assert (raised.events, raised.alerts, raised.queued, delivered.sent) == (2, 2, 4, 4)
        assert sorted(m["Subject"] for m in smtp.messages) == [
            "[AI monitor] Regulatory move: Frontier AI Safety Act: signed",
            "[AI monitor] Tier change: OpenAI · gpt-5.3-codex · cyber · High",
        ]
        assert sorted(p.json["text"] for p in slack.requests) == sorted(m["Subject"] for m in smtp.messages)
        for mail in smtp.messages:
            assert f"{loopback.url}/lab/codex" in mail.get_body(("html",)).get_content() or \
                f"{loopback.url}/gov/act" in mail.get_body(("html",)).get_content()

        # A second outlet carries both stories: a syndicated copy and a rewrite.
        loopback.route("/outlet.xml", rss([
            {"title": "Introducing GPT-5.3-Codex", "link": f"{loopback.url}/outlet/codex", "content": TIER_TEXT,
             "date": recent + timedelta(hours=1)},
            {"title": "New state law makes AI labs publish safety plans", "link": f"{loopback.url}/outlet/law",
             "content": "The governor signed the Frontier AI Safety Act into law. " + paragraph("rewrite", 120),
             "date": recent + timedelta(hours=1)},
        ]))
        outlet = Source(id="outlet", name="Tech Outlet", url=f"{loopback.url}/outlet.xml", full_text="never")
        assert crawl(store, LoadedSources("test", [outlet], policy=FAST)).new == 2
        raised = raise_alerts(store, settings, article_ids=classify_new(store))
        delivered = deliver_pending(store, settings)
        assert (raised.events, raised.joined, raised.alerts, raised.queued, delivered.sent) == (0, 2, 0, 0, 0)
        assert len(smtp.messages) == 2 and len(slack.requests) == 2
        [tracked] = store.events.tiers()
        assert tracked["history"][0]["source_count"] == 2
        assert [m["source_count"] for m in store.events.moves()] == [2]

        digest = send_digest(store, settings, "daily", clock.now() + timedelta(seconds=1))
        assert digest.counts == {"tiers": 1, "moves": 1, "stories": 0, "total": 2}
        text = smtp.messages[2].get_body(("plain",)).get_content()
        assert text.count("OpenAI · gpt-5.3-codex · cyber · High") == 1
        assert text.count("Frontier AI Safety Act: signed") == 1
        assert text.count("(2 sources)") == 2
        assert "Dublin" not in text and "parks" not in text
