"""Alerts as an Atom 1.0 feed (RFC 4287), so people can follow them in any feed reader.

One entry per event that raised an alert: the headline as title, the first article as the
alternate link and every other outlet's article as a related link, the labels as
categories, and the alert's text (why it was sent, the evidence, the sources) as HTML
content. Entry ids are `urn:uuid:` values derived from the event's key, stable across runs.
`monitor alerts --atom PATH` writes the file; the web page serves `alerts_feed(store)`.
"""

from __future__ import annotations

import os
import tempfile
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

from monitor import __version__, clock
from monitor.alerts.messages import alert_message
from monitor.notify import atom
from monitor.notify.render import alert_fragment
from monitor.store import Store

FEED_TITLE = "AI risk-signal monitor: alerts"
_NAMESPACE = uuid.UUID("5b0c7b8e-3c1e-4f4b-9a55-6d0f0f7a1e21")  # this project's ids; never change it


def alerts_feed(store: Store, *, feed_url: str | None = None, site_url: str | None = None,
                since: datetime | None = None, limit: int = 100) -> str:
    """The Atom document (UTF-8 text) of the latest `limit` alerted events."""
    events = store.events.alerted(since=since, limit=limit)
    feed = atom.feed()
    atom.add(feed, "id", _urn(f"feed:{feed_url or store.path}"))
    atom.add(feed, "title", FEED_TITLE)
    atom.add(feed, "subtitle", "Risk-tier changes, regulatory moves and other stories that matched an alert rule.")
    updated = max((e["alerted_at"] for e in events), default=None) or clock.iso(clock.now())
    atom.add(feed, "updated", updated)
    author = atom.add(feed, "author")
    atom.add(author, "name", "AI risk-signal monitor")
    atom.add(feed, "generator", "ai-risk-monitor", version=__version__)
    if feed_url:
        atom.add(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    if site_url:
        atom.add(feed, "link", rel="alternate", href=site_url, type="text/html")
    for event in events:
        _add_entry(feed, store, event)
    return atom.document(feed)


def write_feed(store: Store, path: str | Path, **options) -> int:
    """Write the feed atomically (a reader never sees half a file); returns the number of entries."""
    text = alerts_feed(store, **options)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)
    return text.count("<entry>")


def _add_entry(feed: ET.Element, store: Store, event: dict) -> None:
    message = alert_message(store, event["id"], event["rules"])
    described = message["event"]
    entry = atom.add(feed, "entry")
    atom.add(entry, "id", _urn(f"event:{event['key']}"))
    atom.add(entry, "title", f"{described['kind_name']}: {described['headline']}")
    atom.add(entry, "updated", event["alerted_at"])
    atom.add(entry, "published", event["created_at"])
    for number, article in enumerate(message["articles"]):
        atom.add(entry, "link", rel="alternate" if number == 0 else "related", href=article["url"], type="text/html",
             title=f"{article['source']}: {article['title']}")
    sources = sorted({a["source"] for a in message["articles"]})
    if sources:
        author = atom.add(entry, "author")
        atom.add(author, "name", ", ".join(sources))
    for term, scheme in [(event["kind"], "kind"), (event["action"], "action"),
                         *[(t, "theme") for t in event["themes"]], *[(j, "jurisdiction") for j in event["jurisdiction"]],
                         *[(r, "rule") for r in event["rules"]]]:
        atom.add(entry, "category", term=term, scheme=f"urn:ai-risk-monitor:{scheme}", label=f"{scheme}: {term}")
    atom.add(entry, "summary", f"{described['summary']}. Why: rule {', '.join(event['rules'])}; {message['why']['labels']}",
         type="text")
    atom.add(entry, "content", alert_fragment(message), type="html")


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"
