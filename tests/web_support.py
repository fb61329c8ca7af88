"""Real peers for the web tests: the app under uvicorn on a free loopback port, and Chromium.

    with WebServer(create_app(db_path)) as server:
        httpx.get(f"{server.url}/search.json?q=act")

    with chromium() as browser:                     # skips the test when /usr/bin/chromium is absent
        page = browser.new_page()
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn

from monitor.records import FetchRecord
from monitor.sources import Source
from monitor.store import Store
from tests import alert_support

CHROMIUM = Path(os.environ.get("MONITOR_CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium keeps dialling out, which this machine refuses.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SCREENS = Path(__file__).resolve().parent.parent / "benchmarks" / "out" / "screens"


class WebServer:
    """uvicorn serving an ASGI app in a thread, on 127.0.0.1 and a port the OS picked."""

    def __init__(self, app, host: str = "127.0.0.1"):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.url = f"http://{host}:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> WebServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@contextlib.contextmanager
def chromium() -> Iterator:
    """Debian's Chromium driven by Playwright, with a fresh profile; skips when it is missing."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium); browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright==1.65.2")
    with tempfile.TemporaryDirectory(prefix="monitor-chromium-") as profile, sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport=LAPTOP, service_workers="block",
        )
        try:
            yield context
        finally:
            context.close()


def screenshot(page, name: str) -> Path:
    """Full-page PNG into benchmarks/out/screens/ (gitignored), to look at."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# An archive to look at -----------------------------------------------------------------------

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SOURCES = [("northwind-news", "Northwind AI News"), ("packet-wire", "Packet Wire"),
           ("demo-commission", "Demo Commission"), ("quiet-blog", "Quiet Blog")]
FILLER = ("Lawmakers held a hearing on rules for testing models before release. Officials said the measure "
          "would take effect next year after a review of comments from industry groups and researchers. ")


@dataclass
class Archive:
    path: Path
    tier: int  # the article that reports Atlas-4's new level (High)
    tier_copy: int  # another outlet's copy of that story
    tier_before: int  # the earlier level (Medium)
    move: int  # a regulatory move
    hearings: list[int]  # 25 articles that match "hearing", for paging and facets


def add_article(store: Store, source_id: str, title: str, text: str, published: datetime,
                story_id: int | None = None, url: str | None = None) -> int:
    return alert_support.add_article(store, source_id, title, text=text, url=url, published=published,
                                     story_id=story_id)


def tier_labels(level: str, direction: str) -> dict:
    return {"relevant": True, "themes": ["cyber"], "action": "tier_change", "jurisdiction": [],
            "tier": {"org": "northwind", "model": "Atlas-4", "framework": "preparedness", "category": "cyber",
                     "level": level, "direction": direction, "names": {"org": "Northwind", "model": "Atlas-4"}},
            "scores": {"relevant": 0.97, "themes": {"cyber": 0.91}, "action": 0.93},
            "evidence": [f"Northwind said it is treating Atlas-4 as {level.title()} capability in cybersecurity."]}


def build_archive(path: Path) -> Archive:
    """Four sources (one failing), a tier change carried by two outlets with an earlier level,
    a regulatory move, 25 hearings; model labels and the alerts they raise, when those stages exist."""
    with Store(path) as store:
        store.sources.sync([Source(id=i, name=n, url=f"https://{i}.example/feed.xml") for i, n in SOURCES])
        for hours in (3, 1):
            store.sources.record(FetchRecord(source_id="quiet-blog", url="https://quiet-blog.example/feed.xml",
                                             started_at=T0 - timedelta(hours=hours), outcome="error",
                                             http_status=503, cause="http_5xx",
                                             message="the server answered 503 Service Unavailable"))
        for source_id, _ in SOURCES[:3]:
            store.sources.record(FetchRecord(source_id=source_id, url=f"https://{source_id}.example/feed.xml",
                                             started_at=T0, outcome="ok", http_status=200, items_new=3))
        before = add_article(
            store, "northwind-news", "Northwind rates Atlas-4 Medium for cyber risk",
            "Under its preparedness framework Northwind rates Atlas-4 Medium in cybersecurity.\n\n"
            "The lab said it will publish a system card with its evaluations.",
            T0 - timedelta(days=40))
        tier = add_article(
            store, "northwind-news", "Northwind raises Atlas-4 to High for cyber risk, adds safeguards",
            "Northwind said it is treating Atlas-4 as High capability in cybersecurity under its preparedness "
            "framework, and activated stronger safeguards before release.\n\nThe company said the model found "
            "previously unknown flaws in widely used software during testing.", T0 - timedelta(days=2))
        copy = add_article(
            store, "packet-wire", "Atlas-4 is High risk for cyber, Northwind says, and adds safeguards",
            "Northwind is treating Atlas-4 as High capability in cybersecurity, the lab said, and activated "
            "stronger safeguards.", T0 - timedelta(days=2, hours=-3), story_id=store.articles.get(tier)["story_id"])
        move = add_article(
            store, "demo-commission", "Commission opens consultation on AI Act transparency guidelines",
            "The Commission opened a consultation on guidelines for the transparency obligations of the AI Act. "
            "Providers and deployers may comment until February.", T0 - timedelta(days=1))
        hearings = [
            add_article(store, ("packet-wire", "demo-commission")[n % 2], f"Hearing number {n} on model testing rules",
                        f"Hearing {n}. " + FILLER * 3, T0 - timedelta(days=3 + n))
            for n in range(25)
        ]
        _label_and_alert(store, before, tier, copy, move, hearings)
    return Archive(Path(path), tier, copy, before, move, hearings)


def _label_and_alert(store: Store, before: int, tier: int, copy: int, move: int, hearings: list[int]) -> None:
    try:
        from monitor.records import Labels
    except ImportError:
        return
    move_labels = {"relevant": True, "themes": [], "action": "regulation", "jurisdiction": ["eu"], "tier": None,
                   "scores": {"relevant": 0.95, "themes": {}, "action": 0.88},
                   "evidence": ["The Commission opened a consultation on guidelines for the transparency "
                                "obligations of the AI Act."]}
    privacy = {"relevant": True, "themes": ["privacy"], "action": "none", "jurisdiction": ["us"], "tier": None,
               "scores": {"relevant": 0.8, "themes": {"privacy": 0.7}, "action": 0.6}, "evidence": []}
    irrelevant = {"relevant": False, "themes": [], "action": "none", "jurisdiction": [], "tier": None,
                  "scores": {"relevant": 0.1, "themes": {}, "action": 0.9}, "evidence": []}
    items = [(before, tier_labels("medium", "new")), (tier, tier_labels("high", "up")),
             (copy, tier_labels("high", "up")), (move, move_labels)]
    items += [(h, privacy if n % 3 == 0 else irrelevant) for n, h in enumerate(hearings)]
    with store.transaction():
        store.labels.save_model_many([(i, Labels.from_dict(labels)) for i, labels in items], "test-model", T0)
    try:
        from monitor.alerts.config import DEFAULT_CONFIG, parse_config
        from monitor.alerts.events import raise_alerts
    except ImportError:
        return
    raise_alerts(store, parse_config(DEFAULT_CONFIG, "(defaults)"), now=T0)
