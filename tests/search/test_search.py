"""Searching the archive through its index (monitor.search), on real SQLite files and real index
files: the exact BM25 order against a brute-force BM25, newest first against the archive's own
order, every query class, filters, snippets, and articles that change or go."""

import math
import random
from datetime import UTC, date, datetime, timedelta

import pytest

from monitor.search import (
    HIGHLIGHT_END, HIGHLIGHT_START, TEXT_WEIGHT, TITLE_WEIGHT, SearchError, index_for, search_articles,
)
from monitor.search.query import All, Any, Phrase, Without, read_query
from monitor.search.text import matches, phrase_terms, stems
from monitor.store import Store

START = datetime(2026, 1, 1, tzinfo=UTC)


def add(store: Store, title: str, text: str, days: float = 0, source: str = "src") -> int:
    published = (START + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with store.transaction():
        cursor = store.conn.execute(
            "INSERT INTO articles (source_id, url, title, text, published, first_seen, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (source, f"https://example.org/{title}/{days}/{random.random()}", title, text, published, published,
             published),
        )
    return cursor.lastrowid


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "archive.db") as store:
        yield store


# --- relevance: the exact BM25 top k ------------------------------------------------------------

VOCABULARY = ("AI act safety model frontier regulation regulatory regulate regulators regular cyber cyberattack "
              "cybersecurity senate bill governor privacy deepfake hearing testing evaluation lab policy the of "
              "and new rules").split()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """200 articles of random words (titles and texts short enough that tantivy keeps their
    lengths exactly), over a month, from three sources."""
    rng = random.Random(11)
    with Store(tmp_path_factory.mktemp("bm25") / "archive.db") as store:
        for n in range(200):
            title = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(2, 8)))
            text = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(5, 30)))
            add(store, title, text, days=rng.random() * 30, source=f"s{n % 3}")
        rows = store.conn.execute("SELECT id, title, text, source_id, published FROM articles").fetchall()
        yield store, [dict(row) for row in rows]


def brute_force_scores(docs: list[dict], query: str) -> dict[int, float]:
    """BM25 of every matching article, computed from the text alone: per field, k1 1.2, b 0.75,
    idf ln(1 + (N - n + 0.5) / (n + 0.5)) (a phrase: the sum of its words'), the title's score
    weighted TITLE_WEIGHT; a prefix scores each word of the archive it covers."""
    fields = {f: {d["id"]: stems(d[f]) for d in docs} for f in ("title", "text")}
    count = len(docs)
    average = {f: sum(map(len, fields[f].values())) / count for f in fields}
    weight = {"title": TITLE_WEIGHT, "text": TEXT_WEIGHT}

    def frequency(words: list[str], tokens: list[str]) -> int:
        return sum(tokens[i:i + len(words)] == words for i in range(len(tokens) - len(words) + 1))

    def idf(f: str, word: str) -> float:
        n = sum(word in tokens for tokens in fields[f].values())
        return math.log(1 + (count - n + 0.5) / (n + 0.5))

    def bm25(f: str, words: list[str], article_id: int) -> float:
        tokens = fields[f][article_id]
        tf = frequency(words, tokens)
        if not tf:
            return 0.0
        norm = 1.2 * (1 - 0.75 + 0.75 * len(tokens) / average[f])
        return weight[f] * sum(idf(f, w) for w in words) * tf * 2.2 / (tf + norm)

    def score(node, article_id: int) -> float:
        if isinstance(node, Phrase):
            terms = phrase_terms(node)
            total = 0.0
            for f in terms.fields:
                if terms.prefix is None:
                    total += bm25(f, list(terms.stems), article_id)
                else:
                    covered = {t for tokens in fields[f].values() for t in tokens if terms.prefix_covers(t)}
                    total += sum(bm25(f, [*terms.stems, t], article_id) for t in covered)
            return total
        if isinstance(node, (All, Any)):
            return sum(score(part, article_id) for part in node.parts)
        assert isinstance(node, Without)
        return score(node.kept, article_id)

    tree = read_query(query).tree
    return {d["id"]: score(tree, d["id"]) for d in docs if matches(tree, d["title"], d["text"])}


