"""Stories: the one place that decides which story a stored article belongs to.

A new article joins the story of the most similar recent article that passes dedupe's tests
(monitor/crawl/dedupe.py: syndicated copies, rewritten reports), or starts a story of its own;
either way its hash keys and signature are kept, so the articles after it can find it. A
revised article keeps its story, and its keys follow its new text.

Syndicated copies are found by the text keys stored in the archive; rewrites by the words
articles share, counted in memory (dedupe.WordIndex) over the articles published near the new
one. `StoryFinder` keeps those words in step with the archive, which other processes may write
too: at the start of each transaction it reads what they wrote since (`sync`), and it reads
the articles of a stretch of days the first time an article of those days needs them.
"""

from __future__ import annotations

import weakref
from datetime import datetime

from monitor.clock import iso, parse_iso
from monitor.crawl import dedupe
from monitor.records import ArticleRecord, StorySignature
from monitor.store import Store

_FINDERS: weakref.WeakKeyDictionary[Store, StoryFinder] = weakref.WeakKeyDictionary()


class StoryFinder:
    """Places articles in stories, for one Store (its connection) and every crawl through it."""

    @classmethod
    def of(cls, store: Store) -> StoryFinder:
        """The finder of this store's connection: one for all its crawls (the service's too)."""
        finder = _FINDERS.get(store)
        if finder is None:
            finder = _FINDERS[store] = cls(store)
        return finder

    def __init__(self, store: Store):
        self.stories = store.stories
        self.store = store
        self.reset()

    def reset(self) -> None:
        """Forget what is in memory; it is read again from the archive as needed. For when writes
        were undone (a unit that failed, a transaction run again) or the archive was pruned."""
        self.words = dedupe.WordIndex()
        self.covered: tuple[datetime, datetime] | None = None  # publication dates read in full
        self.seq = None  # the last signature change read or written
        self.version = None  # the archive's data_version when last read

    def sync(self) -> None:
        """Read the signatures other processes wrote since the last time; call at the start of a
        transaction that will place articles (holding the write lock, nothing changes after)."""
        version = self.store.changed_elsewhere
        if self.seq is None:
            self.seq = self.stories.last_seq()
        elif version != self.version:
            self._read(self.stories.words(after_seq=self.seq))
        self.version = version

    def place(self, article_id: int, record: ArticleRecord, fingerprint: dedupe.Fingerprint) -> int:
        """Put a new article in its story; returns the story's id."""
        self._cover(record.published)
        rewrites = self.words.sharing(fingerprint.title_terms, fingerprint.lead_terms, other_than=record.source_id,
                                      published=record.published, within=dedupe.REWRITE_WINDOW)
        candidates = self.stories.candidates(fingerprint.keys, published=record.published,
                                             window=dedupe.TEXT_WINDOW, also=rewrites)
        story_id = dedupe.same_story(fingerprint, record.source_id, record.published, candidates)
        if story_id is None:
            story_id = self.stories.start(article_id, record.title, record.seen_at)
        else:
            self.stories.join(article_id, story_id, record.seen_at)
        self._remember(article_id, story_id, record, fingerprint, replace=False)
        return story_id

    def revised(self, article_id: int, story_id: int | None, record: ArticleRecord,
                fingerprint: dedupe.Fingerprint) -> None:
        """A revised article keeps its story; its keys and signature follow its new text."""
        self._remember(article_id, story_id, record, fingerprint, replace=True)

    def _remember(self, article_id: int, story_id: int | None, record: ArticleRecord, fp: dedupe.Fingerprint,
                  *, replace: bool) -> None:
        signature = StorySignature(article_id, story_id, record.source_id, iso(record.published),
                                   " ".join(sorted(fp.title_terms)), " ".join(sorted(fp.lead_terms)),
                                   fp.minhash_bytes)
        self.seq = self.stories.remember(signature, fp.keys, replace=replace)
        if story_id is not None:
            self.words.add(article_id, fp.title_terms, fp.lead_terms, source=record.source_id,
                           published=record.published)

    def _cover(self, published: datetime) -> None:
        """Have in memory every stored article published within the rewrite window of `published`."""
        start, end = published - dedupe.REWRITE_WINDOW, published + dedupe.REWRITE_WINDOW
        if self.covered and self.covered[0] <= start and end <= self.covered[1]:
            return
        if self.covered is None:
            missing = [(start, end)]
            self.covered = (start, end)
        else:
            missing = [(start, self.covered[0]), (self.covered[1], end)]
            self.covered = (min(start, self.covered[0]), max(end, self.covered[1]))
        for lower, upper in missing:
            if lower < upper:
                self._read(self.stories.words(published_from=lower, published_to=upper), only_new=True)

    def _read(self, rows, *, only_new: bool = False) -> None:
        for article_id, source_id, published, title_terms, lead_terms, seq in rows:
            self.seq = max(self.seq or 0, seq)
            if only_new and article_id in self.words:
                continue  # already read; changes to it come through sync()
            self.words.add(article_id, frozenset(title_terms.split()), frozenset(lead_terms.split()),
                           source=source_id, published=parse_iso(published))

