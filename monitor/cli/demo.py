"""`monitor demo`: the whole product offline, in seconds.

Serves the bundled demo feeds and pages (fictional organisations, written for this demo) on a
loopback port, with dates relative to today so that the alert rules treat them as news, and on
the same port a webhook that stands in for a team's chat or ticketing system. Then it walks the
pipeline as `monitor run` would: crawl (twice: the second time every feed answers 304 Not
Modified), label, place the articles in the tier tracker and the regulatory moves, raise the
alerts of the default rules and deliver them to the webhook, and preview the daily digest. It
ends with the commands that explore the archive it leaves behind.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from monitor import clock
from monitor.alerts.config import DEFAULT_CONFIG, AlertConfig, parse_config
from monitor.alerts.digests import preview_digest
from monitor.alerts.events import raise_alerts
from monitor.classify.archive import Labeller
from monitor.cli.alerts import alerts_table, moves_table, tier_table
from monitor.cli.output import label_words, shorten, table
from monitor.crawl.crawler import crawl
from monitor.notify import deliver_pending
from monitor.notify.render import render
from monitor.search.index import index_path
from monitor.search.sync import catching_up
from monitor.sources import LoadedSources, Source
from monitor.store import Store

HOOK_PATH = "/hooks/alerts"
CHANNEL = "team-webhook"
# URL path -> (bundled file, content type)
ROUTES = {
    "/lab/feed.xml": ("lab.xml", "application/rss+xml"),
    "/lab/atlas-4-safeguards.html": ("atlas-4-safeguards.html", "text/html"),
    "/lab/interpretability-year.html": ("interpretability-year.html", "text/html"),
    "/commission/feed.atom": ("regulator.atom", "application/atom+xml"),
    "/news/feed.xml": ("security.xml", "application/rss+xml"),
    "/policy/": ("policy-index.html", "text/html"),
    "/policy/governor-signs-frontier-ai-safety-act.html": ("governor-signs-frontier-ai-safety-act.html", "text/html"),
    "/policy/attorney-general-sues-chatbot-maker.html": ("attorney-general-sues-chatbot-maker.html", "text/html"),
}
# In the bundled files, {rfc822:DAYS:HH:MM} and {iso:DAYS:HH:MM} are that time, DAYS days before today (UTC).
_WHEN = re.compile(r"\{(rfc822|iso):(\d+):(\d\d):(\d\d)\}")


def demo_sources(base: str) -> list[Source]:
    # allow_private: the demo's article links point at this loopback server.
    common = {"allow_private": True, "interval": "15m"}
    return [
        Source(id="northwind-news", name="Northwind AI News", url=f"{base}/lab/feed.xml", kind="rss",
               tags=["lab"], **common),
        Source(id="demo-commission", name="Demo Commission", url=f"{base}/commission/feed.atom", kind="atom",
               tags=["regulator", "eu"], full_text="never", **common),
        Source(id="packet-wire", name="Packet Wire", url=f"{base}/news/feed.xml", kind="rss",
               tags=["security-news"], full_text="never", **common),  # its feed carries the whole articles
        Source(id="state-policy-watch", name="State AI Policy Watch", url=f"{base}/policy/", kind="html",
               selector="ul.posts a.post", tags=["policy-news", "us-state"], **common),
    ]


def demo_alerting(hook_url: str) -> AlertConfig:
    """The built-in rules (tier changes and regulatory moves), sent to the demo's webhook."""
    rules = [rule | {"notify": [CHANNEL]} for rule in DEFAULT_CONFIG["rules"]]
    digests = [digest | {"channels": [CHANNEL]} for digest in DEFAULT_CONFIG["digests"]]
    return parse_config({"channels": {CHANNEL: {"type": "webhook", "url": hook_url}}, "rules": rules,
                         "digests": digests}, "(demo)")


