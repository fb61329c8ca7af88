"""Atom 1.0 documents (RFC 4287): the one writer behind the monitor's feeds (alerts, saved searches).

Feed text now and then carries characters that XML 1.0 does not allow, even escaped; they are
dropped from every text and attribute here, so a feed reader never chokes on one of ours.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed() -> ET.Element:
    """An empty <feed> in the Atom namespace (written without prefixes)."""
    ET.register_namespace("", ATOM)
    return ET.Element(f"{{{ATOM}}}feed")


def add(parent: ET.Element, tag: str, text=None, **attributes) -> ET.Element:
    """A child element of the Atom namespace, with its text and attributes made XML-safe."""
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _xml_safe(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _xml_safe(text)
    return element


def document(root: ET.Element) -> str:
    """The feed as the text of a UTF-8 document, indented for people who read the file."""
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _xml_safe(value) -> str:
    return _NOT_XML.sub("", str(value))
