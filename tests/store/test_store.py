"""The archive on a real SQLite file: migrations, read-only access, search plans and syntax."""

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

import monitor.store.search as search_module
from monitor.records import ArticleRecord, Labels
from monitor.store import Store, StoreError
from monitor.store.schema import MIGRATIONS, SchemaTooNew
from monitor.store.search import HIGHLIGHT_END, HIGHLIGHT_START

START = datetime(2026, 1, 1, tzinfo=UTC)


def add(store: Store, n: int, title: str, text: str, source_id: str = "src", days: int = 0) -> int:
    published = START + timedelta(days=days)
    record = ArticleRecord(
        source_id=source_id, url=f"https://example.org/{n}", link=f"https://example.org/{n}", guid=None,
        title=title, summary="", text=text, text_source="feed", published=published, published_estimated=False,
        seen_at=published, content_hash=str(n),
    )
    with store.transaction():
        return store.articles.insert(record)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "archive.db") as store:
        yield store


def test_new_database_is_migrated_once_and_in_wal_mode(tmp_path):
    path = tmp_path / "a.db"
    Store(path).close()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.integrity_check() == "ok"


def test_database_from_a_newer_monitor_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(SchemaTooNew, match="newer than this monitor knows"):
        Store(path)


def database_at_version(path, version: int) -> sqlite3.Connection:
    """A database as a monitor of schema `version` left it."""
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:version], start=1):
        conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    return conn


def test_an_archive_of_the_first_schema_migrates_to_the_current_one_and_keeps_its_articles(tmp_path):
    path = tmp_path / "first.db"
    conn = database_at_version(path, 1)
    conn.executescript("""
        INSERT INTO sources (id, name, url) VALUES ('wire', 'Wire', 'https://wire.example/feed.xml');
        INSERT INTO stories (id, title, first_seen, last_seen) VALUES (3, 'Ransomware', '2026-01-01T00:00:00Z',
            '2026-01-01T00:00:00Z');
        INSERT INTO articles (id, source_id, url, title, text, published, first_seen, updated_at, story_id)
            VALUES (1, 'wire', 'https://wire.example/1', 'Ransomware gang hits hospital',
                    'A ransomware gang used an AI model to write its lures.', '2026-01-01T00:00:00Z',
                    '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 3);
        INSERT INTO article_signatures (article_id, published, title_terms) VALUES (1, '2026-01-01T00:00:00Z',
            'ransomware gang hit hospital');
        INSERT INTO story_keys (key, article_id) VALUES (7, 1), (8, 1);
    """)
    conn.close()

    with Store(path) as store:
        db = store.db
        assert store.schema_version == len(MIGRATIONS)
        assert {"service_jobs", "events", "outbox", "digest_runs", "model_labels", "analyst_labels",
                "articles_recent_fts"} <= set(db.table_names()) and "labels" in db.view_names()
        assert db["story_keys"].pks == ["key", "article_id"] and "WITHOUT ROWID" in db["story_keys"].schema
        assert list(db["story_keys"].rows) == [{"key": 7, "article_id": 1}, {"key": 8, "article_id": 1}]
        assert {"source_id", "story_id"} <= set(db["article_signatures"].columns_dict)
        assert next(db["article_signatures"].rows)["story_id"] == 3
        assert "article_updated_at" in db["model_labels"].columns_dict
        assert [hit.id for hit in store.search("ransomware").hits] == [1]  # both full-text indexes hold it
        with store.transaction():
            store.labels.save_model(1, Labels(relevant=True, themes=["cyber"]), "m-1", START)
        assert store.labels.get(1).themes == ["cyber"] and store.labels.get(1).origin == "model"
    with Store(path) as again:  # nothing left to run
        assert again.schema_version == len(MIGRATIONS) and again.articles.count() == 1


def test_migration_copies_story_and_source_into_signatures_and_drops_orphans(tmp_path):
    path = tmp_path / "old.db"
    conn = database_at_version(path, 6)
    conn.executescript("""
        INSERT INTO stories (id, title, first_seen, last_seen) VALUES (9, 't', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
        INSERT INTO articles (id, source_id, url, title, published, first_seen, updated_at, story_id)
            VALUES (4, 'wire', 'https://example.org/4', 't', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',
                    '2026-01-01T00:00:00Z', 9);
        INSERT INTO article_signatures (article_id, published) VALUES (4, '2026-01-01T00:00:00Z'),
            (5, '2026-01-01T00:00:00Z');
        INSERT INTO story_keys (key, article_id) VALUES (11, 4), (12, 5);
    """)
    conn.close()
    with Store(path) as store:
        rows = store.conn.execute("SELECT article_id, source_id, story_id FROM article_signatures").fetchall()
        assert [tuple(r) for r in rows] == [(4, "wire", 9)]
        assert [tuple(r) for r in store.conn.execute("SELECT key, article_id FROM story_keys")] == [(11, 4)]