@pytest.mark.parametrize("query", [
    "safety", "AI act", '"AI act"', "safety OR cyberattack OR deepfake", "regulat*", "title:model",
    "safety NOT act", "cyber* model", '"frontier mod"*', "title:(privacy OR senate) hearing", "-title:bill",
])
@pytest.mark.parametrize("limit", [5, 20])
def test_relevance_is_the_exact_bm25_top_k(corpus, query, limit):
    store, docs = corpus
    expected = brute_force_scores(docs, query)
    results = search_articles(store, query, order="relevance", limit=limit)
    assert results.total == len(expected) and expected
    got = [(hit.id, hit.score) for hit in results.hits]
    assert len(got) == min(limit, len(expected))
    for article_id, score in got:
        assert score == pytest.approx(expected[article_id], abs=2e-3)
    assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)
    lowest = got[-1][1]
    better = {i for i, s in expected.items() if s > lowest + 2e-3}
    assert better <= {i for i, _ in got}  # nothing that scores higher was left out


def test_relevance_with_filters_ranks_every_match_that_passes_them(corpus):
    store, docs = corpus
    since, until = date(2026, 1, 10), date(2026, 1, 20)
    passing = {d["id"] for d in docs if d["source_id"] == "s1" and "2026-01-10" <= d["published"][:10] <= "2026-01-20"}
    expected = {i: s for i, s in brute_force_scores(docs, "safety OR privacy").items() if i in passing}
    results = search_articles(store, "safety OR privacy", sources=["s1"], since=since, until=until, limit=200)
    assert [h.id for h in results.hits] == sorted(expected, key=lambda i: -expected[i])[:len(results.hits)] \
        or all(abs(h.score - expected[h.id]) < 2e-3 for h in results.hits)
    assert {h.id for h in results.hits} == set(expected) and results.total == len(expected)


def test_title_words_count_eight_times_the_text(store):
    in_text = add(store, "Weekly roundup", "Brussels published guidance on the AI Act and enforcement plans.")
    in_title = add(store, "AI Act enforcement begins", "Regulators start work.")
    add(store, "Act of kindness", "An AI helped someone.")
    assert [h.id for h in search_articles(store, '"AI Act" enforcement').hits] == [in_title, in_text]
    assert [h.id for h in search_articles(store, "regulating").hits] == [in_title]  # stems: regulators ~ regulating


# --- newest first: the archive's own order ------------------------------------------------------


def test_newest_first_is_the_archives_order_with_filters_and_pages(corpus):
    store, docs = corpus
    for filters in ({}, {"sources": ["s2"]}, {"since": date(2026, 1, 8)}, {"until": date(2026, 1, 12)},
                    {"sources": ["s0", "s1"], "since": date(2026, 1, 3), "until": date(2026, 1, 25)}):
        tree = read_query("safety OR model").tree
        exact = sorted((d for d in docs if matches(tree, d["title"], d["text"])
                        and (not filters.get("sources") or d["source_id"] in filters["sources"])
                        and (not filters.get("since") or d["published"][:10] >= filters["since"].isoformat())
                        and (not filters.get("until") or d["published"][:10] <= filters["until"].isoformat())),
                       key=lambda d: (d["published"], d["id"]), reverse=True)
        pages = [search_articles(store, "safety OR model", order="newest", limit=7, offset=o, **filters) for o in (0, 7, 14)]
        assert [h.id for page in pages for h in page.hits] == [d["id"] for d in exact[:21]], filters
        assert pages[0].total == len(exact) and not pages[0].total_is_estimate


def test_no_query_lists_the_newest_articles_that_pass_the_filters(store):
    add(store, "AI rules", "text", source="a", days=0)
    add(store, "AI rules", "text", source="b", days=10)
    add(store, "AI rules", "text", source="a", days=20)
    listing = search_articles(store, "", sources=["a"])
    assert ([h.id for h in listing.hits], listing.total) == ([3, 1], 2)


