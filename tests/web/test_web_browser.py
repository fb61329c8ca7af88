"""End to end in real headless Chromium: look around, search, filter, correct a label; hostile feeds.

Needs Debian's chromium (/usr/bin/chromium) and the Python playwright package; skips without
them. Screenshots at laptop and phone widths land in benchmarks/out/screens/ (gitignored).
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.crawl.crawler import crawl
from monitor.records import ArticleRecord
from monitor.sources import FetchPolicy, LoadedSources, Source
from monitor.store import Store
from monitor.web.app import create_app
from monitor.search import search_articles
from tests.feeds import rss
from tests.loopback import LoopbackServer
from tests.web_support import LAPTOP, PHONE, T0, WebServer, build_archive, chromium, screenshot

HOSTILE_TERM = "zanzibarquokka"  # a word only the hostile articles carry, to find them


@pytest.fixture(scope="module")
def beacon():
    """Where injected script would report to, if any ran."""
    with LoopbackServer() as server:
        server.route("/pwned", "", content_type="text/plain")
        yield server


@pytest.fixture(scope="module")
def archive(tmp_path_factory, beacon):
    archive = build_archive(tmp_path_factory.mktemp("browser") / "archive.db")
    archive.hostile = add_hostile_articles(archive.path, beacon.url)
    return archive


@pytest.fixture(scope="module")
def site(archive):
    with WebServer(create_app(archive.path)) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    with chromium() as context:
        yield context


@pytest.fixture
def page(browser):
    page = browser.new_page()
    page.set_viewport_size(LAPTOP)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    page.close()


def payloads(beacon: str) -> dict[str, str]:
    run = f"window.__pwned=1;fetch('{beacon}/pwned')"
    return {
        "script": f"<script>{run}</script>",
        "img": f'<img src="x" onerror="{run}">',
        "svg": f'<svg onload="{run}"></svg>',
        "title_breakout": f"</title><script>{run}</script>",
        "attribute_breakout": f'" onmouseover="{run}" x="',
        "link": f'<a href="javascript:{run}">click me</a>',
        "iframe": f'<iframe src="javascript:{run}"></iframe>',
        "style": f"<style>body{{background:url('{beacon}/pwned')}}</style>",
    }


def add_hostile_articles(path: Path, beacon: str) -> list[int]:
    """Hostile items two ways: crawled from a loopback feed through the real pipeline, and stored
    directly (so links the crawler would drop, such as javascript: ones, reach the page too)."""
    evil = payloads(beacon)
    items = [
        {"title": f"{HOSTILE_TERM} {evil['title_breakout']} {evil['attribute_breakout']}",
         "link": None, "guid": f"evil-{name}",
         "content": f"{HOSTILE_TERM} report. {payload} The rest of the story, long enough to keep. " * 12,
         "description": payload, "date": T0 - timedelta(hours=n)}
        for n, (name, payload) in enumerate(evil.items())
    ]
    with LoopbackServer() as feed_server, Store(path) as store:
        for item in items:
            item["link"] = f"{feed_server.url}/story/{item['guid']}"
        feed_server.route("/evil.xml", rss(items, title=f"Evil feed {evil['script']}"))
        source = Source(id="evil-feed", name=f"Evil {evil['script']}", url=f"{feed_server.url}/evil.xml",
                        allow_private=True, full_text="never")
        config = LoadedSources("test", [source], policy=FetchPolicy(host_delay=0, retries=0))
        # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
        with ThreadPoolExecutor(1) as pool:
            report = pool.submit(crawl, store, config).result()
        assert report.sources[0].outcome == "ok", report.sources[0].message
        ids = [hit.id for hit in search_articles(store, HOSTILE_TERM, limit=50).hits]
        direct = ArticleRecord(
            source_id="evil-feed", url=f"javascript:{evil['script']}", link=f"javascript:fetch('{beacon}/pwned')",
            guid="direct", title=f"{HOSTILE_TERM} direct {evil['title_breakout']}",
            summary=evil["img"], text=f"{HOSTILE_TERM} " + " ".join(evil.values()), text_source="feed",
            published=T0, published_estimated=False, seen_at=T0, content_hash="evil",
            authors=[evil["svg"]], tags=[evil["link"]])
        with store.transaction():
            ids.append(store.articles.insert(direct))
            store.stories.start(ids[-1], direct.title, T0)
    return ids


def assert_no_script_ran(page, beacon) -> None:
    assert page.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 0
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
        ".filter(n => n.startsWith('on'))")
    assert handlers == []
    assert page.evaluate("[...document.querySelectorAll('[href],[src]')].map(e => e.getAttribute('href') || "
                         "e.getAttribute('src')).filter(u => !/^(https?:|\\/|#)/i.test(u.trim()))") == []
    assert page.evaluate("document.querySelectorAll('iframe,object,embed,style,img').length") == 0
    assert beacon.requests_to("/pwned") == []


def test_hostile_feed_content_is_shown_as_text_and_never_runs(page, site, archive, beacon):
    pages = [f"/search?q={HOSTILE_TERM}", "/", "/sources", f"/search?q={HOSTILE_TERM}&order=newest"]
    pages += [f"/articles/{article_id}" for article_id in archive.hostile]
    for path in pages:
        page.goto(site.url + path)
        page.mouse.move(200, 300)  # an onmouseover would fire now
        assert_no_script_ran(page, beacon)
    page.goto(f"{site.url}/articles/{archive.hostile[-1]}")
    assert "</title><script>" in page.locator("h1").inner_text()  # the payload reads as text
    assert page.locator("a.ext").count() == 0  # its javascript: link is not offered at all
    page.goto(f"{site.url}/search?q={HOSTILE_TERM}")
    assert page.locator("ol.hits > li").count() == len(archive.hostile)
    screenshot(page, "web-hostile-search-laptop")


def test_dashboard_search_facet_article_and_a_label_correction_that_sticks(page, site, archive):
    page.goto(site.url + "/")
    assert page.locator("#alerts li").count() == 2
    assert page.locator("#tiers a.level").inner_text() == "High"
    assert page.locator("#chart svg").count() >= 1
    screenshot(page, "web-dashboard-laptop")

    page.fill("header input[name=q]", "hearing")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=hearing")
    assert page.locator("ol.hits > li").count() == 20
    assert page.locator("ol.hits mark").first.inner_text().lower() == "hearing"
    screenshot(page, "web-search-laptop")

    page.locator("#facet-source ~ ul a", has_text="Packet Wire").click()
    page.wait_for_url("**/search?q=hearing&source=packet-wire")
    assert page.locator(".summary").inner_text().startswith("13 matches")
    assert all(meta.startswith("Packet Wire") for meta in page.locator("ol.hits .meta").all_inner_texts())
    screenshot(page, "web-search-facet-laptop")

    page.locator("ol.hits h3 a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text().startswith("Hearing number")

    page.goto(f"{site.url}/articles/{archive.tier}")
    page.locator("details.edit summary").click()
    page.locator("details.edit label", has_text="Privacy").locator("input").check()
    page.locator("details.edit button", has_text="Save labels").click()
    page.wait_for_url(f"**/articles/{archive.tier}?saved=1#labels")
    assert "Saved." in page.locator("#labels .saved").inner_text()
    page.goto(f"{site.url}/articles/{archive.tier}")  # a fresh load: the correction stuck
    assert page.locator("#labels .badge.analyst").count() == 1
    assert page.locator("#labels .chip.label").all_inner_texts()[1].startswith("Privacy")
    screenshot(page, "web-article-corrected-laptop")

    page.locator("#labels button[aria-label='Remove theme Privacy']").click()  # one click
    page.wait_for_url("**?saved=1#labels")
    assert [t.split()[0] for t in page.locator("#labels .chip.label").all_inner_texts()] == ["Cyber"]


def test_pages_read_well_on_a_phone(page, site, archive):
    page.set_viewport_size(PHONE)
    for name, path in [("dashboard", "/"), ("search", "/search?q=hearing"), ("article", f"/articles/{archive.tier}"),
                       ("sources", "/sources")]:
        page.goto(site.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone by {overflow}px"
        screenshot(page, f"web-{name}-phone")
    page.set_viewport_size(LAPTOP)
    for name, path in [("article", f"/articles/{archive.tier}"), ("sources", "/sources")]:
        page.goto(site.url + path)
        screenshot(page, f"web-{name}-laptop")
