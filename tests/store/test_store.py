"""The archive on a real SQLite file: migrations and read-only access (search: tests/test_search*.py)."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from monitor.records import ArticleRecord, Labels
from monitor.store import Store, StoreError
from monitor.store.schema import MIGRATIONS, SchemaTooNew
from monitor.search import search_articles

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
                "search_queue"} <= set(db.table_names()) and "labels" in db.view_names()
        assert not {"articles_fts", "articles_recent_fts"} & set(db.table_names())  # migration 9 drops FTS5
        assert db["story_keys"].pks == ["key", "article_id"] and "WITHOUT ROWID" in db["story_keys"].schema
        assert list(db["story_keys"].rows) == [{"key": 7, "article_id": 1}, {"key": 8, "article_id": 1}]
        assert {"source_id", "story_id"} <= set(db["article_signatures"].columns_dict)
        assert next(db["article_signatures"].rows)["story_id"] == 3
        assert "article_updated_at" in db["model_labels"].columns_dict
        assert [hit.id for hit in search_articles(store, "ransomware").hits] == [1]  # the search index is built from it
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


