"""Turning a record {title, text} into the feature matrix all label models share.

Three TF-IDF views (title words, body words, character n-grams of both) and a block of cue
features from `rules.CueSet` (hits of each taxonomy cue group in the title, the lead and the body).
"""

from __future__ import annotations

import math
import re

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from monitor.classify import tfidf
from monitor.classify.rules import CueSet
from monitor.taxonomy import from_ai_publisher

# Mentions of AI that the `ai` cue group leaves out on purpose: as cue counts the bare word tells
# nothing in AI news; only its absence does. AI chips count: export controls and antitrust cases
# about them are AI governance.
AI_WORD = re.compile(r"\bAIs?\b|\bA\.I\.|\bDNNs?\b|\bNvidia\b|\bGPUs?\b")
MAX_BODY_CHARS = 6000  # longer texts add little signal and cost time
LEAD_CHARS = 400
CHAR_CHARS = 1000  # character n-grams read the title and the start of the body
# A theme is a subject of a text, not a passing word: each theme's share of all theme-cue hits in
# the body tells a focused article from a survey (a system card names every risk area once).
# Likewise each jurisdiction's share of all gazetteer hits tells where the move is from a passing
# mention of another country.
SHARE_WEIGHT = 2.0
SHARE_FAMILIES = ("theme", "jur")


def cue_evidence(distinct_in_body, in_title):
    """How strongly a label's cues alone speak for it (numbers or numpy arrays): 0.3 per
    distinct cue in the body, 0.4 for a hit in the title, at most 0.95; one title hit or two
    distinct body cues pass 0.5."""
    return np.minimum(0.95, 0.3 * distinct_in_body + 0.4 * in_title)


def _distinct_column(distinct: int) -> float:
    """The cue block's column for a group's distinct body cues."""
    return math.log1p(distinct) / 2


# Digest feeds (a newsletter issue whose title lists its stories: "A Does X, B Bans Y, C ...") are
# relevant when any one story is; their titles are also read story by story.
_DIGEST_PREFIX = re.compile(r"^\s*(?:the batch|issue\s*#?\d+|newsletter|digest|this week)\s*:\s*", re.I)
_STORY_SPLIT = re.compile(r"\s*[,;]\s+(?=[\"'\u2018\u201c(]?[A-Z0-9])|\s+[|\u2022\u00b7\u2013\u2014]\s+")
MIN_STORIES = 3


def _slim(vec: TfidfVectorizer) -> None:
    """Drop what only fitting needs and make the vocabulary plain: the stop-word list bloats the
    saved model, and numpy integers in the vocabulary make loading it several times slower."""
    vec.stop_words_ = None
    vec.vocabulary_ = {term: int(index) for term, index in vec.vocabulary_.items()}


def headline_segments(title: str) -> list[str]:
    """The stories of a digest-style title (three or more headline-like parts), else []."""
    text = _DIGEST_PREFIX.sub("", " ".join(str(title or "").split()))
    parts = [p.strip() for p in _STORY_SPLIT.split(text) if p and p.strip()]
    return parts if len(parts) >= MIN_STORIES else []


def record_parts(record: dict) -> tuple[str, str]:
    title = " ".join(str(record.get("title") or "").split())
    text = " ".join(str(record.get("text") or "").split())[:MAX_BODY_CHARS]
    return title, text


