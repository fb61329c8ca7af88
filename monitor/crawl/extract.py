"""Extract step: an article page's HTML -> its main text and metadata.

`extract_article` runs trafilatura and, as a second opinion, readability-lxml, then keeps
trafilatura's text unless readability found clearly more of the same article (trafilatura
sometimes stops at the first of several body blocks split by ads or embeds). Metadata
(title, date, authors, canonical URL, language) is read from the page's own markup.

The text itself is laid out as everywhere in the archive (monitor/crawl/text.py).
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from readability import Document

from monitor.crawl.text import decode_html, html_to_text, one_line, parse_datetime, parseable, unique

__all__ = ["Article", "ExtractError", "extract_article"]

# readability-lxml logs every page it finds hard at INFO/WARNING; that is not our news.
logging.getLogger("readability.readability").setLevel(logging.ERROR)

MIN_ARTICLE_WORDS = 20
# Readability's text replaces trafilatura's when it is this many times longer and holds
# nearly all of trafilatura's words (so it is the same article, only more of it).
FALLBACK_LENGTH_RATIO = 1.8
FALLBACK_CONTAINMENT = 0.9

_WORD = re.compile(r"\w+")
_BYLINE_PREFIX = re.compile(r"^by\s+", re.I)
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "publishdate",
    "publish-date",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "date",
)
_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")


@dataclass
class Article:
    text: str
    title: str | None = None
    published: datetime | None = None
    authors: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    language: str | None = None


class ExtractError(Exception):
    """No article text could be found in a page; the message says which page and why."""


def extract_article(html: bytes | str, *, url: str) -> Article:
    """Return the main text and metadata of the article page `html` fetched from `url`.

    >>> extract_article(page_bytes, url="https://example.org/news/1").text  # doctest: +SKIP
    """
    source = parseable(decode_html(html) if isinstance(html, bytes) else html)
    tree = _parse_document(source)
    text = _main_text(source, url)
    if _word_count(text) < MIN_ARTICLE_WORDS:
        page_words = _word_count(html_to_text(source)) if tree is not None else 0
        raise ExtractError(f"no article text found in {url} (page has {page_words} words)")
    if tree is None:
        return Article(text=text)
    return Article(
        text=text,
        title=_title(tree),
        published=_published(tree),
        authors=_authors(tree),
        canonical_url=_canonical_url(tree, url),
        language=_language(tree),
    )


# --- main text -------------------------------------------------------------------------


def _main_text(source: str, url: str) -> str:
    primary = _trafilatura_text(source, url)
    fallback = _readability_text(source, url)
    if _prefer_fallback(primary, fallback):
        return fallback
    return primary


def _trafilatura_text(source: str, url: str) -> str:
    try:
        text = trafilatura.extract(source, url=url, include_comments=False, favor_recall=True, include_tables=True)
    except (ValueError, etree.LxmlError):
        return ""
    return "\n\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _readability_text(source: str, url: str) -> str:
    try:
        summary = Document(source, url=url).summary(html_partial=True)
    except Exception:  # readability raises bare Unparseable/ValueError/lxml errors on odd pages
        return ""
    return html_to_text(summary)


def _prefer_fallback(primary: str, fallback: str) -> bool:
    primary_words, fallback_words = _word_count(primary), _word_count(fallback)
    if primary_words < MIN_ARTICLE_WORDS:
        return fallback_words > primary_words
    if fallback_words < FALLBACK_LENGTH_RATIO * primary_words:
        return False
    return _containment(primary, fallback) >= FALLBACK_CONTAINMENT


def _containment(part: str, whole: str) -> float:
    """Share of `part`'s words (as a multiset) that also occur in `whole`."""
    part_words = Counter(_WORD.findall(part.lower()))
    whole_words = Counter(_WORD.findall(whole.lower()))
    total = sum(part_words.values())
    return sum((part_words & whole_words).values()) / total if total else 0.0


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


# --- metadata --------------------------------------------------------------------------


def _parse_document(source: str) -> lxml.html.HtmlElement | None:
    if not source.strip():
        return None
    try:
        return lxml.html.document_fromstring(parseable(source))
    except (etree.ParserError, ValueError):
        return None


