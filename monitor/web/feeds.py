"""Atom (RFC 4287) for a saved search: `/search.atom?q=...` in any feed reader, newest first."""

from __future__ import annotations

from monitor import clock
from monitor.notify import atom


def search_feed(page: dict, *, title: str, self_url: str, html_url: str, base_url: str) -> bytes:
    """The hits of a search page (views.search) as an Atom feed."""
    feed = atom.feed()
    atom.add(feed, "title", title)
    atom.add(feed, "id", self_url)
    newest = max((hit["published"] for hit in page["hits"]), default=None)
    atom.add(feed, "updated", newest or clock.iso(clock.now()))
    atom.add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    atom.add(feed, "link", rel="alternate", type="text/html", href=html_url)
    atom.add(feed, "generator", "AI risk-signal monitor")
    for hit in page["hits"]:
        entry = atom.add(feed, "entry")
        here = f"{base_url}/articles/{hit['id']}"
        atom.add(entry, "title", hit["title"] or "(untitled)")
        atom.add(entry, "id", hit["url"] or here)
        atom.add(entry, "updated", hit["published"])
        atom.add(entry, "published", hit["published"])
        author = atom.add(entry, "author")
        atom.add(author, "name", hit["source_name"] or "")
        atom.add(entry, "link", rel="alternate", type="text/html", href=hit["url"] or here)
        atom.add(entry, "link", rel="related", type="text/html", href=here)
        atom.add(entry, "summary", hit["snippet"], type="text")
    return atom.document(feed).encode()
