"""The records every stage hands on: what the crawl stores, what the store gives back.

Plain dataclasses with no behaviour beyond describing themselves, so a parse worker, the
classifier or a test can build them without importing the archive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ArticleRecord:
    """An article as the crawler hands it to the archive."""

    source_id: str
    url: str  # canonical
    link: str  # as the feed gave it
    guid: str | None
    title: str
    summary: str
    text: str
    text_source: str  # "page" | "feed"
    published: datetime
    published_estimated: bool
    seen_at: datetime
    content_hash: str
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    full_text_status: str = "none"  # "none" (not wanted) | "done" | "pending" | "failed"
    full_text_error: str | None = None


@dataclass
class KnownArticle:
    """The stored article an incoming one matches (by canonical URL, or by guid in its source)."""

    id: int
    source_id: str
    content_hash: str
    revision: int
    story_id: int | None
    full_text_status: str


@dataclass
class StorySignature:
    """A stored article as near-duplicate detection sees it (a dedupe.Fingerprint, as stored)."""

    article_id: int
    story_id: int | None
    source_id: str
    published: str
    title_terms: str
    lead_terms: str
    text_minhash: bytes | None


@dataclass
class SourceState:
    """What the crawler needs to fetch a source politely next time."""

    etag: str | None = None
    last_modified: str | None = None
    next_fetch_after: datetime | None = None
    consecutive_failures: int = 0
    last_fetch_at: datetime | None = None


@dataclass
class FetchRecord:
    """One fetch of one source, as the health table and the fetch log remember it."""

    source_id: str
    url: str
    started_at: datetime
    outcome: str  # "ok" | "not_modified" | "error"
    duration_ms: int = 0
    http_status: int | None = None
    cause: str | None = None
    message: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    next_fetch_after: datetime | None = None
    items_seen: int = 0
    items_new: int = 0
    items_updated: int = 0
    bytes: int = 0
