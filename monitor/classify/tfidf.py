"""TF-IDF matrices of fitted vectorizers, as `TfidfVectorizer.transform` makes them, faster.

scikit-learn builds every character n-gram of every word of every text as a string and looks each
one up; labelling spent about a fifth of its time there. Words repeat from text to text, so here
each word's n-grams are looked up once and kept as feature indices. The counts are the same, and
scikit-learn's own transformer weighs and normalises them, so the matrices are identical (a test
compares them on the corpus). Word n-grams, and settings not handled here, are left to scikit-learn.
"""

from __future__ import annotations

import weakref
from collections import Counter
from itertools import chain

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

# A long-running service meets ever new words: start afresh past this many (about 16 MB of n-gram indices).
MAX_CACHED_WORDS = 50_000

_readers: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def transform(vectorizer: TfidfVectorizer, texts) -> sp.csr_matrix:
    """`vectorizer.transform(texts)`."""
    reader = _reader(vectorizer)
    if reader is None:
        return vectorizer.transform(texts)
    counts = [Counter(reader(text)) for text in texts]
    indptr = np.cumsum([0] + [len(c) for c in counts], dtype=np.int32)
    indices = np.fromiter(chain.from_iterable(counts), dtype=np.int32, count=int(indptr[-1]))
    values = np.fromiter(chain.from_iterable(c.values() for c in counts), dtype=vectorizer.dtype,
                         count=int(indptr[-1]))
    X = sp.csr_matrix((values, indices, indptr), shape=(len(counts), len(vectorizer.vocabulary_)))
    X.sort_indices()
    return vectorizer._tfidf.transform(X, copy=False)


def _reader(vectorizer: TfidfVectorizer):
    """A function from a text to its in-vocabulary feature indices, or None (not handled here)."""
    if vectorizer in _readers:
        return _readers[vectorizer]
    plain = (vectorizer.input == "content" and vectorizer.preprocessor is None and vectorizer.tokenizer is None
             and vectorizer.strip_accents is None and not vectorizer.binary and hasattr(vectorizer, "_tfidf"))
    reader = _char_wb_reader(vectorizer) if plain and vectorizer.analyzer == "char_wb" else None
    _readers[vectorizer] = reader
    return reader


def _char_wb_reader(vectorizer: TfidfVectorizer):
    vocabulary, (low, high), lowercase = vectorizer.vocabulary_, vectorizer.ngram_range, vectorizer.lowercase
    words: dict[str, list[int]] = {}

    def ngrams(word: str) -> list[int]:
        padded, found = f" {word} ", []
        for n in range(low, high + 1):
            found += [vocabulary[g] for start in range(max(1, len(padded) - n + 1))
                      if (g := padded[start:start + n]) in vocabulary]
            if len(padded) <= n:  # a short word counts once, as scikit-learn counts it
                break
        return found

    def read(text: str) -> list[int]:
        if len(words) > MAX_CACHED_WORDS:
            words.clear()
        found: list[int] = []
        for word in (text.lower() if lowercase else text).split():
            ids = words.get(word)
            if ids is None:
                ids = words[word] = ngrams(word)
            found += ids
        return found

    return read