# --- query classes, filters, snippets -------------------------------------------------------------


def test_every_query_class_finds_what_it_says(store):
    regulation = add(store, "New regulation", "The regulation covers frontier models.")
    regulatory = add(store, "Regulatory agenda", "A regulatory sandbox for AI systems.")
    regular = add(store, "Regular meeting", "The regular board meeting on cyberattacks.")
    card = add(store, "Model card published", "The system card lists evaluations of frontier models.")

    def found(query: str) -> set[int]:
        return {h.id for h in search_articles(store, query, limit=50).hits}

    assert found("regulat*") == {regulation, regulatory}  # and not "regular"
    assert found("regulations") == {regulation}
    assert found('"frontier models"') == {regulation, card}
    assert found('"models frontier"') == set()
    assert found("frontier NOT card") == {regulation}
    assert found("sandbox OR meeting") == {regulatory, regular}
    assert found("title:card") == {card} and found("title:frontier") == set()
    assert found("text:regular") == {regular} and found("-title:regulation") == {regulation}
    assert found("-title:card models") == {card}  # "card" in its text
    assert found("cyber*") == {regular}
    assert found('"system ca"*') == {card}
    assert found("zzyzx") == set()


def test_filters_by_source_and_date_include_the_until_day(store):
    add(store, "AI rules", "text", source="a", days=0)
    add(store, "AI rules", "text", source="b", days=10)
    add(store, "AI rules", "text", source="a", days=20)
    assert [h.id for h in search_articles(store, "rules", sources=["a"], order="newest").hits] == [3, 1]
    assert [h.id for h in search_articles(store, "rules", since=date(2026, 1, 5), until=date(2026, 1, 11)).hits] == [2]
    assert [h.id for h in search_articles(store, "rules", until=date(2026, 1, 1)).hits] == [1]
    assert search_articles(store, "rules", sources=["a", "b"]).total == 3


def test_snippets_mark_the_matched_words_of_the_text(store):
    add(store, "Title", "Long text before. " * 30 + "The fine was imposed by the data authority. " + "After. " * 40)
    snippet = search_articles(store, 'fine "data authority"').hits[0].snippet
    assert f"{HIGHLIGHT_START}fine{HIGHLIGHT_END}" in snippet
    assert f"{HIGHLIGHT_START}data authority{HIGHLIGHT_END}" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    only_title = add(store, "Penalty notice", "Nothing about it here.")
    assert search_articles(store, "penalty").hits[0].snippet == "Nothing about it here."  # the lead, unmarked
    assert search_articles(store, "penalty").hits[0].id == only_title


@pytest.mark.parametrize("query", ['"AI Act enforcement', "dogs AND (", "AI -Act", "C++ rules", "foo:bar", "NEAR(", "*"])
def test_queries_that_are_not_valid_syntax_are_answered_or_explained(store, query):
    add(store, "AI Act enforcement", "dogs rules act bar foo C")
    try:
        results = search_articles(store, query)
    except SearchError as error:
        assert "nothing to search for" in str(error)
        return
    assert results.note and "searched for all of" in results.note
    assert results.hits


def test_the_window_is_every_match_when_few_else_the_newest(store, monkeypatch):
    import monitor.search.engine as engine

    for n in range(12):
        add(store, "Hearing", "hearing", days=n, source="a" if n % 2 else "b")
    results = search_articles(store, "hearing", order="newest", limit=3, window=8)
    assert [h.id for h in results.hits] == [12, 11, 10] and results.matches.complete
    monkeypatch.setattr(engine, "EXACT_FACETS", 5)
    windowed = search_articles(store, "hearing", limit=3, window=8)
    assert windowed.matches.ids == list(range(12, 4, -1)) and not windowed.matches.complete
    assert windowed.total == 12


# --- the index follows the archive -----------------------------------------------------------------


