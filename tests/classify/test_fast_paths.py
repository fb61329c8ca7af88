"""The labeller's fast paths give exactly what the plain computations give."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from monitor.classify import model as model_io
from monitor.classify import tfidf
from monitor.classify.features import CHAR_CHARS, record_parts
from monitor.classify.predict import SHIPPED_MODEL
from monitor.classify.rules import CueSet
from monitor.taxonomy import load_taxonomy

AWKWARD = ["", "a", "ab cd", "x" * 3, "İstanbul  ÉTÉ\tmodel", "日本 AI 人工知能", "  leading and trailing  ",
           "the EU AI Act's Article 51 (systemic risk) -- SB 53 / H.R. 1 ... ASL-3!"]


def _corpus_texts(shared) -> list[tuple[str, str]]:
    rows = []
    for name in ("labelled.jsonl", "feed_items_labelled.jsonl"):
        rows += [json.loads(line) for line in (shared / "corpus" / name).open(encoding="utf-8") if line.strip()]
    return [record_parts(r) for r in rows]


def _same(a, b) -> bool:
    return (a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a.indptr, b.indptr)
            and np.array_equal(a.indices, b.indices) and np.array_equal(a.data, b.data))


def test_character_ngrams_are_the_vectorizers_own(shared):
    texts = _corpus_texts(shared)
    documents = [t + " . " + b[:CHAR_CHARS] for t, b in texts] + AWKWARD
    for ngrams, lowercase in (((3, 5), True), ((2, 4), False), ((1, 3), True)):
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=ngrams, min_df=2, sublinear_tf=True,
                                     lowercase=lowercase, max_features=30000, dtype=np.float32)
        vectorizer.fit(documents[::2])
        for _ in range(2):  # with the words' n-grams looked up, then as kept
            assert _same(tfidf.transform(vectorizer, documents), vectorizer.transform(documents))


def test_the_shipped_models_character_features_are_unchanged(shared):
    texts = _corpus_texts(shared)
    features = model_io.load(SHIPPED_MODEL).features
    documents = [t + " . " + b[:CHAR_CHARS] for t, b in texts]
    assert _same(tfidf.transform(features.char_vec, documents), features.char_vec.transform(documents))


def test_other_vectorizers_are_left_to_scikit_learn():
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 3)).fit(["one text", "another text"])
    assert tfidf._reader(vectorizer) is None
    assert _same(tfidf.transform(vectorizer, ["a text"]), vectorizer.transform(["a text"]))


@pytest.fixture(scope="module")
def regex_cues() -> CueSet:
    """The taxonomy's regular-expression cues alone."""
    cues = CueSet.from_taxonomy(load_taxonomy(use_env=False))
    assert cues.regexes
    return CueSet(cues.names, {}, {}, cues.regexes, 1)


def test_regex_cues_tried_where_their_first_words_are_find_every_match(shared, regex_cues):
    texts = [part for title_text in _corpus_texts(shared) for part in title_text] + AWKWARD
    found = 0
    for text in texts:
        scanned = sorted((g, cue, m.start()) for g, cue, pattern, _ in regex_cues.regexes
                         for m in pattern.finditer(text))
        assert sorted(regex_cues._matches(text)) == scanned, text[:80]
        found += len(scanned)
    assert found > 1000


def test_a_text_whose_lower_case_is_longer_is_scanned_whole(regex_cues):
    text = "İİ The Commission adopted the delegated act on Tuesday; the FTC sued the developer."
    assert len(text.lower()) != len(text)
    scanned = sorted((g, cue, m.start()) for g, cue, pattern, _ in regex_cues.regexes for m in pattern.finditer(text))
    assert scanned and sorted(regex_cues._matches(text)) == scanned


def test_family_names_are_those_one_pattern_of_the_words_finds(shared):
    import re

    from monitor.classify.tiers import names

    sentences = [text for title_text in _corpus_texts(shared) for text in title_text if text] + [
        "Vantor Sigma 2 and Vantor Sigma Labs 3 shipped; Vantor-Omni Pro was rated, Vantor X-1 too.",
        "Acme Vantor Sigma 2, Vantor Vantor Sigma, Vantor  Sigma, Vantora Sigma, Vantor Sigma Ultra 4.5 a.",
    ]
    words = sorted({w for s in sentences[:400] for w in re.findall(r"\b[A-Z][a-z]{2,}\b", s)})
    families = [("Vantor",), ("Vantor", "Vantora"), tuple(words[:40]), tuple(words[40:200]), tuple(words)]
    found = 0
    for family in families:
        one_pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, family)) + r")" + names._FAMILY_VARIANT
                                 + r"{1,2}(?:[ -]\d{1,3}(?:\.\d{1,2})?(?![\w]|\.\d))?")
        for sentence in sentences:
            expected = [m.span() for m in one_pattern.finditer(sentence)]
            assert names._FamilyNames(family).spans(sentence) == expected, (family[:3], sentence[:80])
            found += len(expected)
    assert found > 100
