"""One bad entry costs that entry only: the rest of the feed is stored, the bad one is skipped,
counted and named in the crawl summary, its JSON and the source's health.

A real `monitor crawl` subprocess on a loopback feed, and the crawl library for a list page.
"""

import json
import subprocess
import sys
from pathlib import Path

from monitor.crawl.crawler import crawl
from monitor.store import Store
from monitor.search import search_articles
from tests.feeds import ALERTING_DEFAULTS
from tests.feeds import paragraph, rss
from tests.crawl.test_crawler import config, source

REPO = Path(__file__).resolve().parents[2]
BAD_PORT = "http://127.0.0.1:99999/x"
BAD_PORT_NAME = "http://example.org:port/x"
BAD_HOST = "http://[::1/broken"  # feedparser drops such a link from RSS; JSON Feed keeps it


def good_items(server, count: int = 4) -> list[dict]:
    return [{"title": f"Agency adopts AI rule {n}", "link": f"{server.url}/rule/{n}", "guid": f"rule-{n}",
             "content": paragraph(f"rule {n}")} for n in range(count)]


def monitor(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "monitor", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=REPO)


def test_a_bad_link_is_skipped_counted_and_named_and_the_good_items_are_stored(tmp_path, loopback):
    items = good_items(loopback)
    items.insert(2, {"title": "Link with an impossible port", "link": BAD_PORT, "guid": "bad-port",
                     "content": paragraph("bad port")})
    items.append({"title": "Link with a port that is no number", "link": BAD_PORT_NAME, "guid": "bad-port-name",
                  "content": paragraph("bad port name")})
    loopback.route("/feed.xml", rss(items))
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - id: rules\n    url: {loopback.url}/feed.xml\n    full_text: never\n")
    db = tmp_path / "archive.db"

    done = monitor("crawl", "--db", db, "--sources", sources, "--config", ALERTING_DEFAULTS)

    assert done.returncode == 0, done.stderr
    assert "4 new articles" in done.stdout and "2 bad feed entries skipped" in done.stdout
    assert "2 bad entries skipped: " in done.stdout
    with Store(db) as store:
        titles = [hit.title for hit in search_articles(store, "", order="newest", limit=10).hits]
    assert sorted(titles) == [f"Agency adopts AI rule {n}" for n in range(4)]
    health = json.loads(monitor("sources", "--db", db, "--sources", sources, "--json").stdout)[0]
    assert health["last_status"] == "ok" and health["last_error_cause"] == "bad_entries"
    assert health["last_error"].startswith(f"2 bad entries skipped: {BAD_PORT}: port out of range 0-65535")

    report = json.loads(monitor("crawl", "--db", db, "--sources", sources, "--config", ALERTING_DEFAULTS,
                                "--force", "--json").stdout)
    assert report["sources"][0]["outcome"] in ("ok", "not_modified")
    if report["sources"][0]["outcome"] == "ok":
        assert report["sources"][0]["bad_entries"] == 2


def test_a_json_feed_item_with_a_broken_host_is_skipped(loopback, tmp_path):
    items = [{"id": f"rule-{n}", "url": f"{loopback.url}/rule/{n}", "title": f"Agency adopts AI rule {n}",
              "content_text": paragraph(f"rule {n}")} for n in range(2)]
    items.append({"id": "bad", "url": BAD_HOST, "title": "Broken", "content_text": paragraph("broken")})
    loopback.route("/feed.json", json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Rules",
                                             "items": items}), content_type="application/feed+json")
    with Store(tmp_path / "archive.db") as store:
        report = crawl(store, config(source(loopback, "/feed.json", full_text="never")))
        assert (report.sources[0].outcome, report.sources[0].new, report.sources[0].bad_entries) == ("ok", 2, 1)
        assert report.sources[0].message == f"1 bad entry skipped: {BAD_HOST}: invalid IPv6 URL"


def test_a_list_page_with_a_bad_link_stores_the_others(loopback, tmp_path):
    links = "".join(f'<li><a href="/a/{n}">AI rule {n} adopted</a></li>' for n in range(3))
    loopback.route("/news", f'<html><body><ul class="list">{links}<li><a href="{BAD_PORT}">Bad</a></li>'
                            f'<li><a href="{BAD_HOST}">Worse</a></li></ul></body></html>', content_type="text/html")
    for n in range(3):
        loopback.route(f"/a/{n}", f"<html><body><article><h1>AI rule {n} adopted</h1><p>{paragraph(f'r{n}')}</p>"
                                  "</article></body></html>", content_type="text/html")
    page = source(loopback, "/news", "news", kind="html", selector="ul.list a", allow_private=True)
    with Store(tmp_path / "archive.db") as store:
        report = crawl(store, config(page))
        assert (report.sources[0].outcome, report.sources[0].new, report.sources[0].bad_entries) == ("ok", 3, 1)
        assert BAD_PORT in report.sources[0].message