def _meta(tree: lxml.html.HtmlElement, names: tuple[str, ...]) -> Iterator[str]:
    """Contents of <meta> tags whose property/name/itemprop is one of `names`, in `names` order."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key in names and content:
            found.setdefault(key, []).append(content)
    for name in names:
        yield from found.get(name, [])


def _json_ld(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every object inside the page's JSON-LD blocks, nested ones and @graph members included."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(_CDATA.sub("", script.text), strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                yield item
                stack.extend(value for value in item.values() if isinstance(value, (dict, list)))
            elif isinstance(item, list):
                stack.extend(reversed(item))


def _title(tree: lxml.html.HtmlElement) -> str | None:
    candidates = list(_meta(tree, ("og:title", "twitter:title")))
    candidates += [item["headline"] for item in _json_ld(tree) if isinstance(item.get("headline"), str)]
    candidates += [h1.text_content() for h1 in tree.iter("h1")][:1]
    candidates += [title.text_content() for title in tree.iter("title")][:1]
    return next((text for candidate in candidates if (text := one_line(candidate))), None)


def _published(tree: lxml.html.HtmlElement) -> datetime | None:
    candidates = list(_meta(tree, _PUBLISHED_META))
    candidates += [item["datePublished"] for item in _json_ld(tree) if isinstance(item.get("datePublished"), str)]
    articles = list(tree.iter("article"))
    for scope in (*articles, tree):
        candidates += [time.get("datetime", "") for time in scope.iter("time")]
    for candidate in candidates:
        if parsed := parse_datetime(candidate):
            return parsed
    return None


def _authors(tree: lxml.html.HtmlElement) -> list[str]:
    # The first source that names anyone wins: the later ones (rel=author links especially)
    # also pick up the authors of related articles elsewhere on the page.
    names = _json_ld_authors(tree) or _meta_authors(tree) or _rel_authors(tree)
    return [name for name in unique(_BYLINE_PREFIX.sub("", one_line(name)) for name in names) if len(name) <= 100]


def _json_ld_authors(tree: lxml.html.HtmlElement) -> list[str]:
    return [
        name
        for item in _json_ld(tree)
        if _is_article_type(item.get("@type"))
        for name in _json_ld_names(item.get("author"))
    ]


def _meta_authors(tree: lxml.html.HtmlElement) -> list[str]:
    # article:author is often a profile URL rather than a name.
    return [value for value in _meta(tree, _AUTHOR_META) if not urlsplit(value).scheme]


def _rel_authors(tree: lxml.html.HtmlElement) -> list[str]:
    return [link.text_content() for link in tree.iter("a") if "author" in (link.get("rel") or "").lower().split()]


def _is_article_type(value: Any) -> bool:
    types = value if isinstance(value, list) else [value]
    return any(isinstance(kind, str) and ("Article" in kind or kind in {"BlogPosting", "Report"}) for kind in types)


def _json_ld_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [value["name"]] if isinstance(value.get("name"), str) else []
    if isinstance(value, list):
        return [name for item in value for name in _json_ld_names(item)]
    return []


def _canonical_url(tree: lxml.html.HtmlElement, url: str) -> str | None:
    candidates = [
        link.get("href", "") for link in tree.iter("link") if "canonical" in (link.get("rel") or "").lower().split()
    ]
    candidates += list(_meta(tree, ("og:url",)))
    for candidate in candidates:
        try:
            absolute = urljoin(url, candidate.strip())
            readable = urlsplit(absolute).scheme in ("http", "https")
        except ValueError:  # "http://[broken"
            continue
        if candidate.strip() and readable:
            return absolute
    return None


def _language(tree: lxml.html.HtmlElement) -> str | None:
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += [
        meta.get("content")
        for meta in tree.iter("meta")
        if (meta.get("http-equiv") or "").lower() == "content-language"
    ]
    candidates += [locale.replace("_", "-") for locale in _meta(tree, ("og:locale",))]
    for candidate in candidates:
        if candidate and candidate.strip():
            return candidate.strip().split(",")[0].strip()
    return None
