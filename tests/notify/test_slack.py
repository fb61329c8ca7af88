"""Slack's limits: long digests split into several messages, each part delivered once."""

import re
from datetime import timedelta

from monitor.notify import deliver_pending
from monitor.notify.slack import slack_messages
from monitor.store import Store
from tests.alert_support import T0, big_digest_message, config
from tests.receivers import HttpSink


def texts(payload: dict) -> list[str]:
    found = []
    for block in payload["blocks"]:
        if block["type"] in ("section", "header"):
            found.append(block["text"]["text"])
        elif block["type"] == "context":
            found.extend(e["text"] for e in block["elements"])
    return found


def item_urls(payloads: list[dict]) -> list[str]:
    return [u for p in payloads for t in texts(p) for u in re.findall(r"<(https://[^|>]+/story-\d+)\|", t)]


def test_a_long_digest_is_split_within_slacks_limits_and_keeps_every_story_once():
    message = big_digest_message(150)
    payloads = slack_messages(message)
    assert len(payloads) > 1
    for number, payload in enumerate(payloads, start=1):
        assert len(payload["blocks"]) <= 50
        assert all(len(t) <= 3000 for t in texts(payload))
        assert all(len(b["text"]["text"]) <= 150 for b in payload["blocks"] if b["type"] == "header")
        assert payload["text"].endswith(f"(part {number} of {len(payloads)})")
    assert "part 2 of" in texts(payloads[1])[0]
    urls = item_urls(payloads)
    expected = [item["url"] for group in message["sections"][0]["groups"] for item in group["items"]]
    assert sorted(urls) == sorted(expected) and len(urls) == 150  # every story, each once


def test_a_429_in_the_middle_of_a_split_digest_resumes_after_the_parts_already_accepted(tmp_path):
    message = big_digest_message(150)
    parts = len(slack_messages(message))
    with Store(tmp_path / "monitor.db") as store, HttpSink() as slack:
        with store.transaction():
            run_id = store.digests.record_run("daily", T0 - timedelta(days=1), T0, ["x"], "queued", T0)
            store.outbox.enqueue("slack", message["subject"], message, T0, digest_run_id=run_id)
        settings = config({"slack": {"type": "slack", "url": f"{slack.url}/hook"}})
        slack.answer(200, "ok")
        slack.answer(200, "ok")
        slack.answer(429, "rate_limited", headers={"Retry-After": "30"})
        first = deliver_pending(store, settings, now=T0)
        [row] = store.outbox.rows()
        assert (first.retrying, row["state"], row["parts_sent"]) == (1, "pending", 2)
        assert row["next_attempt_at"] == "2026-11-20T12:00:30Z"
        second = deliver_pending(store, settings, now=T0 + timedelta(seconds=30))
        assert second.sent == 1 and store.outbox.rows()[0]["state"] == "sent"
        posted = [r.json for r in slack.requests]
    assert len(posted) == parts + 1  # every part once, plus the one refused with 429
    accepted = posted[:2] + posted[3:]
    assert [p["text"] for p in accepted] == [p["text"] for p in slack_messages(message)]
    assert sorted(item_urls(accepted)) == sorted(set(item_urls(accepted))) and len(item_urls(accepted)) == 150


def test_many_short_groups_stay_within_fifty_blocks_per_message():
    message = big_digest_message(80)
    message["sections"][0]["groups"] = [{"title": f"Theme {n}", "items": [item]} for n, item in
                                        enumerate(i for g in message["sections"][0]["groups"] for i in g["items"])]
    for group in message["sections"][0]["groups"]:
        group["items"][0]["evidence"] = None
    payloads = slack_messages(message)
    assert sum(len(p["blocks"]) for p in payloads) > 50
    assert all(len(p["blocks"]) <= 50 for p in payloads)
    assert len(item_urls(payloads)) == 80
