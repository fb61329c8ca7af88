"""Search plans over the two full-text indexes: the recent one (newest articles) and the whole archive's."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

import monitor.store.search as search_module
from monitor.store import Store
from monitor.store.schema import RECENT_ARTICLES

START = datetime(2026, 1, 1, tzinfo=UTC)


def add(store: Store, title: str, text: str, days: float, article_id: int | None = None, source: str = "src") -> int:
    """An article published `days` after START; `article_id` forces its id (to jump past the recent window)."""
    published = (START + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with store.transaction():
        cursor = store.conn.execute(
            """
            INSERT INTO articles (id, source_id, url, title, text, published, first_seen, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (article_id, source, f"https://example.org/{title}/{days}/{article_id}", title, text, published,
             published, published),
        )
    return cursor.lastrowid


def recent_ids(store: Store) -> list[int]:
    return [row[0] for row in store.conn.execute("SELECT id FROM articles_recent_fts_docsize ORDER BY id")]


def check_indexes(store: Store) -> None:
    for table in ("articles_fts", "articles_recent_fts"):
        store.conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "archive.db") as store:
        yield store


def test_recent_index_follows_inserts_edits_deletes_and_drops_articles_past_its_window(store):
    old = [add(store, f"Frontier bill {n}", "cyberattack hearing", days=n) for n in range(3)]
    assert recent_ids(store) == old
    with store.transaction():
        store.conn.execute("UPDATE articles SET text = 'cybersecurity hearing' WHERE id = ?", (old[1],))
        store.conn.execute("DELETE FROM articles WHERE id = ?", (old[2],))
    check_indexes(store)
    assert [h.id for h in store.search("cybersecurity").hits] == [old[1]]

    jump = RECENT_ARTICLES + 5000  # far enough ahead that the oldest rows leave the recent index
    new = add(store, "Frontier bill new", "cyberattack hearing", days=10, article_id=jump)
    floor = store.conn.execute("SELECT floor FROM articles_recent_floor").fetchone()[0]
    assert floor == jump - RECENT_ARTICLES + 1 and recent_ids(store) == [new]
    check_indexes(store)
    # Old articles are still found, through the whole archive's index, snippets included.
    hits = store.search("cyber*", order="newest").hits
    assert [h.id for h in hits] == [new, old[1], old[0]]
    assert all(search_module.HIGHLIGHT_START in h.snippet for h in hits)
    with store.transaction():
        store.conn.execute("DELETE FROM articles WHERE id = ?", (old[0],))  # outside the recent index
    check_indexes(store)
    assert [h.id for h in store.search("hearing", order="newest").hits] == [new, old[1]]


def test_many_matches_split_between_the_indexes_give_the_exact_newest_page(store, monkeypatch):
    old = [add(store, "Safety bill", f"safety text {n}", days=n) for n in range(40)]
    first = RECENT_ARTICLES + 5000
    # Backfilled articles: recent ids, older dates; and newer ones.
    recent = [add(store, "Safety bill", f"safety text {n}", days=(n * 7) % 60, article_id=first + n) for n in range(30)]
    monkeypatch.setattr(search_module, "GATHER_LIMIT", 10)
    monkeypatch.setattr(search_module, "WALK_BATCH", (4, 8))
    exact = [row[0] for row in store.conn.execute(
        "SELECT id FROM articles ORDER BY published DESC, id DESC LIMIT 50")]
    walked = store.search("safety", order="newest", limit=50)
    assert [h.id for h in walked.hits] == exact and walked.total_is_estimate
    assert set(old) | set(recent) >= set(exact)