class FeatureBuilder:
    """Fit on training records, then transform any records into one sparse matrix."""

    def __init__(self, cues: CueSet, cue_weight: float = 1.0, title_weight: float = 1.0,
                 ai_publishers: tuple[str, ...] = ()):
        self.cues = cues
        self.cue_weight = cue_weight
        self.title_weight = title_weight
        # A lab's or AI-safety body's own post is about AI even when it names only a product
        # ("Redeploying Fable 5"): its url counts as a mention of AI.
        self.ai_publishers = ai_publishers
        self.title_vec = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True,
                                         lowercase=True, max_features=20000, dtype=np.float32)
        self.body_vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                        lowercase=True, max_features=40000, dtype=np.float32,
                                        stop_words="english")
        self.char_vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3,
                                        sublinear_tf=True, max_features=40000, dtype=np.float32)

    def fit(self, records: list[dict]) -> "FeatureBuilder":
        titles, bodies = zip(*(record_parts(r) for r in records))
        self.title_vec.fit(titles)
        self.body_vec.fit(bodies)
        self.char_vec.fit([t + " . " + b[:CHAR_CHARS] for t, b in zip(titles, bodies)])
        for vec in (self.title_vec, self.body_vec, self.char_vec):
            _slim(vec)
        return self

    def transform(self, records: list[dict]) -> sp.csr_matrix:
        titles, bodies = zip(*(record_parts(r) for r in records)) if records else ((), ())
        blocks = [
            self.title_vec.transform(titles) * self.title_weight,
            self.body_vec.transform(bodies),
            tfidf.transform(self.char_vec, [t + " . " + b[:CHAR_CHARS] for t, b in zip(titles, bodies)]),
            sp.csr_matrix(self.cue_matrix(titles, bodies, [self.from_ai_publisher(r) for r in records])
                          * self.cue_weight),
        ]
        return sp.hstack(blocks, format="csr", dtype=np.float32)

    def n_cue_columns(self) -> int:
        """Width of the cue block, the last columns of `transform`'s matrix."""
        return 3 * len(self.cues.names) + 6 + sum(len(self._groups(f)) for f in SHARE_FAMILIES)

    def view(self, X: sp.csr_matrix, family: str | None = None) -> sp.csr_matrix:
        """`X` for one label family: the share columns (the last of the cue block) of
        `family` ("theme" or "jur") stay, the others read as zeros (`None`: no share columns)."""
        scale = np.ones(X.shape[1], dtype=np.float32)
        end = X.shape[1]
        for fam in reversed(SHARE_FAMILIES):
            n = len(self._groups(fam))
            if fam != family:
                scale[end - n:end] = 0.0
            end -= n
        X = (X @ sp.diags(scale)).tocsr()
        X.eliminate_zeros()
        return X

    def without_cues(self, X: sp.csr_matrix, groups: tuple[str, ...]) -> sp.csr_matrix:
        """`X` with the cue columns of `groups` read as zeros; "ai" also blanks the columns that
        combine AI and risk cues, and "no AI mentioned"."""
        scale = np.ones(X.shape[1], dtype=np.float32)
        start = X.shape[1] - self.n_cue_columns()
        for g, name in enumerate(self.cues.names):
            if name in groups:
                scale[start + 3 * g:start + 3 * g + 3] = 0.0
        if "ai" in groups:
            combos = start + 3 * len(self.cues.names)
            scale[combos:combos + 4] = 0.0
        X = (X @ sp.diags(scale)).tocsr()
        X.eliminate_zeros()
        return X

    def _groups(self, family: str) -> list[int]:
        return [i for i, name in enumerate(self.cues.names) if name.startswith(family + ":")]

    def reweight_cues(self, X: sp.csr_matrix, weight: float) -> sp.csr_matrix:
        """`X` with its cue block multiplied by `weight` / `cue_weight` (a label family that
        leans less on cue counts than the others)."""
        factor = weight / self.cue_weight if self.cue_weight else 1.0
        if factor == 1.0:
            return X
        scale = np.ones(X.shape[1], dtype=np.float32)
        scale[X.shape[1] - self.n_cue_columns():] = factor
        return (X @ sp.diags(scale)).tocsr()

    def cue_block(self, X_all: sp.csr_matrix) -> np.ndarray:
        """The cue block of `transform`'s matrix (its last columns), dense, at cue weight 1."""
        return X_all[:, X_all.shape[1] - self.n_cue_columns():].toarray() / (self.cue_weight or 1.0)

    def cue_strength(self, block: np.ndarray, group: str) -> np.ndarray:
        """How strongly a text names the label `group` ("theme:cyber", "jur:eu"), from its cue
        block: (n, 4) columns of title hits, distinct body cues, lead hits and the group's share
        of its family's body hits."""
        g = self.cues.names.index(group)
        family = group.split(":", 1)[0]
        share_start = 3 * len(self.cues.names) + 6
        for fam in SHARE_FAMILIES:
            if fam == family:
                break
            share_start += len(self._groups(fam))
        share = block[:, share_start + self._groups(family).index(g)] / SHARE_WEIGHT
        return np.column_stack([block[:, 3 * g:3 * g + 3], share])

    def from_ai_publisher(self, record: dict) -> bool:
        return from_ai_publisher(record.get("url"), self.ai_publishers)

    def cue_matrix(self, titles, bodies, ai_sites) -> np.ndarray:
        rows = [self.cue_row(t, b, site) for t, b, site in zip(titles, bodies, ai_sites)]
        return np.asarray(rows, dtype=np.float32).reshape(len(rows), -1)

    def cue_row(self, title: str, body: str, ai_site: bool = False) -> list[float]:
        t_counts = self.cues.count(title)
        b_counts = self.cues.count(body, lead=LEAD_CHARS)
        row: list[float] = []
        for (t_hits, _, _), (_, b_distinct, l_hits) in zip(t_counts, b_counts):
            row += [min(t_hits, 3) / 3, _distinct_column(b_distinct), min(l_hits, 3) / 3]
        names = self.cues.names
        ai_t, risk_t = t_counts[names.index("ai")][0], t_counts[names.index("risk")][0]
        ai_b, risk_b = b_counts[names.index("ai")][1], b_counts[names.index("risk")][1]
        mentions_ai = ai_t + ai_b > 0 or ai_site or bool(AI_WORD.search(title) or AI_WORD.search(body))
        row += [
            float(ai_t > 0 and risk_t > 0),
            float(ai_t > 0 and risk_b > 0),
            float(ai_b > 0 and risk_b > 0),
            float(not mentions_ai),
            min(len(body), 4000) / 4000,
            float(len(body) < 1500),
        ]
        for family in SHARE_FAMILIES:
            groups = self._groups(family)
            total = sum(b_counts[i][0] for i in groups)
            row += [SHARE_WEIGHT * b_counts[i][0] / (total + 1) for i in groups]
        return row


class HeadlineFeatures:
    """Features of one headline (a title or one story of a digest title): words, character
    n-grams and taxonomy cue hits. Short texts only; fit on headlines."""

    def __init__(self, cues: CueSet, cue_weight: float = 1.0):
        self.cues = cues
        self.cue_weight = cue_weight
        self.word_vec = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True,
                                        lowercase=True, max_features=20000, dtype=np.float32)
        self.char_vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2,
                                        sublinear_tf=True, max_features=30000, dtype=np.float32)

    def fit(self, headlines: list[str]) -> "HeadlineFeatures":
        self.word_vec.fit(headlines)
        self.char_vec.fit(headlines)
        _slim(self.word_vec)
        _slim(self.char_vec)
        return self

    def transform(self, headlines: list[str]) -> sp.csr_matrix:
        cue = np.asarray([[min(hits, 2) / 2 for hits, _, _ in self.cues.count(h)] for h in headlines],
                         dtype=np.float32).reshape(len(headlines), -1)
        return sp.hstack([self.word_vec.transform(headlines), tfidf.transform(self.char_vec, headlines),
                          sp.csr_matrix(cue * self.cue_weight)], format="csr", dtype=np.float32)