def test_new_revised_and_deleted_articles_leave_the_index_as_the_archive_has_them(store):
    article = add(store, "Senate passes bill", "The chamber voted on the measure.")
    assert [h.id for h in search_articles(store, "chamber").hits] == [article]
    with store.transaction():
        store.conn.execute("UPDATE articles SET text = 'Rewritten body about committees' WHERE id = ?", (article,))
    assert search_articles(store, "chamber").hits == [] and [h.id for h in search_articles(store, "committees").hits] == [article]
    with store.transaction():
        store.conn.execute("UPDATE articles SET source_id = 'other', published = '2025-06-01T00:00:00Z' "
                           "WHERE id = ?", (article,))
    assert [h.id for h in search_articles(store, "committees", sources=["other"], until=date(2025, 6, 1)).hits] == [article]
    with store.transaction():
        store.conn.execute("DELETE FROM articles WHERE id = ?", (article,))
    assert search_articles(store, "committees").hits == [] and search_articles(store, "committees").total == 0
    assert index_for(store.path).searcher().num_docs == 0


def test_an_alert_rules_query_decides_an_article_as_a_search_would_without_the_index(store):
    from monitor.search import article_matches

    articles = [add(store, "EU regulators fine a lab", "The regulation bans deepfakes of candidates."),
                add(store, "Senate bill on frontier models", "Regulatory sandboxes and model cards."),
                add(store, "Regular update", "A regular meeting on cyberattacks.")]
    queries = ["regulat*", '"frontier models" OR deepfake*', "title:regulators", "regulators NOT cyberattack",
               "-title:regulators regulators", '"AI Act"', "cyber*"]
    decided = {q: {a for a in articles if article_matches(store, a, q)} for q in queries}
    assert index_for(store.path).check(store.search_rows).status == "missing"  # rules never wait for it
    for query in queries:
        assert decided[query] == {h.id for h in search_articles(store, query).hits}, query
    assert decided["regulat*"] == {articles[0], articles[1]}


def test_newest_first_looks_at_recent_days_first_and_stays_exact(store):
    rng = random.Random(3)
    days = [rng.random() * 700 for _ in range(300)]
    ids = [add(store, "Tier report", f"frontier model {'safety card' if n % 2 else 'card safety'}", days=d)
           for n, d in enumerate(days)]
    by_date = [i for _, i in sorted(zip(days, ids), reverse=True)]
    phrase = [i for i in by_date if (i - ids[0]) % 2]  # the odd ones say "safety card"
    for offset in (0, 20, 140):
        page = search_articles(store, '"safety card"', order="newest", limit=20, offset=offset)
        assert [h.id for h in page.hits] == phrase[offset:offset + 20]
    recent = search_articles(store, '"safety card"', order="newest", limit=5)
    assert recent.total_is_estimate and 5 <= recent.total < 150  # a phrase: counted as far as it looked
    assert search_articles(store, '"safety card"', order="relevance", limit=5).total == 150  # scored, so counted
    words = search_articles(store, "frontier", order="newest", limit=5)
    assert (words.total, words.total_is_estimate) == (300, False) and [h.id for h in words.hits] == by_date[:5]
    old = search_articles(store, '"safety card"', order="newest", until=date(2026, 6, 1), limit=10)
    assert [h.id for h in old.hits] == [i for i in phrase if days[ids.index(i)] < 152][:10]  # until June 1, included


def test_a_hyphenated_model_name_finds_that_name_and_no_note(store):
    named = add(store, "Atlas-4 gets new safeguards", "The lab's Atlas-4 model.")
    add(store, "Atlas of 4 regions", "A map with 4 regions and an atlas.")
    results = search_articles(store, "Atlas-4")
    assert [hit.id for hit in results.hits] == [named] and results.note is None


def test_an_unbalanced_quote_searches_every_word_as_its_note_says(store):
    apart = add(store, "Atlas gets new safeguards", "Safeguards for the atlas model.")
    results = search_articles(store, '"Atlas safeguards')
    assert [hit.id for hit in results.hits] == [apart]
    assert results.note.endswith('searched for all of: "Atlas" "safeguards"')
