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
from monitor.alerts.events import alert_message
from monitor.notify.render import alert_fragment
from monitor.store import Store

ATOM = "http://www.w3.org/2005/Atom"
FEED_TITLE = "AI risk-signal monitor: alerts"
_NAMESPACE = uuid.UUID("5b0c7b8e-3c1e-4f4b-9a55-6d0f0f7a1e21")  # this project's ids; never change it


def alerts_feed(store: Store, *, feed_url: str | None = None, site_url: str | None = None,
                since: datetime | None = None, limit: int = 100) -> str:
    """The Atom document (UTF-8 text) of the latest `limit` alerted events."""
    ET.register_namespace("", ATOM)
    events = store.alerts.alerts(since=since, limit=limit)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", _urn(f"feed:{feed_url or store.path}"))
    _add(feed, "title", FEED_TITLE)
    _add(feed, "subtitle", "Risk-tier changes, regulatory moves and other stories that matched an alert rule.")
    updated = max((e["alerted_at"] for e in events), default=None) or clock.iso(clock.now())
    _add(feed, "updated", updated)
    author = _add(feed, "author")
    _add(author, "name", "AI risk-signal monitor")
    _add(feed, "generator", "ai-risk-monitor", version=__version__)
    if feed_url:
        _add(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    if site_url:
        _add(feed, "link", rel="alternate", href=site_url, type="text/html")
    for event in events:
        feed.append(_entry(store, event))
    ET.indent(feed, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


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


def _entry(store: Store, event: dict) -> ET.Element:
    message = alert_message(store, event["id"], event["rules"])
    described = message["event"]
    entry = ET.Element(f"{{{ATOM}}}entry")
    _add(entry, "id", _urn(f"event:{event['key']}"))
    _add(entry, "title", f"{described['kind_name']}: {described['headline']}")
    _add(entry, "updated", event["alerted_at"])
    _add(entry, "published", event["created_at"])
    for number, article in enumerate(message["articles"]):
        _add(entry, "link", rel="alternate" if number == 0 else "related", href=article["url"], type="text/html",
             title=f"{article['source']}: {article['title']}")
    sources = sorted({a["source"] for a in message["articles"]})
    if sources:
        author = _add(entry, "author")
        _add(author, "name", ", ".join(sources))
    for term, scheme in [(event["kind"], "kind"), (event["action"], "action"),
                         *[(t, "theme") for t in event["themes"]], *[(j, "jurisdiction") for j in event["jurisdiction"]],
                         *[(r, "rule") for r in event["rules"]]]:
        _add(entry, "category", term=term, scheme=f"urn:ai-risk-monitor:{scheme}", label=f"{scheme}: {term}")
    _add(entry, "summary", f"{described['summary']}. Why: rule {', '.join(event['rules'])}; {message['why']['labels']}",
         type="text")
    _add(entry, "content", alert_fragment(message), type="html")
    return entry


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"
