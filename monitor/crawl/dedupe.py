"""Dedupe: tell a revised article from a new one, and group copies of one story.

Three levels:
- the same article: one canonical URL (or one guid in a source) is one row; a changed
  content hash makes it a revision of that row, never a second row;
- a syndicated copy (the same text under another URL, often with other boilerplate):
  MinHash over 5-word shingles of the text, estimated Jaccard >= TEXT_SIMILARITY; a text
  shorter than TEXT_ALONE_WORDS (a teaser, which a newsletter may repeat under each issue's
  headline) must have a headline alike as well;
- a rewritten copy (another outlet's own report of the same news): reports of one event
  name the same things in their headline and opening, so their content words overlap:
  headlines alike (Jaccard >= TITLE_SIMILARITY, >= MIN_SHARED_TITLE_TERMS shared), or
  most of the shorter headline-plus-lead's words in the other (overlap >= LEAD_OVERLAP,
  >= MIN_SHARED_LEAD_TERMS shared; overlap, not Jaccard, because a feed summary is
  shorter than another outlet's opening paragraph). Only across sources (one outlet's recurring columns look alike without being
  one story) and within REWRITE_WINDOW of each other.

Candidates for the text test come from locality-sensitive hash keys stored with each
recent article (TEXT_BANDS bands of the text's MinHash), so finding them costs indexed
lookups whatever the size of the archive. Candidates for the rewrite tests come from
`WordIndex`: the headline and lead words of recent articles in memory, counted for each
new article, so that exactly the articles with enough words in common (the only ones the
rewrite tests could accept) are looked at. (Hash keys over headline and lead words made
~18 candidates an article for about one join in thirty, and missed rewrites that share a
fifth of their words, which is what rewrites share.) Each candidate is then checked with
the exact measures above.
"""

import functools
import hashlib
import re
import zlib
from array import array
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from monitor.clock import iso

TEXT_SIMILARITY = 0.5
TITLE_SIMILARITY, MIN_SHARED_TITLE_TERMS = 0.5, 3
LEAD_OVERLAP, MIN_SHARED_LEAD_TERMS = 0.4, 8
TEXT_WINDOW = timedelta(days=14)
REWRITE_WINDOW = timedelta(days=3)
LEAD_WORDS = 60
SHINGLE_WORDS, MIN_SHINGLES = 5, 8
MAX_WORDS = 500  # copies share their opening; hashing more costs time and finds nothing new
TEXT_ALONE_WORDS = 80
TEXT_HASHES, TEXT_BANDS = 64, 16  # 4 rows a band: candidates from about Jaccard 0.5 up

# Universal hashing (a*x + b) mod p with everything below 2**31, so no product overflows 64 bits.
_PRIME = np.uint64(2**31 - 1)
_RNG = np.random.default_rng(20261127)  # fixed: signatures are stored and must compare across runs
_TEXT_A, _TEXT_B = (_RNG.integers(1, 2**31 - 1, TEXT_HASHES, dtype=np.uint64) for _ in range(2))
_SHINGLE_WEIGHTS = _RNG.integers(1, 2**31 - 1, SHINGLE_WORDS, dtype=np.uint64)
_WORD = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*")
STOPWORDS = frozenset(
    """a an the and or but nor of to in on at by for with from into onto over under about after before as is are
    was were be been being it its this that these those he she they we you i his her their our your my not no
    says said say will would can could may might must should has have had do does did new how why what when
    who which where than then so if up out more most amid via vs just also first report reports today
    there here all any some such other own same one two us them him me do while during through""".split()
)


@dataclass
class Fingerprint:
    title_terms: frozenset[str]
    lead_terms: frozenset[str]
    text_minhash: np.ndarray | None
    text_words: int  # words hashed into text_minhash (at most MAX_WORDS)
    keys: list[int]  # find syndicated copies: any source, within TEXT_WINDOW

    @property
    def minhash_bytes(self) -> bytes | None:
        return None if self.text_minhash is None else self.text_minhash.astype("<u4").tobytes()


def content_hash(title: str, text: str) -> str:
    normal = " ".join(f"{title}\n{text}".lower().split())
    return hashlib.sha256(normal.encode()).hexdigest()[:32]


def fingerprint(title: str, text: str) -> Fingerprint:
    title_set = content_terms(title)
    lead_set = title_set | content_terms(" ".join(text[: LEAD_WORDS * 12].split()[:LEAD_WORDS]))
    words = _words(text)
    minhash = _minhash(_shingles(words), _TEXT_A, _TEXT_B)
    keys = _band_keys("x", minhash, TEXT_BANDS) if minhash is not None else []
    return Fingerprint(title_set, lead_set, minhash, len(words), keys)


