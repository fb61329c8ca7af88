"""Versioned schema migrations.

Each migration is a SQL script that moves the database one version forward. Append new
ones to MIGRATIONS; never edit one that has shipped: databases in the field have already
run it. The applied version lives in SQLite's `user_version`, and each script runs in
one transaction together with the version bump, so a crash leaves the old version intact.
"""

import sqlite3

# Sources and their health, the fetch log, articles, stories, full-text index.
INITIAL_ARCHIVE = """
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    enabled INTEGER NOT NULL DEFAULT 1,
    etag TEXT,
    last_modified TEXT,
    last_fetch_at TEXT,
    last_success_at TEXT,
    last_status TEXT,
    last_http_status INTEGER,
    last_error_cause TEXT,
    last_error TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_fetch_after TEXT,
    items_total INTEGER NOT NULL DEFAULT 0,
    last_new_items INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE fetch_log (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    url TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL,
    http_status INTEGER,
    cause TEXT,
    message TEXT,
    items_seen INTEGER NOT NULL DEFAULT 0,
    items_new INTEGER NOT NULL DEFAULT 0,
    items_updated INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fetch_log_source_started ON fetch_log(source_id, started_at);

CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    article_count INTEGER NOT NULL DEFAULT 1,
    source_count INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL,
    url TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    guid TEXT,
    title TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    text_source TEXT NOT NULL DEFAULT 'feed',
    authors TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    published TEXT NOT NULL,
    published_estimated INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    content_hash TEXT NOT NULL DEFAULT '',
    story_id INTEGER REFERENCES stories(id),
    full_text_status TEXT NOT NULL DEFAULT 'none',
    full_text_attempts INTEGER NOT NULL DEFAULT 0,
    full_text_error TEXT
);
CREATE UNIQUE INDEX articles_url ON articles(url);
CREATE UNIQUE INDEX articles_source_guid ON articles(source_id, guid) WHERE guid IS NOT NULL;
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source_published ON articles(source_id, published);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_full_text_pending ON articles(source_id) WHERE full_text_status = 'pending';

-- Near-duplicate detection: locality-sensitive hash keys of recent articles.
CREATE TABLE story_keys (
    key INTEGER NOT NULL,
    article_id INTEGER NOT NULL
);
CREATE INDEX story_keys_key ON story_keys(key);
CREATE INDEX story_keys_article ON story_keys(article_id);

CREATE TABLE article_signatures (
    article_id INTEGER PRIMARY KEY,
    published TEXT NOT NULL,
    title_terms TEXT NOT NULL DEFAULT '',
    lead_terms TEXT NOT NULL DEFAULT '',
    text_minhash BLOB
);
CREATE INDEX article_signatures_published ON article_signatures(published);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content='articles', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""

# What the long-lived service (`monitor run`) did and will do next, for `monitor status`.
SERVICE_STATE = """
CREATE TABLE service_jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    last_run_at TEXT,
    last_outcome TEXT,
    last_message TEXT,
    last_seconds REAL,
    next_run_at TEXT,
    runs INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE service_runs (
    id INTEGER PRIMARY KEY,
    pid INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL,
    stopped_at TEXT
);
"""

MIGRATIONS: list[str] = [
    INITIAL_ARCHIVE,
    SERVICE_STATE,
]


class SchemaTooNew(RuntimeError):
    pass


def current_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Apply every migration the database has not seen yet."""
    version = current_version(conn)
    if version > len(MIGRATIONS):
        raise SchemaTooNew(
            f"{path}: the database has schema version {version}, newer than this monitor "
            f"knows ({len(MIGRATIONS)}); upgrade the monitor (pip install -U .)"
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        try:
            conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.rollback()
            raise
