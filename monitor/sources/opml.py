"""OPML import and export: the feed-reader convention for moving subscriptions around."""

import xml.etree.ElementTree as ET
from pathlib import Path

from monitor.sources import Source, format_duration
from monitor.sources.edit import entries, load_document, new_entry, save_document, slug


class OpmlError(Exception):
    pass


def to_opml(sources: list[Source]) -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "AI risk monitor sources"
    body = ET.SubElement(root, "body")
    for source in sources:
        attributes = {"text": source.display_name, "title": source.display_name,
                      "type": "rss" if source.kind != "html" else "link", "category": ",".join(source.tags)}
        attributes["xmlUrl" if source.kind != "html" else "htmlUrl"] = source.url
        ET.SubElement(body, "outline", {k: v for k, v in attributes.items() if v})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def read_opml(path: str | Path) -> list[dict]:
    """Feed entries of an OPML file: each outline with an xmlUrl, tagged with its parent folders."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise OpmlError(f"{path}: not valid OPML/XML ({error})") from None
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise OpmlError(f"{path}: not an OPML file (no <opml><body>)")
    return list(_feeds(body, []))


def _feeds(element: ET.Element, folders: list[str]):
    for outline in element.findall("outline"):
        title = outline.get("title") or outline.get("text") or ""
        url = outline.get("xmlUrl")
        if url:
            categories = [c.strip().strip("/") for c in (outline.get("category") or "").split(",") if c.strip()]
            yield {"name": title, "url": url, "tags": folders + categories}
        else:
            yield from _feeds(outline, folders + ([slug(title)] if title else []))


def import_opml(opml_path: str | Path, sources_path: str | Path) -> tuple[list[str], int]:
    """Append the OPML's new feeds to sources.yaml, keeping its comments. Returns (added ids, skipped)."""
    feeds = read_opml(opml_path)
    document = load_document(sources_path)
    known_urls = {str(e.get("url")) for e in entries(document)}
    known_ids = {str(e.get("id")) for e in entries(document)}
    added, skipped = [], 0
    for feed in feeds:
        if feed["url"] in known_urls:
            skipped += 1
            continue
        entry = new_entry(known_ids, url=feed["url"], title=feed["name"], tags=tuple(sorted(set(feed["tags"]))))
        entry["interval"] = format_duration(1800)
        document["sources"].append(entry)
        known_ids.add(entry["id"])
        known_urls.add(feed["url"])
        added.append(entry["id"])
    save_document(sources_path, document)
    return added, skipped