def test_relevance_ranks_the_recent_matches_with_the_recent_index_when_there_are_enough(store, monkeypatch):
    for n in range(20):
        add(store, "Model card" if n % 2 else "Weekly notes", "model evaluation", days=n)
    first = RECENT_ARTICLES + 5000
    recent = [add(store, "Model card" if n % 3 == 0 else "Weekly notes", "model " * (n % 4 + 1), days=30 + n,
                  article_id=first + n) for n in range(12)]
    monkeypatch.setattr(search_module, "GATHER_LIMIT", 5)
    monkeypatch.setattr(search_module, "COMMON_IN_RECENT", 5)  # 12 recent matches: a common query
    monkeypatch.setattr(search_module, "RANK_WINDOW", 25)
    monkeypatch.setattr(search_module, "MIN_RECENT_WINDOW", 10)
    ranked = store.search("model", order="relevance", limit=12)
    assert ranked.ranked_within == 12 and {h.id for h in ranked.hits} == set(recent)
    scores = [h.score for h in ranked.hits]
    assert scores == sorted(scores, reverse=True)
    assert {h.id for h in ranked.hits[:4]} == {i for n, i in enumerate(recent) if n % 3 == 0}  # title matches first
    monkeypatch.setattr(search_module, "MIN_RECENT_WINDOW", 13)  # too few recent ones: rank the whole window
    wider = store.search("model", order="relevance", limit=30)
    assert wider.ranked_within == 25 and len(wider.hits) == 25
    monkeypatch.setattr(search_module, "MIN_RECENT_WINDOW", 10)
    monkeypatch.setattr(search_module, "COMMON_IN_RECENT", 12)  # not common: the whole window, whole index
    rare = store.search("model", order="relevance", limit=30)
    assert rare.ranked_within == 25 and {h.id for h in rare.hits} >= set(recent)


def test_facet_window_comes_with_the_search(store, monkeypatch):
    for n in range(12):
        add(store, "Hearing", "hearing", days=n, source="a" if n % 2 else "b")
    monkeypatch.setattr(search_module, "GATHER_LIMIT", 5)
    results = store.search("hearing", order="newest", limit=3, window=8)
    assert [h.id for h in results.hits] == [12, 11, 10]
    assert results.matches.ids == list(range(12, 4, -1)) and not results.matches.complete
    few = store.search("hearing", sources=["a"], limit=3, window=8)
    assert few.matches.ids == [12, 10, 8, 6, 4, 2] and few.matches.complete  # the filtered walk saw them all


def test_an_archive_without_the_recent_index_is_searched_with_the_whole_index(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as store:
        ids = [add(store, "Tier update", f"cyberattack {n}", days=n) for n in range(3)]
    conn = sqlite3.connect(path)  # as an archive from before schema 5 looks, opened read-only
    conn.executescript("""
        DROP TRIGGER articles_recent_ai; DROP TRIGGER articles_recent_prune; DROP TRIGGER articles_recent_ad;
        DROP TRIGGER articles_recent_au; DROP TABLE articles_recent_fts; DROP VIEW articles_recent;
        DROP TABLE articles_recent_floor; PRAGMA user_version = 4;
    """)
    conn.close()
    with Store(path, readonly=True) as store:
        assert [h.id for h in store.search("cyber*", order="newest").hits] == ids[::-1]
        assert len(store.search("cyberattack").hits) == 3


def test_a_scratch_index_of_the_same_articles_ranks_and_snippets_as_the_archive_does(store):
    ids = [add(store, "Cyber rules" if n % 4 == 0 else "Weekly notes", "cyberattack " * (n % 5 + 1) + "filler " * n,
               days=n) for n in range(12)]
    index = search_module._Indexes(store.conn)
    for expression in ("cyber*", '"weekly notes" OR cyberattack', "title:cyber"):
        archive = search_module._rank_within(store.conn, index, expression, ids, 20, 0)
        scratch = search_module._rank_in_scratch(store.conn, expression, ids, 20, 0)
        assert [i for i, _ in scratch] == [i for i, _ in archive]
        assert [round(s, 6) for _, s in scratch] == [round(s, 6) for _, s in archive]
    plain = search_module._snippets(store.conn, index, "cyberattack", ids)
    assert search_module._snippets(store.conn, index, "cyberattack*", ids) == plain