def content_terms(text: str) -> frozenset[str]:
    """Content words, lower-cased, with a crude suffix fold (rule, rules, ruled, ruling -> rul)."""
    words = (w.lower().replace("’", "'") for w in _WORD.findall(text))
    return frozenset(_fold(w) for w in words if w not in STOPWORDS and len(w) > 1)


@functools.lru_cache(maxsize=1 << 16)  # a pure function of a word; news vocabularies repeat
def _fold(word: str) -> str:
    word = word.removesuffix("'s")
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word.removesuffix("e")


def same_story(fp: Fingerprint, source_id: str, published: datetime, candidates: list) -> int | None:
    """The story of the most similar candidate that passes a test, or None for a new story.

    `candidates` are the StorySignature records of stored articles (see monitor/crawl/stories.py).
    """
    # Stored dates are ISO text, which sorts as the instants do: compare text, parse nothing.
    window = (iso(published - REWRITE_WINDOW), iso(published + REWRITE_WINDOW))
    best_story, best_score = None, 0.0
    for candidate, text_score in zip(candidates, _stored_agreements(fp.text_minhash, candidates)):
        score = _match_score(fp, source_id, window, candidate, text_score)
        if score > best_score:
            best_story, best_score = candidate.story_id, score
    return best_story


def _match_score(fp: Fingerprint, source_id: str, window: tuple[str, str], candidate, text_score: float) -> float:
    rewrite_possible = candidate.source_id != source_id and window[0] <= candidate.published <= window[1]
    return _story_score(fp, text_score, fp.text_words < TEXT_ALONE_WORDS, candidate.title_terms,
                        candidate.lead_terms, rewrite_possible)


def _story_score(fp: Fingerprint, text_score: float, short_text: bool, other_titles: frozenset[str] | str,
                 other_leads: frozenset[str] | str, rewrite_possible: bool) -> float:
    """The tests of the module's docstring, as a score (0: not one story; higher: more alike).

    The other article's headline and lead terms are sets, or space-separated text as stored
    (split only when a test needs them: most candidates fail before)."""
    same_text = text_score >= TEXT_SIMILARITY
    if same_text and not short_text:
        return 2.0 + text_score
    if not (same_text or rewrite_possible):
        return 0.0
    title_score = _titles_alike(fp.title_terms, _terms(other_titles))
    if same_text and title_score:  # a short text, under a headline alike
        return 2.0 + text_score
    if not rewrite_possible:
        return 0.0
    if title_score:
        return 1.0 + title_score
    lead_score, lead_shared = _overlap(fp.lead_terms, _terms(other_leads))
    if lead_score >= LEAD_OVERLAP and lead_shared >= MIN_SHARED_LEAD_TERMS:
        return lead_score
    return 0.0


def _terms(terms: frozenset[str] | str) -> frozenset[str]:
    return terms if isinstance(terms, frozenset) else frozenset(terms.split())


def _titles_alike(a: frozenset[str], b: frozenset[str]) -> float:
    """The headlines' Jaccard similarity when they pass the headline test, else 0."""
    score, shared = _jaccard(a, b)
    return score if score >= TITLE_SIMILARITY and shared >= MIN_SHARED_TITLE_TERMS else 0.0


def alike(a: Fingerprint, b: Fingerprint) -> bool:
    """Copies or rewrites of one story by the tests above, whatever their sources and dates."""
    text_score = _stored_agreement(a.text_minhash, b.minhash_bytes)
    short_text = min(a.text_words, b.text_words) < TEXT_ALONE_WORDS
    return _story_score(a, text_score, short_text, b.title_terms, b.lead_terms, rewrite_possible=True) > 0


def group_copies(documents: list[tuple[str, str]]) -> list[int]:
    """A story number for each (title, text): documents alike, directly or through others, share
    one. For a labelled corpus, so that copies of one story never sit on both sides of a split."""
    fingerprints = [fingerprint(title, text) for title, text in documents]
    story = list(range(len(documents)))

    def root(i: int) -> int:
        while story[i] != i:
            story[i] = story[story[i]]
            i = story[i]
        return i

    for i, j in _candidate_pairs(fingerprints):
        if root(i) != root(j) and alike(fingerprints[i], fingerprints[j]):
            story[root(j)] = root(i)
    return [root(i) for i in range(len(documents))]


