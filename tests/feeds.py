"""Small feeds and pages written for the tests."""

import random
from pathlib import Path
from email.utils import format_datetime
from datetime import UTC, datetime, timedelta

BASE_DATE = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
# monitor.yaml's built-in defaults as a file: `--config` for tests that must not read a monitor.yaml
# of the working folder (a --config naming no file is an error).
ALERTING_DEFAULTS = Path(__file__).with_name("data") / "alerting-defaults.yaml"


VOCABULARY = (
    "officials said the measure would take effect next year after a review of comments from industry groups "
    "civil society and researchers who had asked for clearer rules on testing models before release while "
    "companies warned that compliance costs could slow research and push startups abroad the agency plans "
    "hearings in spring and a final text by autumn lawmakers in both chambers support parts of the proposal "
    "critics want independent audits incident reporting whistleblower protection and public registries of "
    "high risk systems used in hiring lending housing policing schools hospitals and elections"
).split()


def paragraph(topic: str, words: int = 120) -> str:
    """Prose about `topic` that no other topic's prose shares runs of words with."""
    pick = random.Random(topic)
    return f"{topic}. " + " ".join(pick.choice(VOCABULARY) for _ in range(words)) + f" ({topic})."


def rss(items: list[dict], title: str = "Test feed") -> str:
    """RSS 2.0 from dicts with title, link and optional guid, description, content, date, category."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>http://example.invalid/</link><description>t</description>"
        + "".join(_item(item) for item in items)
        + "</channel></rss>"
    )


def _item(item: dict) -> str:
    parts = [f"<title>{item['title']}</title>"]
    if item.get("link"):
        parts.append(f"<link>{item['link']}</link>")
    if item.get("guid"):
        parts.append(f'<guid isPermaLink="false">{item["guid"]}</guid>')
    if item.get("date") is not False:
        parts.append(f"<pubDate>{format_datetime(item.get('date') or BASE_DATE)}</pubDate>")
    if item.get("description"):
        parts.append(f"<description><![CDATA[{item['description']}]]></description>")
    if item.get("content"):
        parts.append(f"<content:encoded><![CDATA[<p>{item['content']}</p>]]></content:encoded>")
    return "<item>" + "".join(parts) + "</item>"


def article_page(title: str, body: str, published: datetime | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published.isoformat()}">' if published else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{meta}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/about'>About us</a></nav>"
        f"<main><article><h1>{title}</h1>{paragraphs}</article></main>"
        "<footer>Copyright, privacy policy, terms of use.</footer></body></html>"
    )


def days_ago(days: int) -> datetime:
    return BASE_DATE - timedelta(days=days)
