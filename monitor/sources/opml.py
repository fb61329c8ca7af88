"""OPML import and export: the feed-reader convention for moving subscriptions around."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ruamel.yaml import YAML

from monitor.sources import Source, format_duration


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
            yield from _feeds(outline, folders + ([_slug(title)] if title else []))


def import_opml(opml_path: str | Path, sources_path: str | Path) -> tuple[list[str], int]:
    """Append the OPML's new feeds to sources.yaml, keeping its comments. Returns (added ids, skipped)."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    path = Path(sources_path)
    document = yaml.load(path.read_text(encoding="utf-8")) if path.exists() else None
    if document is None:
        document = {"sources": []}
    entries = document.setdefault("sources", [])
    known_urls = {str(e.get("url")) for e in entries if hasattr(e, "get")}
    known_ids = {str(e.get("id")) for e in entries if hasattr(e, "get")}
    added, skipped = [], 0
    for feed in read_opml(opml_path):
        if feed["url"] in known_urls:
            skipped += 1
            continue
        source_id = _unique(_slug(feed["name"] or feed["url"]), known_ids)
        entry = {"id": source_id, "name": feed["name"] or source_id, "url": feed["url"],
                 "interval": format_duration(1800)}
        if feed["tags"]:
            entry["tags"] = sorted(set(feed["tags"]))
        entries.append(entry)
        known_ids.add(source_id)
        known_urls.add(feed["url"])
        added.append(source_id)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(document, out)
    return added, skipped


def _slug(text: str) -> str:
    text = re.sub(r"^https?://(www\.)?", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:48] or "feed"


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