def copy_pairs(documents: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """The pairs (i < j) of (title, text) documents that are copies or rewrites of each other
    directly, not through a third."""
    fingerprints = [fingerprint(title, text) for title, text in documents]
    return [(i, j) for i, j in _candidate_pairs(fingerprints) if alike(fingerprints[i], fingerprints[j])]


def _candidate_pairs(fingerprints: list[Fingerprint]) -> list[tuple[int, int]]:
    """The pairs (i < j) that share a text key or enough headline or lead words, in order."""
    sharing: dict[int, list[int]] = {}
    for i, fp in enumerate(fingerprints):
        for key in set(fp.keys):
            sharing.setdefault(key, []).append(i)
    pairs = {(i, j) for group in sharing.values() for i in group for j in group if i < j}
    words = WordIndex()
    for j, fp in enumerate(fingerprints):  # whatever their sources and dates
        pairs.update((i, j) for i in words.sharing(fp.title_terms, fp.lead_terms))
        words.add(j, fp.title_terms, fp.lead_terms)
    return sorted(pairs)


class WordIndex:
    """The headline and lead words of stored articles, in memory, to find the ones a new article
    shares enough words with to pass a rewrite test: at least MIN_SHARED_TITLE_TERMS headline
    words and Jaccard TITLE_SIMILARITY, or at least MIN_SHARED_LEAD_TERMS lead words and
    LEAD_OVERLAP of the shorter lead (and, when asked, from another source and published within
    a window). Exact: no article that passes is left out, so the rewrite tests see only the
    articles they could accept.

    Each article is a slot; each word has the ascending slots of the articles that use it (a
    posting list), so the words two articles share are counted for every slot at once. A slot
    is never reused: an article that is revised or removed leaves its slot dead.
    """

    def __init__(self) -> None:
        # word -> the slots whose headline has it; whose lead (headline included) has it
        self._in_titles: defaultdict[str, array] = defaultdict(_posting_list)
        self._in_leads: defaultdict[str, array] = defaultdict(_posting_list)
        self._sources: dict[str, int] = {}
        self._article = array("q")  # slot -> the article's key (its id)
        self._source = array("i")
        self._published = array("d")  # POSIX seconds
        self._title_size = array("H")
        self._lead_size = array("H")
        self._alive = bytearray()
        self._slot: dict[int, int] = {}  # article key -> its live slot

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, article: int) -> bool:
        return article in self._slot

    def add(self, article: int, title_terms: frozenset[str], lead_terms: frozenset[str], *,
            source: str = "", published: datetime | None = None) -> None:
        """Index an article's words (in place of its earlier ones, if it had any)."""
        self.remove(article)
        slot = len(self._article)
        self._article.append(article)
        self._source.append(self._sources.setdefault(source, len(self._sources)))
        self._published.append(published.timestamp() if published else 0.0)
        self._title_size.append(min(len(title_terms), 65535))
        self._lead_size.append(min(len(lead_terms), 65535))
        self._alive.append(1)
        self._slot[article] = slot
        in_titles, in_leads = self._in_titles, self._in_leads
        for word in title_terms:
            in_titles[word].append(slot)
        for word in lead_terms:
            in_leads[word].append(slot)

    def remove(self, article: int) -> None:
        slot = self._slot.pop(article, None)
        if slot is not None:
            self._alive[slot] = 0

    def sharing(self, title_terms: frozenset[str], lead_terms: frozenset[str], *, other_than: str | None = None,
                published: datetime | None = None, within: timedelta | None = None) -> list[int]:
        """The articles whose headline or lead words are close enough to these for a rewrite test;
        from a source `other_than` this one and published `within` this long of `published`, when given."""
        if not self._slot:
            return []
        slots = self._lead_matches(lead_terms)
        titles = self._title_matches(title_terms)
        if len(titles):
            slots = np.union1d(slots, titles)
        if not len(slots):
            return []
        keep = np.frombuffer(self._alive, dtype=np.uint8)[slots].astype(bool)
        if other_than is not None and other_than in self._sources:
            keep &= np.frombuffer(self._source, dtype=np.int32)[slots] != self._sources[other_than]
        if published is not None and within is not None:
            distance = np.abs(np.frombuffer(self._published, dtype=np.float64)[slots] - published.timestamp())
            keep &= distance <= within.total_seconds()
        return np.frombuffer(self._article, dtype=np.int64)[slots[keep]].tolist()

    def _lead_matches(self, terms: frozenset[str]) -> np.ndarray:
        slots, shared = self._counts(self._in_leads, terms, MIN_SHARED_LEAD_TERMS)
        sizes = np.frombuffer(self._lead_size, dtype=np.uint16)[slots]
        return slots[shared >= LEAD_OVERLAP * np.minimum(sizes, len(terms)) - _ROUNDING]

    def _title_matches(self, terms: frozenset[str]) -> np.ndarray:
        # A Jaccard of TITLE_SIMILARITY shares at least that part of the larger headline's words.
        least = max(MIN_SHARED_TITLE_TERMS, int(np.ceil(TITLE_SIMILARITY * len(terms) - _ROUNDING)))
        slots, shared = self._counts(self._in_titles, terms, least)
        union = np.frombuffer(self._title_size, dtype=np.uint16)[slots] + len(terms) - shared
        return slots[shared >= TITLE_SIMILARITY * union - _ROUNDING]

    def _counts(self, postings: dict[str, array], terms: frozenset[str], least: int) -> tuple[np.ndarray, np.ndarray]:
        """The slots that have at least `least` of these words, and how many of them each has."""
        known = list(filter(None, map(postings.get, terms)))  # the posting lists of the words some slot has
        if len(known) < least:
            return _NO_SLOTS, _NO_SLOTS
        # One copy of the posting lists (bytes.join takes arrays as they are), one count over all slots.
        counts = np.bincount(np.frombuffer(b"".join(known), dtype=np.int32), minlength=len(self._article))
        slots = np.flatnonzero(counts >= least)
        return slots, counts[slots]


