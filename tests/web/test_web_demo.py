"""After `monitor demo`, the dashboard shows what the monitor is for, at laptop and phone widths, in
real headless Chromium. Screenshots land in benchmarks/out/screens/demo-*.png, to look at."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from monitor.cli.demo import run_demo
from monitor.web.app import create_app
from tests.web_support import LAPTOP, PHONE, WebServer, chromium, screenshot


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    # In a thread of its own: the demo runs asyncio loops, and Playwright's sync API keeps one in this thread.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(run_demo, str(db), lambda line: None).result()
    with WebServer(create_app(db)) as server:
        yield server


@pytest.mark.parametrize("size, name", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_the_dashboard_after_the_demo_shows_alerts_the_tracker_and_moves(demo_site, size, name):
    with chromium() as browser:
        page = browser.new_page()
        page.set_viewport_size(size)
        page.goto(f"{demo_site.url}/")
        alerts = page.locator("#alerts").inner_text()
        assert "Tier change" in alerts and "Northwind AI · Atlas-4 · cyber · High" in alerts
        assert "Regulatory move" in alerts and "Frontier AI Safety Act: signed" in alerts
        tracker = page.locator("#tiers").inner_text()
        assert "Northwind AI · Atlas-4" in tracker and "Medium → High" in tracker
        assert "European Commission · Atlas-4" in tracker and "EU AI Act" in tracker
        moves = page.locator("#moves").inner_text()
        assert "US states" in moves and "Guidelines for AI transparency obligations: proposed" in moves
        latest = page.locator("#latest").inner_text()
        assert "and 1 other source" in latest and "Tier change" not in latest or "Northwind AI" in latest
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]  # nothing sideways
        screenshot(page, f"demo-dashboard-{name}")
        for path, shot in [("/search?q=safeguards", "search"), ("/articles/3", "article"), ("/sources", "sources")]:
            page.goto(demo_site.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], path
            screenshot(page, f"demo-{shot}-{name}")
