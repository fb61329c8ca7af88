"""How text becomes index terms, and how a query's phrases are matched against them.

Words are runs of letters and digits, lower-cased, accents folded (`Déjà` -> `deja`), and cut to
their English stems (Snowball's English stemmer): "regulations", "regulating" and "regulators"
are all `regul`, so a search for any of them finds the others, as people expect of a search box.
The index keeps stems only.

A prefix (`regulat*`) is matched against stems too, which takes one step more: a stem can be
shorter than the prefix ("regulation" -> `regul`), so stems that start with the prefix are not
enough. The prefix also covers the stems of its completions by English word endings
(`regulat` + `ion`, + `ory`, + `e`, ...): `regulat*` finds regulation, regulations, regulatory,
regulate, regulators. Like any word search, that includes the other forms of those words
("regulate" for `regulati*`). A word whose ending is not in ENDINGS and whose stem is shorter
than the prefix is missed; a prefix that stops at a stem ("regul*") never is.

`matches` decides one article against a query tree without an index (alert rules), with the
same terms the index would use, so a rule and a search agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tantivy import Filter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer

from monitor.search.query import All, Any, Node, Phrase, Without

MAX_WORD = 64  # longer "words" (base64, hashes) are not indexed


def _analyzer(stemmed: bool) -> TextAnalyzer:
    builder = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(MAX_WORD))
               .filter(Filter.lowercase()).filter(Filter.ascii_fold()))
    if stemmed:
        builder = builder.filter(Filter.stemmer("english"))
    return builder.build()


STEMMED = _analyzer(stemmed=True)  # the index's analyzer for title and text
FOLDED = _analyzer(stemmed=False)  # words as written, lower case, accents folded: prefixes

# Word endings a prefix may stop inside of, as written (the stemmer takes them off or changes them).
ENDINGS = (
    "s es ies ied ed ing ings ingly edly ly y ity ities ion ions ation ations ational ationally "
    "ator ators atory ate ated ates ating ative atives atively ment ments ement ements ent ents "
    "ently ence ences ency encies ance ances ancy ancies ant ants al als ally alism alist alists "
    "ality alities alize alized alizes alizing alization alise alised alisation ise ised ises "
    "ising isation ize ized izes izing ization izations izer izers ism isms ist ists ive ives "
    "ively iveness ivity ivities ous ously ousness ful fully fulness less lessly lessness ness "
    "able ably ability abilities ible ibly ibility ic ics ical ically icate icates icity er ers "
    "est or ors ory ories ogy ogies ogical e ure ures ural"
).split()


def stems(text: str) -> list[str]:
    return STEMMED.analyze(text)


@lru_cache(maxsize=1024)
def completed_stems(prefix: str) -> frozenset[str]:
    """The stems of `prefix` completed by each English ending (overlapping the prefix's end
    when it stops inside one): the stems a prefix covers beyond those that start with it."""
    candidates = {prefix}
    for ending in ENDINGS:
        for overlap in range(len(ending) + 1):
            if prefix.endswith(ending[:overlap]):
                candidates.add(prefix + ending[overlap:])
    found = STEMMED.analyze(" ".join(sorted(candidates)))
    return frozenset(stem for stem in found if not stem.startswith(prefix))


@dataclass(frozen=True)
class PhraseTerms:
    """A phrase as index terms: its stems, and for a prefix phrase the last word as written."""

    stems: tuple[str, ...]
    prefix: str | None
    fields: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.stems and self.prefix is None

    def prefix_covers(self, stem: str) -> bool:
        return stem.startswith(self.prefix) or stem in completed_stems(self.prefix)


@lru_cache(maxsize=4096)
def phrase_terms(phrase: Phrase) -> PhraseTerms:
    if not phrase.prefix:
        return PhraseTerms(tuple(stems(phrase.text)), None, phrase.fields)
    words = FOLDED.analyze(phrase.text)
    if not words:
        return PhraseTerms((), None, phrase.fields)
    return PhraseTerms(tuple(stems(" ".join(words[:-1]))), words[-1], phrase.fields)


def matches(tree: Node, title: str, text: str) -> bool:
    """Does an article with this title and text match the query tree?"""
    return _matches(tree, {"title": stems(title), "text": stems(text)})


def _matches(node: Node, fields: dict[str, list[str]]) -> bool:
    if isinstance(node, Phrase):
        terms = phrase_terms(node)
        return not terms.empty and any(_contains(fields[f], terms) for f in terms.fields)
    if isinstance(node, All):
        return all(_matches(part, fields) for part in node.parts)
    if isinstance(node, Any):
        return any(_matches(part, fields) for part in node.parts)
    assert isinstance(node, Without)
    return _matches(node.kept, fields) and not _matches(node.excluded, fields)


def _contains(words: list[str], terms: PhraseTerms) -> bool:
    """Do the phrase's terms appear side by side in these words?"""
    stems, size = list(terms.stems), len(terms.stems)
    for start in range(len(words) - size - (terms.prefix is not None) + 1):
        if words[start:start + size] == stems and (terms.prefix is None or terms.prefix_covers(words[start + size])):
            return True
    return False
