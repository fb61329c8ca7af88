"""Atom (RFC 4287) for a saved search: `/search.atom?q=...` in any feed reader, newest first."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from monitor import clock

ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 does not allow, even escaped; feeds carry them now and then.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    return _NOT_XML.sub("", str(value or ""))


def search_feed(page: dict, *, title: str, self_url: str, html_url: str, base_url: str) -> bytes:
    """The hits of a search page (views.search) as an Atom feed."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "title", title)
    _add(feed, "id", self_url)
    newest = max((hit["published"] for hit in page["hits"]), default=None)
    _add(feed, "updated", newest or clock.iso(clock.now()))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=html_url)
    _add(feed, "generator", "AI risk-signal monitor")
    for hit in page["hits"]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        here = f"{base_url}/articles/{hit['id']}"
        _add(entry, "title", hit["title"] or "(untitled)")
        _add(entry, "id", hit["url"] or f"{base_url}/articles/{hit['id']}")
        _add(entry, "updated", hit["published"])
        _add(entry, "published", hit["published"])
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _add(author, "name", hit["source_name"])
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=hit["url"] or here)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", type="text/html", href=here)
        _add(entry, "summary", hit["snippet"], type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False)


def _add(parent: ET.Element, name: str, text, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", **attributes)
    element.text = _text(text)
    return element
