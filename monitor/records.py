"""The records every stage hands on: what the crawl stores, the labels the classifier gives, what
the store gives back.

Plain dataclasses, so a parse worker, the classifier, the alerting code or a test can build
and read them without importing the archive.
"""

from __future__ import annotations

import hashlib
import json
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


@dataclass(frozen=True)
class StoredRobots:
    """An origin's robots.txt as fetched, kept across crawls until it expires."""

    body: str  # the text; "" when the origin has none (it answered 4xx: everything is allowed)
    fetched_at: datetime
    expires_at: datetime


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


TIER_FIELDS = ("org", "model", "framework", "category", "level", "direction")


@dataclass(frozen=True)
class Tier:
    """A model's level in a developer's or an authority's risk scheme (see monitor/classify/tiers/)."""

    org: str | None = None
    model: str | None = None
    framework: str | None = None
    category: str | None = None
    level: str | None = None
    direction: str | None = None  # "up" | "down" | "new" | "unchanged"
    # The same fields as the text spells them ({"org": "Northwind AI", "model": "Atlas-4", ...}), for
    # people to read: the ids above are lower-case slugs. Not part of the tier's identity.
    names: dict[str, str] | None = field(default=None, compare=False, hash=False)

    @classmethod
    def from_dict(cls, data: dict | None) -> Tier | None:
        if not data:
            return None
        return cls(**{name: data.get(name) for name in TIER_FIELDS}, names=data.get("names") or None)

    def as_dict(self) -> dict:
        fields = {name: getattr(self, name) for name in TIER_FIELDS}
        return fields | {"names": self.names} if self.names else fields

    @property
    def key(self) -> str:
        """The tracker this level belongs to: (org, model, framework, category), in lower case."""
        return "|".join(str(getattr(self, name) or "").strip().lower() for name in TIER_FIELDS[:4])


@dataclass(frozen=True)
class Scores:
    """The classifier's confidence, 0-1: in relevance, in each theme, in the action it chose."""

    relevant: float | None = None
    themes: dict[str, float] | None = None
    action: float | None = None

    @classmethod
    def from_dict(cls, data: dict | None) -> Scores:
        data = data or {}
        return cls(data.get("relevant"), data.get("themes"), data.get("action"))

    def as_dict(self) -> dict:
        """As the classifier writes them; a score the labels do not have (an analyst's) is left out."""
        return {name: value for name, value in (("relevant", self.relevant), ("themes", self.themes),
                                                 ("action", self.action)) if value is not None}

    def theme(self, theme: str) -> float | None:
        return (self.themes or {}).get(theme)


@dataclass
class Labels:
    """An article's labels: the ids of monitor/taxonomy.yaml, with the model's scores and evidence.

    `origin`, `model_version` and `labelled_at` say whose labels they are once stored: the
    model's, or an analyst's (which win over the model's).
    """

    relevant: bool = False
    themes: list[str] = field(default_factory=list)
    action: str = "none"
    jurisdiction: list[str] = field(default_factory=list)
    tier: Tier | None = None
    scores: Scores = field(default_factory=Scores)
    evidence: list[str] = field(default_factory=list)
    certainty: float = 1.0  # how sure the model is, 0-1 (monitor review lists the least sure first)
    origin: str | None = None  # "model" | "analyst"
    model_version: str | None = None
    labelled_at: str | None = None

    @classmethod
    def from_dict(cls, labels: dict) -> Labels:
        """From the classifier's output (the contract of `monitor classify`) or labels read as JSON."""
        return cls(relevant=bool(labels.get("relevant")), themes=list(labels.get("themes") or []),
                   action=labels.get("action") or "none", jurisdiction=list(labels.get("jurisdiction") or []),
                   tier=Tier.from_dict(labels.get("tier")), scores=Scores.from_dict(labels.get("scores")),
                   evidence=list(labels.get("evidence") or []), certainty=float(labels.get("certainty", 1.0)))

    def as_dict(self) -> dict:
        return {"relevant": self.relevant, "themes": self.themes, "action": self.action,
                "jurisdiction": self.jurisdiction, "tier": self.tier.as_dict() if self.tier else None,
                "scores": self.scores.as_dict(), "evidence": self.evidence, "certainty": self.certainty,
                "origin": self.origin, "model_version": self.model_version, "labelled_at": self.labelled_at}

    @property
    def version(self) -> str:
        """A short fingerprint of the labels: it changes whenever they change (and with the model
        behind them; an analyst's labels do not change with a new model)."""
        labels = self.as_dict()
        keep = {key: labels[key] for key in ("relevant", "themes", "action", "jurisdiction", "tier", "origin")}
        if self.origin != "analyst":
            keep["model_version"] = self.model_version
        blob = json.dumps(keep, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


@dataclass
class LabelledArticle:
    """An article with the labels that count for it, as alerting and digests read it."""

    article_id: int
    source_id: str
    source_name: str
    story_id: int | None
    title: str
    text: str
    url: str
    published: datetime
    labels: Labels
