"""`monitor demo`: the whole path offline.

Serves the bundled demo feeds and pages (fictional organisations, written for this
demo) on a loopback port, crawls them twice (the second time the server answers 304 Not
Modified), and prints a tour of the archive: sources, stories carried by several
outlets, a search, one article.
"""

import hashlib
import threading
from collections.abc import Callable
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from monitor.classify.archive import Labeller
from monitor.cli.output import shorten, table
from monitor.crawl.crawler import crawl
from monitor.records import Labels
from monitor.sources import LoadedSources, Source
from monitor.store import Store
from monitor.search import highlight, search_articles

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


def demo_sources(base: str) -> list[Source]:
    # allow_private: the demo's article links point at this loopback server.
    common = {"allow_private": True, "interval": "15m"}
    return [
        Source(id="northwind-news", name="Northwind AI News", url=f"{base}/lab/feed.xml", kind="rss",
               tags=["lab"], **common),
        Source(id="demo-commission", name="Demo Commission", url=f"{base}/commission/feed.atom", kind="atom",
               tags=["regulator", "eu"], full_text="never", **common),
        Source(id="packet-wire", name="Packet Wire", url=f"{base}/news/feed.xml", kind="rss",
               tags=["security-news"], **common),
        Source(id="state-policy-watch", name="State AI Policy Watch", url=f"{base}/policy/", kind="html",
               selector="ul.posts a.post", tags=["policy-news", "us-state"], **common),
    ]


class DemoServer:
    """The demo site on 127.0.0.1, with ETag / If-None-Match like a real web server."""

    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "DemoServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                route = ROUTES.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404)
                    return
                body = _bundled(route[0]).replace("{base}", server.base).encode()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", f"{route[1]}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
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
    with DemoServer() as server, Store(db_path) as store:
        config = LoadedSources("(demo)", demo_sources(server.base))
        config.policy = replace(config.policy, host_delay=0.05)
        echo(f"Serving the demo site on {server.base} (loopback only); archive: {db_path}\n")
        first = crawl(store, config)
        echo("First crawl:")
        echo(table(["source", "outcome", "new", "note"],
                   [[s.source_id, s.outcome, s.new, shorten(s.message or "", 60)] for s in first.sources]))
        second = crawl(store, config)
        unchanged = second.count("not_modified")
        echo(f"\nSecond crawl: {unchanged} of {len(second.sources)} sources answered 304 Not Modified "
             f"(conditional GET); {second.new} new articles.\n")
        labelled = Labeller().label(store)
        if labelled:
            echo(f"Classifier: {labelled}.\n")
        _tour(store, db_path, echo)


def _labels(labels: Labels | None) -> str:
    if not labels:
        return ""
    if not labels.relevant:
        return "not relevant"
    if labels.tier:
        return f"tier: {labels.tier.framework} {labels.tier.category} {labels.tier.level}"
    where = ",".join(labels.jurisdiction)
    return labels.action + (f" ({where})" if where else "")


def _tour(store: Store, db_path: str, echo: Callable[[str], None]) -> None:
    echo(f"The archive holds {store.articles.count()} articles:")
    recent = store.articles.recent(limit=20)
    labels = store.labels.get_many([a["id"] for a in recent])
    echo(table(["id", "published", "source", "title", "labels"],
               [[a["id"], a["published"][:10], a["source_id"], shorten(a["title"], 56), _labels(labels.get(a["id"]))]
                for a in recent]))
    stories = store.stories.multi_source()
    echo(f"\n{len(stories)} stories were carried by more than one source:")
    for story in stories:
        echo(f"  story {story['id']}: {shorten(story['title'], 70)}")
        for article in store.articles.in_story(story["id"]):
            echo(f"      [{article['id']}] {article['source_name']}: {shorten(article['title'], 60)}")
    query = '"systemic risk" OR "High capability"'
    results = search_articles(store, query, limit=5)
    echo(f"\nmonitor search '{query}' --db {db_path}")
    for hit in results.hits:
        echo(f"  [{hit.id}] {hit.title}\n      {highlight(' '.join(hit.snippet.split()), '[', ']')}")
    echo("\nTry next:\n"
         f"  monitor search 'safeguards' --db {db_path} --json\n"
         f"  monitor show {results.hits[0].id if results.hits else 1} --db {db_path}\n"
         f"  monitor sources --db {db_path} --sources sources.yaml   # the real sources")