_ROUNDING = 1e-9  # thresholds are compared as the tests compare them, give or take a rounding
_NO_SLOTS = np.empty(0, dtype=np.int64)
_posting_list = functools.partial(array, "i")  # a word's slots, ascending


def _stored_agreement(a: np.ndarray | None, blob: bytes | None) -> float:
    """Estimated Jaccard similarity of two shingle sets from their MinHash signatures, one of them
    as stored: compared as the uint32 values it holds (all below 2**31, so nothing is lost)."""
    if a is None or blob is None:
        return 0.0
    b = np.frombuffer(blob, dtype="<u4")
    return np.count_nonzero(a.astype("<u4") == b) / len(b)


def _stored_agreements(a: np.ndarray | None, candidates: list) -> list[float]:
    """_stored_agreement for every candidate, compared all at once when the signatures allow."""
    blobs = [c.text_minhash for c in candidates]
    if a is None or not blobs or any(blob is None or len(blob) != 4 * len(a) for blob in blobs):
        return [_stored_agreement(a, blob) for blob in blobs]
    stored = np.frombuffer(b"".join(blobs), dtype="<u4").reshape(len(blobs), len(a))
    return (np.count_nonzero(stored == a.astype("<u4"), axis=1) / len(a)).tolist()


def _jaccard(a: frozenset[str], b: frozenset[str]) -> tuple[float, int]:
    shared = len(a & b)
    union = len(a | b)
    return (shared / union if union else 0.0), shared


def _overlap(a: frozenset[str], b: frozenset[str]) -> tuple[float, int]:
    shared = len(a & b)
    smaller = min(len(a), len(b))
    return (shared / smaller if smaller else 0.0), shared


def _words(text: str) -> list[str]:
    return _WORD.findall(text[: MAX_WORDS * 12].lower())[:MAX_WORDS]


def _shingles(words: list[str]) -> np.ndarray:
    """Hashes of every run of SHINGLE_WORDS consecutive words, combined from per-word hashes."""
    count = len(words) - SHINGLE_WORDS + 1
    if count < MIN_SHINGLES:
        return np.empty(0, dtype=np.uint64)
    word_hashes = np.fromiter(map(_hash31, words), dtype=np.uint64, count=len(words))
    shingles = np.zeros(count, dtype=np.uint64)
    for offset, weight in enumerate(_SHINGLE_WEIGHTS):
        shingles = (shingles + word_hashes[offset:offset + count] * weight) % _PRIME
    return np.unique(shingles)


@functools.lru_cache(maxsize=1 << 16)  # a pure function of a word, like _fold
def _hash31(text: str) -> int:
    return zlib.crc32(text.encode()) & 0x7FFFFFFF


def _minhash(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    if not len(hashes):
        return None
    return ((np.outer(hashes, a) + b) % _PRIME).min(axis=0)


def _band_keys(kind: str, signature: np.ndarray, bands: int) -> list[int]:
    width = len(signature) // bands * 4  # bytes per band
    packed, prefix = signature.astype("<u4").tobytes(), kind.encode()
    return [
        int.from_bytes(
            hashlib.blake2b(prefix + bytes([band]) + packed[band * width:(band + 1) * width], digest_size=8).digest(),
            "little", signed=True,
        )
        for band in range(bands)
    ]
