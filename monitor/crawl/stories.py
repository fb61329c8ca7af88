"""Stories: the one place that decides which story a stored article belongs to.

A new article joins the story of the most similar recent article that passes dedupe's tests
(monitor/crawl/dedupe.py: syndicated copies, rewritten reports), or starts a story of its own;
either way its hash keys and signature are kept, so the articles after it can find it. A
revised article keeps its story, and its keys follow its new text.
"""

from __future__ import annotations

from monitor.clock import iso
from monitor.crawl import dedupe
from monitor.records import ArticleRecord, StorySignature
from monitor.store.stories import Stories


def place(stories: Stories, article_id: int, record: ArticleRecord, fingerprint: dedupe.Fingerprint) -> int:
    """Put a new article in its story; returns the story's id."""
    candidates = stories.candidates(fingerprint.text_keys, fingerprint.term_keys, published=record.published,
                                    source_id=record.source_id, text_window=dedupe.TEXT_WINDOW,
                                    rewrite_window=dedupe.REWRITE_WINDOW)
    story_id = dedupe.same_story(fingerprint, record.source_id, record.published, candidates)
    if story_id is None:
        story_id = stories.start(article_id, record.title, record.seen_at)
    else:
        stories.join(article_id, story_id, record.seen_at)
    stories.remember(_signature(article_id, story_id, record, fingerprint), fingerprint.keys, replace=False)
    return story_id


def revised(stories: Stories, article_id: int, story_id: int | None, record: ArticleRecord,
            fingerprint: dedupe.Fingerprint) -> None:
    """A revised article keeps its story; its keys and signature follow its new text."""
    stories.remember(_signature(article_id, story_id, record, fingerprint), fingerprint.keys)


def _signature(article_id: int, story_id: int | None, record: ArticleRecord,
               fp: dedupe.Fingerprint) -> StorySignature:
    return StorySignature(article_id, story_id, record.source_id, iso(record.published),
                          " ".join(sorted(fp.title_terms)), " ".join(sorted(fp.lead_terms)), fp.minhash_bytes)