def test_migration_marks_labels_older_than_their_article_as_stale(tmp_path):
    path = tmp_path / "old.db"
    conn = database_at_version(path, 7)
    conn.executescript("""
        INSERT INTO articles (id, source_id, url, title, published, first_seen, updated_at)
            VALUES (1, 'wire', 'https://example.org/1', 't', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',
                    '2026-01-01T00:00:00Z'),
                   (2, 'wire', 'https://example.org/2', 't', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',
                    '2026-01-03T00:00:00Z');
        INSERT INTO model_labels (article_id, relevant, model_version, labelled_at)
            VALUES (1, 0, 'm-1', '2026-01-02T00:00:00Z'), (2, 0, 'm-1', '2026-01-02T00:00:00Z');
    """)
    conn.close()
    with Store(path) as store:
        stale = store.labels.to_classify(only_missing=True, model_version="m-1")
        assert [row["id"] for row in stale] == [2]  # its page came after it was labelled


def test_read_only_store_cannot_write_and_needs_an_existing_file(tmp_path, store):
    add(store, 1, "Title", "Text")
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.db", readonly=True)
    with Store(store.path, readonly=True) as reader:
        assert reader.articles.count() == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader.conn.execute("DELETE FROM articles")


def test_fts_index_follows_inserts_updates_and_deletes(store):
    article_id = add(store, 1, "Senate passes bill", "The chamber voted on the measure.")
    assert [h.id for h in store.search("chamber").hits] == [article_id]
    with store.transaction():
        store.conn.execute("UPDATE articles SET text = 'Rewritten body about committees' WHERE id = ?", (article_id,))
    assert store.search("chamber").hits == [] and [h.id for h in store.search("committees").hits] == [article_id]
    with store.transaction():
        store.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
    assert store.search("committees").hits == []


def test_phrases_stemming_and_title_weight(store):
    in_text = add(store, 1, "Weekly roundup", "Brussels published guidance on the AI Act and enforcement plans.")
    in_title = add(store, 2, "AI Act enforcement begins", "Regulators start work.")
    add(store, 3, "Act of kindness", "An AI helped someone.")
    hits = store.search('"AI Act" enforcement').hits
    assert [h.id for h in hits] == [in_title, in_text]
    assert [h.id for h in store.search("regulating").hits] == [in_title]  # porter: regulators ~ regulating


def test_snippets_are_highlighted(store):
    add(store, 1, "Title", "Long text before. The fine was imposed by the authority. Long text after.")
    snippet = store.search("fine").hits[0].snippet
    assert f"{HIGHLIGHT_START}fine{HIGHLIGHT_END}" in snippet


@pytest.mark.parametrize("query", ['"AI Act enforcement', "dogs AND (", "AI-Act", "C++ rules", "foo:bar", "NEAR(", "*"])
def test_queries_that_are_not_valid_syntax_are_answered_or_explained(store, query):
    add(store, 1, "AI Act enforcement", "dogs rules act bar foo")
    try:
        results = store.search(query)
    except search_module.SearchError as error:
        assert "nothing to search for" in str(error)
        return
    assert results.note and "searched for all of" in results.note


def test_filters_by_source_and_date(store):
    add(store, 1, "AI rules", "text", source_id="a", days=0)
    add(store, 2, "AI rules", "text", source_id="b", days=10)
    add(store, 3, "AI rules", "text", source_id="a", days=20)
    assert [h.id for h in store.search("rules", sources=["a"], order="newest").hits] == [3, 1]
    assert [h.id for h in store.search("rules", since=date(2026, 1, 5), until=date(2026, 1, 11)).hits] == [2]
    assert [h.id for h in store.search("rules", until=date(2026, 1, 1)).hits] == [1]  # until includes the day
    listing = store.search("", sources=["a"])
    assert ([h.id for h in listing.hits], listing.total) == ([3, 1], 2)


def test_paging(store):
    for n in range(7):
        add(store, n, f"Bill {n}", "legislature vote", days=n)
    first = store.search("vote", order="newest", limit=3)
    second = store.search("vote", order="newest", limit=3, offset=3)
    assert first.total == 7 and [h.id for h in first.hits] == [7, 6, 5] and [h.id for h in second.hits] == [4, 3, 2]


def test_large_match_sets_use_the_date_walk_and_bounded_ranking(store, monkeypatch):
    for n in range(30):
        add(store, n, "Frontier AI" + (" safety" * (n % 3)), "frontier frontier model", days=(n * 7) % 30)
    exact_newest = [h.id for h in store.search("frontier", order="newest", limit=30).hits]
    newest_safety = {h.id for h in store.search("safety", order="newest", limit=10).hits}
    monkeypatch.setattr(search_module, "GATHER_LIMIT", 5)
    monkeypatch.setattr(search_module, "RANK_WINDOW", 10)
    walked = store.search("frontier", order="newest", limit=30)
    assert [h.id for h in walked.hits] == exact_newest and walked.total_is_estimate
    ranked = store.search("safety", order="relevance", limit=5)
    assert ranked.ranked_within == 10 and {h.id for h in ranked.hits} <= newest_safety
    scores = [h.score for h in ranked.hits]
    assert scores == sorted(scores, reverse=True)
