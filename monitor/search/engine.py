"""Searching the index: a query tree as a tantivy query, filters, the two orders, snippets.

Relevance is BM25 over the title and the text, the title's score counted TITLE_WEIGHT (8) times,
and it is exact: tantivy keeps the k best as it goes and skips the blocks of postings whose best
possible score cannot enter them (block-max WAND), so it never has to rank a window of recent
matches instead of all of them. Newest first sorts by the `newest` column (publication time, then
id: the archive's own ORDER BY published DESC, id DESC), looking at the last days first.

Totals are exact, but for a phrase in newest-first order, whose matches would all have to be
checked word by word to be counted (~100 ms for "AI Act" at a million articles): its total is the
matches seen so far, marked `total_is_estimate` ("at least"), as before.

Facets count the matches a search returns in `SearchResults.matches` (asked for with `window=`):
every match when there are at most EXACT_FACETS, else the `window` newest, as before.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date

import tantivy
from tantivy import Occur, Order, Query

from monitor.clock import day_after, day_start
from monitor.search.index import SCHEMA, WEIGHTS, Check, IndexBusy, SearchIndex, index_for, newest_key
from monitor.store.facets import FACET_WINDOW
from monitor.search.query import All, Any, Node, Phrase, SearchError, Without, positive_phrases, read_query
from monitor.search.text import PhraseTerms, completed_stems, matches, phrase_terms
from monitor.store.search import SearchRows

EXACT_FACETS = 5000  # up to this many matches, `matches` is all of them (facets count exactly)
MAX_PREFIX_TERMS = 500  # per field: a shorter prefix searches its most frequent words
SEARCH_CATCH_UP = 5000  # a search applies up to this many queued changes before answering
SNIPPET_CHARS = 160
NEWEST_SLICES = (3, 30, 365)  # days: newest first looks at the last 3, 30, 365 days, then everything
HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"  # never in article text; rendered by the caller


@dataclass
class SearchHit:
    id: int
    title: str
    url: str
    source_id: str
    source_name: str | None
    published: str
    story_id: int | None
    snippet: str
    score: float | None = None


@dataclass
class Matches:
    """Matches of a query that pass the filters, newest first. complete: `ids` is every match
    (counts over it are exact); otherwise the newest ones only."""

    ids: list[int]
    complete: bool


@dataclass
class SearchResults:
    query: str  # the expression that ran (the query as typed, or the words an invalid one was read as)
    order: str
    hits: list[SearchHit]
    total: int
    total_is_estimate: bool = False  # total is a lower bound (newest first, a phrase with many matches)
    note: str | None = None  # how an invalid query was read; an index that could not catch up
    filters: dict = field(default_factory=dict)
    matches: Matches | None = field(default=None, repr=False)  # asked for with `window=`


def search_articles(
    store,
    query: str,
    *,
    sources: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    order: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    window: int | None = None,
) -> SearchResults:
    """One page of results of a search of the archive `store` (a monitor.store.Store).

    `window`: also return (`.matches`) the newest `window` matches that pass the filters, or all
    of them when there are at most EXACT_FACETS: what facets count."""
    if order not in ("relevance", "newest"):
        raise SearchError(f"unknown order {order!r}: use relevance or newest")
    filters = {"sources": sources or [], "since": since, "until": until}
    rows = store.search_rows
    if not query.strip():
        ids, total = rows.newest(sources, since, until, limit, offset)
        return SearchResults("", "newest", hydrate(rows, None, [(i, None) for i in ids]), total, filters=filters)
    read = read_query(query)
    index, behind = _ready(store)
    searcher = index.searcher()
    compiled = compile_query(read.tree, searcher)
    note = " ".join(n for n in (read.note, behind) if n) or None
    if compiled.query is None:
        return SearchResults(read.expression, order, [], 0, note=note, filters=filters,
                             matches=Matches([], True) if window else None)
    if compiled.note:
        note = " ".join(n for n in (note, compiled.note) if n)
    filtered = _with_filters(compiled.query, sources, since, until)
    wanted = offset + limit
    total, estimate, matches = None, False, None
    if order == "newest" or window:
        top = min(index.latest_key(), newest_key(day_after(until)) - 1 if until else 2**64 - 1)
        need = max(wanted, EXACT_FACETS, window) if window else wanted
        newest, seen, everything = _newest(searcher, filtered, need, top)
        if everything:
            total = seen
        elif compiled.phrases and order == "newest":  # see the module's docstring
            total, estimate = seen, True
        if window:
            complete = everything and seen <= EXACT_FACETS
            matches = Matches(newest if complete else newest[:window], complete)
        ids_scores = [(i, None) for i in newest[offset:wanted]]
    if order == "relevance":
        # Pruned (a union of words, no filter): the k best, then a count. Otherwise every match
        # is scored anyway, and one pass gives both.
        pruned = compiled.words_only and filtered is compiled.query
        best, counted = _best(searcher, filtered, wanted, count=total is None and not pruned)
        total = total if counted is None else counted
        ids_scores = best[offset:]
    if total is None:
        total = _count(searcher, filtered)
    hits = hydrate(rows, read.tree, ids_scores, searcher)
    return SearchResults(read.expression, order, hits, total, estimate, note, filters=filters, matches=matches)


def search_page(store, query: str, *, labels: dict[str, tuple] | None = None, sources: list[str] | None = None,
                since: date | None = None, until: date | None = None, order: str = "relevance", limit: int = 20,
                offset: int = 0, timing: dict[str, float] | None = None):
    """One page of results and the facet counts over the matches (monitor.store.facets), as the
    web page and `monitor search` show them. With label filters (theme, action, jurisdiction,
    relevant) the page is the labelled matches among those the facets count, newest first."""
    timing = {} if timing is None else timing
    started = time.perf_counter()
    results = search_articles(store, query, sources=sources, since=since, until=until,
                              order="newest" if labels else order, limit=0 if labels else limit,
                              offset=offset, window=FACET_WINDOW)
    timing["search"] = round((time.perf_counter() - started) * 1000, 1)
    started = time.perf_counter()
    facets = store.facets(results.matches if query.strip() else None, sources=sources, since=since,
                          until=until, labels=labels or None, window=FACET_WINDOW)
    timing["facets"] = round((time.perf_counter() - started) * 1000, 1)
    if labels:
        note = results.note
        if not facets.exact:
            within = f"labelled matches among the {FACET_WINDOW:,} most recent matches"
            note = f"{note}; {within}" if note else within
        results = SearchResults(results.query, "newest", hits_for(store, query, facets.ids[offset:offset + limit]),
                                len(facets.ids), not facets.exact, note, results.filters)
    return results, facets


def hits_for(store, query: str, ids: list[int]) -> list[SearchHit]:
    """Results (with snippets for `query`) for these articles, in this order: a page of
    label-filtered matches, which come from facet counts rather than from a search."""
    if not query.strip():
        return hydrate(store.search_rows, None, [(i, None) for i in ids])
    index, _ = _ready(store)
    return hydrate(store.search_rows, read_query(query).tree, [(i, None) for i in ids], index.searcher())


def article_matches(store, article_id: int, query: str) -> bool:
    """Does this article match the query (an alert rule's)? Decided on its current text, with
    the index's terms but without the index, so a rule never waits for the indexer."""
    article = store.articles.get(article_id)
    return article is not None and matches(read_query(query).tree, article["title"], article["text"])


# --- the index, ready to answer ---------------------------------------------------------------

_catching_up: set[str] = set()
_catching_up_guard = threading.Lock()


def _ready(store) -> tuple[SearchIndex, str | None]:
    """The archive's index, made current when that is quick; else a note on how far behind it is.

    A missing or unusable index is built at once (a large archive: run `monitor reindex` first,
    which shows progress). A long queue is applied in the background while the search answers.
    Nothing is written from within a transaction of the caller's (its rows may yet roll back)."""
    index = index_for(store.path)
    rows = store.search_rows
    check = index.check(rows)
    if check.status == "upgrade":
        raise SearchError(check.reason)
    if store.in_transaction and check.status != "current":
        if not check.usable:
            raise SearchError(f"the search index cannot answer yet ({check.reason})")
        return index, _behind_note(check)
    if check.status in ("missing", "rebuild"):
        try:
            index.rebuild(rows, prune=not store.readonly, wait=1.0)
        except IndexBusy:
            if not index.check(rows).usable:
                raise SearchError(f"the search index is being rebuilt ({check.reason}); try again shortly") from None
        return index, None
    if check.status == "behind" and check.pending <= SEARCH_CATCH_UP:
        try:
            index.catch_up(rows, wait=2.0, prune=not store.readonly)
            return index, None
        except IndexBusy:
            pass
    if check.status == "behind":
        _catch_up_in_background(store.path, index)
        return index, _behind_note(check)
    return index, None


def _behind_note(check: Check) -> str:
    return (f"the search index is catching up with the archive ({check.pending:,} changes to apply): "
            "the newest articles may be missing")


def _catch_up_in_background(db_path: str, index: SearchIndex) -> None:
    with _catching_up_guard:
        if db_path in _catching_up:
            return
        _catching_up.add(db_path)

    def run() -> None:
        from monitor.store import Store

        try:
            with Store(db_path, readonly=True) as store:
                index.catch_up(store.search_rows, wait=60.0, prune=False)
        except (IndexBusy, ValueError, OSError):
            pass  # the holder of the lock applies the same queue; a rebuild is reported by check
        finally:
            with _catching_up_guard:
                _catching_up.discard(db_path)

    threading.Thread(target=run, name="search-index-catch-up", daemon=True).start()


# --- the query ----------------------------------------------------------------------------------


@dataclass
class Compiled:
    query: Query | None  # None: nothing can match
    note: str | None = None
    words_only: bool = False  # a union of single words: tantivy can skip what cannot enter the top k
    phrases: bool = False  # has phrases of several words (checking their positions costs)


def compile_query(tree: Node, searcher: tantivy.Searcher) -> Compiled:
    notes: list[str] = []
    built = _compile(tree, searcher, notes)
    phrases = any(len(terms.stems) + (terms.prefix is not None) > 1 for terms in map(phrase_terms, _all_phrases(tree)))
    return Compiled(_finish(built), " ".join(dict.fromkeys(notes)) or None, isinstance(built, _Terms), phrases)


def _all_phrases(node: Node) -> list[Phrase]:
    if isinstance(node, Phrase):
        return [node]
    if isinstance(node, Without):
        return _all_phrases(node.kept) + _all_phrases(node.excluded)
    return [phrase for part in node.parts for phrase in _all_phrases(part)]


class _Terms(list):
    """Alternatives that are single (boosted) term queries: kept flat, so that tantivy scores
    their union with block-max WAND (it does so only for a union of term queries)."""


def _compile(node: Node, searcher, notes: list[str]):
    if isinstance(node, Phrase):
        return _phrase(phrase_terms(node), searcher, notes)
    if isinstance(node, Any):
        parts = [p for p in (_compile(part, searcher, notes) for part in node.parts) if p is not None]
        if not parts:
            return None
        if all(isinstance(p, _Terms) for p in parts):
            return _Terms(q for p in parts for q in p)
        return Query.boolean_query([(Occur.Should, _finish(p)) for p in parts])
    if isinstance(node, All):
        parts = [_compile(part, searcher, notes) for part in node.parts]
        if any(p is None for p in parts):
            return None
        return Query.boolean_query([(Occur.Must, _finish(p)) for p in parts])
    assert isinstance(node, Without)
    kept, excluded = _compile(node.kept, searcher, notes), _compile(node.excluded, searcher, notes)
    if kept is None or excluded is None:
        return kept
    return Query.boolean_query([(Occur.Must, _finish(kept)), (Occur.MustNot, _finish(excluded))])


def _finish(built) -> Query | None:
    if isinstance(built, _Terms):
        if not built:
            return None
        return built[0] if len(built) == 1 else Query.boolean_query([(Occur.Should, q) for q in built])
    return built


def _phrase(terms: PhraseTerms, searcher, notes: list[str]):
    """A phrase in any of its fields; a one-word phrase as term queries (_Terms)."""
    if terms.empty:
        return None
    alternatives = _Terms()
    for name in terms.fields:
        endings = [()] if terms.prefix is None else [(stem,) for stem in _prefix_stems(searcher, name, terms.prefix, notes)]
        for ending in endings:
            words = [*terms.stems, *ending]
            query = Query.term_query(SCHEMA, name, words[0]) if len(words) == 1 else Query.phrase_query(SCHEMA, name, words)
            alternatives.append(Query.boost_query(query, WEIGHTS[name]) if WEIGHTS[name] != 1 else query)
    if not alternatives:
        return None
    one_word = len(terms.stems) + (terms.prefix is not None) == 1
    return alternatives if one_word else _finish(alternatives)


def _prefix_stems(searcher, name: str, prefix: str, notes: list[str]) -> list[str]:
    """The stems in this field that a prefix covers (see monitor.search.text), the most frequent
    MAX_PREFIX_TERMS of them."""
    found = dict(searcher.terms_with_prefix(name, prefix))
    for stem in completed_stems(prefix):
        if stem not in found:
            frequency = searcher.doc_freq(name, stem)
            if frequency:
                found[stem] = frequency
    if len(found) > MAX_PREFIX_TERMS:
        notes.append(f"'{prefix}*' covers {len(found):,} words; searched for the {MAX_PREFIX_TERMS} most common.")
        return sorted(found, key=lambda stem: -found[stem])[:MAX_PREFIX_TERMS]
    return sorted(found)


def _with_filters(query: Query, sources, since, until) -> Query:
    clauses = []
    if sources:
        clauses.append(Query.term_set_query(SCHEMA, "source", list(sources)))
    if since or until:
        lower = newest_key(day_start(since)) if since else 0
        upper = newest_key(day_after(until)) if until else 2**64 - 1
        clauses.append(Query.range_query(SCHEMA, "newest", tantivy.FieldType.Unsigned, lower, upper,
                                         include_lower=True, include_upper=False))
    if not clauses:
        return query
    return Query.boolean_query([(Occur.Must, query)]
                               + [(Occur.Must, Query.const_score_query(c, 0.0)) for c in clauses])


# --- the two orders -------------------------------------------------------------------------------


def _newest(searcher, query: Query, limit: int, top: int) -> tuple[list[int], int, bool]:
    """The ids of the `limit` newest matches, how many matches were seen, and whether that was
    all of them. Sorting by date needs no score, but tantivy reads every match to sort; a phrase
    of common words costs ~100 ms a pass at a million articles. So the last days before `top`
    (the newest key a match can have) are searched first: when they hold `limit` matches, those
    are the newest."""
    for days in (*NEWEST_SLICES, None):
        sliced = query
        if days is not None:
            since = Query.range_query(SCHEMA, "newest", tantivy.FieldType.Unsigned, max(top - (days * 86400 << 32), 0),
                                      2**64 - 1)
            sliced = Query.boolean_query([(Occur.Must, query), (Occur.Must, Query.const_score_query(since, 0.0))])
        result = searcher.search(sliced, max(limit, 1), count=True, order_by_field="newest", order=Order.Desc)
        if days is None or result.count >= limit:
            return [int(key) & 0xFFFFFFFF for key, _ in result.hits][:limit], result.count, days is None
    raise AssertionError("unreachable")


def _count(searcher, query: Query) -> int:
    return searcher.search(query, 1, count=True, order_by_field="newest").count


def _best(searcher, query: Query, limit: int, count: bool = False) -> tuple[list[tuple[int, float]], int | None]:
    """(id, score) of the `limit` best matches by BM25, and (`count`) how many match."""
    result = searcher.search(query, max(limit, 1), count=count)
    hits = result.hits[:limit]
    ids = searcher.fast_field_values("id", [address for _, address in hits])
    return [(int(article_id), score) for article_id, (score, _) in zip(ids, hits)], result.count


# --- results --------------------------------------------------------------------------------------


def hydrate(rows: SearchRows, tree: Node | None, ids_scores: list[tuple[int, float | None]],
            searcher=None) -> list[SearchHit]:
    """The page of hits in this order, each with a highlighted snippet of its text."""
    ids = [article_id for article_id, _ in ids_scores]
    found = rows.hits(ids)
    snippets = _snippets(rows, tree, list(found), searcher) if tree is not None and found else {}
    return [
        SearchHit(
            id=article_id, title=found[article_id]["title"], url=found[article_id]["url"],
            source_id=found[article_id]["source_id"], source_name=found[article_id]["source_name"],
            published=found[article_id]["published"], story_id=found[article_id]["story_id"],
            snippet=snippets.get(article_id) or found[article_id]["lead"],
            score=None if score is None else round(score, 3),
        )
        for article_id, score in ids_scores
        if article_id in found
    ]


def _snippets(rows: SearchRows, tree: Node, ids: list[int], searcher) -> dict[int, str]:
    """A passage of each article's text around what the query matched, the matched words marked."""
    body = [phrase for phrase in positive_phrases(tree) if "text" in phrase.fields]
    terms = _compile(Any(tuple(Phrase(p.text, ("text",), p.prefix) for p in body)), searcher, []) if body else None
    query = _finish(terms)
    if query is None:
        return {}
    generator = tantivy.SnippetGenerator.create(searcher, query, SCHEMA, "text")
    generator.set_max_num_chars(SNIPPET_CHARS)
    snippets = {}
    for article_id, text in rows.texts(ids).items():
        snippet = generator.snippet_from_doc(tantivy.Document(text=text))
        if snippet.highlighted():
            snippets[article_id] = _marked(text, snippet)
    return snippets


def _marked(text: str, snippet) -> str:
    """The snippet's passage with HIGHLIGHT marks, and an ellipsis where it cuts the text."""
    data = text.encode()
    span = snippet.fragment_range()
    fragment = data[span.start:span.end]
    marks: list[list[int]] = []
    for mark in snippet.highlighted():  # words of a phrase side by side: one mark
        if marks and not fragment[marks[-1][1]:mark.start].strip():
            marks[-1][1] = mark.end
        else:
            marks.append([mark.start, mark.end])
    pieces, at = [], 0
    for start, end in marks:
        pieces += [fragment[at:start].decode(errors="ignore"), HIGHLIGHT_START,
                   fragment[start:end].decode(errors="ignore"), HIGHLIGHT_END]
        at = end
    pieces.append(fragment[at:].decode(errors="ignore"))
    return ("…" if span.start > 0 else "") + "".join(pieces) + ("…" if span.end < len(data) else "")


def highlight(snippet: str, start: str, end: str) -> str:
    return snippet.replace(HIGHLIGHT_START, start).replace(HIGHLIGHT_END, end)