class DemoServer:
    """The demo site on 127.0.0.1, with ETag / If-None-Match like a real web server, and a webhook
    that keeps what it receives."""

    def __init__(self, today: datetime | None = None):
        self.today = (today or clock.now()).astimezone(UTC)
        self.received: list[dict] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        self.hook_url = self.base + HOOK_PATH
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> DemoServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def page(self, name: str) -> str:
        """A bundled file with this server's address and dates relative to today."""
        return _WHEN.sub(self._when, _bundled(name).replace("{base}", self.base))

    def _when(self, match: re.Match) -> str:
        style, days, hour, minute = match.group(1), int(match.group(2)), int(match.group(3)), int(match.group(4))
        moment = (self.today - timedelta(days=days)).replace(hour=hour, minute=minute, second=0, microsecond=0)
        return format_datetime(moment) if style == "rfc822" else clock.iso(moment)

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                route = ROUTES.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404)
                    return
                body = server.page(route[0]).encode()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self._answer(200, body, route[1], etag)

            def do_POST(self):
                if self.path != HOOK_PATH:
                    self.send_error(404)
                    return
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.received.append(json.loads(body or b"{}"))
                self._answer(200, b'{"ok": true}', "application/json")

            def _answer(self, status: int, body: bytes, content_type: str, etag: str | None = None):
                self.send_response(status)
                self.send_header("Content-Type", f"{content_type}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


def _bundled(name: str) -> str:
    return resources.files("monitor.cli").joinpath("demo", name).read_text(encoding="utf-8")


def run_demo(db_path: str, echo: Callable[[str], None] = print) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(db_path + suffix).unlink(missing_ok=True)
    shutil.rmtree(index_path(db_path), ignore_errors=True)
    with DemoServer() as server, Store(db_path) as store:
        config = LoadedSources("(demo)", demo_sources(server.base))
        config.policy = replace(config.policy, host_delay=0.05)
        alerting = demo_alerting(server.hook_url)
        echo(f"Serving a demo site on {server.base} (loopback only: nothing leaves this machine), with a webhook\n"
             f"at {server.hook_url} standing in for your team's chat. Archive: {db_path}")
        _crawl(store, config, echo)
        with catching_up(store):  # so the searches it suggests run at once
            _labels(store, echo)
        raised = raise_alerts(store, alerting)
        _tracker_and_moves(store, echo)
        _alerts(store, alerting, server, raised, echo)
        _digest(store, alerting, echo)
        _explore(store, db_path, echo)


def _heading(echo: Callable[[str], None], title: str) -> None:
    echo(f"\n== {title} " + "=" * max(0, 76 - len(title)))


def _crawl(store: Store, config: LoadedSources, echo: Callable[[str], None]) -> None:
    _heading(echo, "1. Crawl: four sources, feeds and a page without a feed")
    first = crawl(store, config)
    echo(table(["source", "outcome", "new", "note"],
               [[s.source_id, s.outcome, s.new, shorten(s.message or "", 60)] for s in first.sources]))
    second = crawl(store, config)
    echo(f"Crawled again: {second.count('not_modified')} of {len(second.sources)} sources answered 304 Not Modified "
         f"(conditional GET), {second.new} new articles.")


def _labels(store: Store, echo: Callable[[str], None]) -> None:
    labeller = Labeller()
    labelled = labeller.label(store)
    _heading(echo, "2. Labels: relevance, action, jurisdiction, themes, risk tiers")
    if not labelled:
        echo(f"Not labelled: {labeller.error}")
        return
    recent = store.articles.recent(limit=20)
    labels = store.labels.get_many([a["id"] for a in recent])
    echo(table(["id", "published", "source", "title", "labels"],
               [[a["id"], a["published"][:10], a["source_id"], shorten(a["title"], 46),
                 shorten(label_words(labels.get(a["id"])), 62)] for a in recent]))
    stories = store.stories.multi_source()
    echo(f"{labelled.classified} articles labelled, {labelled.relevant} relevant; {len(stories)} stories were "
         "carried by more than one outlet (grouped as one story: one alert, one digest entry).")


def _tracker_and_moves(store: Store, echo: Callable[[str], None]) -> None:
    _heading(echo, "3. Tier tracker: each model's current risk level, and the levels before it")
    echo(tier_table(store.events.tiers()))
    _heading(echo, "4. Regulatory moves: instrument, jurisdiction, stage (when the text tells it)")
    echo(moves_table(store.events.moves()))


def _alerts(store: Store, alerting: AlertConfig, server: DemoServer, raised, echo: Callable[[str], None]) -> None:
    delivery = deliver_pending(store, alerting)
    _heading(echo, "5. Alerts: raised by the default rules, delivered to the webhook")
    echo(alerts_table(store.events.alerted()))
    echo(f"{raised.alerts} alerts raised, {delivery.sent} delivered; the webhook received:")
    for message in server.received:
        echo(f"  {message['subject']}")
        echo(f"      why: rule {', '.join(message['why']['rules'])}; {message['why']['labels']}")
    if delivery.errors:
        echo(f"  delivery failed: {delivery.errors[0]['error']}")


def _digest(store: Store, alerting: AlertConfig, echo: Callable[[str], None]) -> None:
    _heading(echo, "6. The daily digest, previewed (`monitor digest daily --preview`)")
    result = preview_digest(store, alerting, "daily")
    echo(render("digest.txt", m=result.message).rstrip())


def _explore(store: Store, db_path: str, echo: Callable[[str], None]) -> None:
    tracked = store.events.tiers()
    tier_article = tracked[0]["history"][-1]["article_id"] if tracked else 1
    _heading(echo, "Explore the demo archive")
    echo("\n".join([
        f"  monitor tiers --db {db_path}                  # the tier tracker",
        f"  monitor moves --db {db_path}                  # regulatory moves",
        f"  monitor alerts --db {db_path}                 # alerts and their deliveries",
        f"  monitor show {tier_article} --db {db_path}                 # one article with its labels and evidence",
        f"  monitor search safeguards --db {db_path} --theme cyber",
        f"  monitor serve --db {db_path} --port 8081      # the dashboard at http://127.0.0.1:8081",
        "Then set up your own sources and channels: `monitor crawl`, `cp monitor.example.yaml monitor.yaml`, "
        "`monitor run`.",
    ]))
