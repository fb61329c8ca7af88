"""Versioned schema migrations.

Each migration is a SQL script that moves the database one version forward. Append new
ones to MIGRATIONS; never edit one that has shipped: databases in the field have already
run it. The applied version lives in SQLite's `user_version`, and each script runs in
one transaction together with the version bump, so a crash leaves the old version intact.
"""

import sqlite3
from collections.abc import Callable

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

# Alerts (monitor/alerts/, monitor/notify/): events, the rules they matched, the outbox
# that delivers them exactly once per channel, and the digests' runs.
ALERTS = """
-- One event per story: a step of a model's risk tier, a regulatory move, or another story a
-- rule matched. `key` is what makes copies from many outlets one event.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('tier_change', 'move', 'story')),
    key TEXT NOT NULL UNIQUE,
    article_id INTEGER NOT NULL,
    story_id INTEGER,
    title TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL DEFAULT 'none',
    themes TEXT NOT NULL DEFAULT '[]',
    jurisdiction TEXT NOT NULL DEFAULT '[]',
    tier_key TEXT,
    org TEXT,
    model TEXT,
    framework TEXT,
    category TEXT,
    level TEXT,
    previous_level TEXT,
    direction TEXT,
    instrument TEXT,
    stage TEXT,
    evidence TEXT NOT NULL DEFAULT '[]',
    scores TEXT NOT NULL DEFAULT '{}',
    backfill INTEGER NOT NULL DEFAULT 0,
    happened_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX events_tier ON events(tier_key, happened_at) WHERE tier_key IS NOT NULL;
CREATE INDEX events_kind_created ON events(kind, created_at);
CREATE INDEX events_instrument ON events(instrument, stage) WHERE instrument IS NOT NULL;

CREATE TABLE event_articles (
    event_id INTEGER NOT NULL REFERENCES events(id),
    article_id INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (event_id, article_id)
);
CREATE INDEX event_articles_article ON event_articles(article_id);

-- An event that matched a rule: at most one per (event, rule).
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    rule TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (event_id, rule)
);
CREATE INDEX alerts_created ON alerts(created_at);

-- Which labels of which article raise_alerts has already looked at, and how far it read.
CREATE TABLE alert_progress (
    article_id INTEGER PRIMARY KEY,
    labels_version TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE TABLE alert_state (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A digest's runs: the window each covered. The next window starts where the last ended.
CREATE TABLE digest_runs (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL,
    window_start TEXT,
    window_end TEXT NOT NULL,
    items INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL CHECK (state IN ('queued', 'empty')),
    created_at TEXT NOT NULL
);
CREATE INDEX digest_runs_digest ON digest_runs(digest, window_end);

-- What each digest has carried, so a story is in one digest run only.
CREATE TABLE digest_items (
    digest TEXT NOT NULL,
    item_key TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES digest_runs(id),
    PRIMARY KEY (digest, item_key)
);

-- The outbox: one row per (event, channel) or (digest run, channel), claimed, sent, recorded.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    event_id INTEGER REFERENCES events(id),
    alert_id INTEGER REFERENCES alerts(id),
    digest_run_id INTEGER REFERENCES digest_runs(id),
    channel TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    parts_sent INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_at TEXT,
    claim_token TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (event_id, channel),
    UNIQUE (digest_run_id, channel),
    CHECK ((event_id IS NULL) <> (digest_run_id IS NULL))
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
"""

# Classifier labels (monitor/store/labels.py): the model's labels per article, the analyst's
# corrections (which always win and survive retraining and reclassification), and `labels`, the
# view of what counts for each article.
LABELS = """
CREATE TABLE model_labels (
    article_id INTEGER PRIMARY KEY,
    relevant INTEGER NOT NULL,
    themes TEXT NOT NULL DEFAULT '[]',
    action TEXT NOT NULL DEFAULT 'none',
    jurisdiction TEXT NOT NULL DEFAULT '[]',
    tier TEXT,
    scores TEXT NOT NULL DEFAULT '{}',
    evidence TEXT NOT NULL DEFAULT '[]',
    certainty REAL NOT NULL DEFAULT 1.0,
    model_version TEXT NOT NULL,
    labelled_at TEXT NOT NULL
);
CREATE INDEX model_labels_certainty ON model_labels(certainty);
CREATE INDEX model_labels_version ON model_labels(model_version);
CREATE INDEX model_labels_labelled_at ON model_labels(labelled_at, article_id);

CREATE TABLE analyst_labels (
    article_id INTEGER PRIMARY KEY,
    relevant INTEGER NOT NULL,
    themes TEXT NOT NULL DEFAULT '[]',
    action TEXT NOT NULL DEFAULT 'none',
    jurisdiction TEXT NOT NULL DEFAULT '[]',
    tier TEXT,
    analyst TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    labelled_at TEXT NOT NULL
);
CREATE INDEX analyst_labels_labelled_at ON analyst_labels(labelled_at, article_id);

-- One row per labelled article: the analyst's labels when there are any, else the model's.
CREATE VIEW labels AS
SELECT a.article_id, a.relevant, a.themes, a.action, a.jurisdiction, a.tier,
       coalesce(m.scores, '{}') AS scores, coalesce(m.evidence, '[]') AS evidence,
       'analyst' AS origin, m.model_version, a.labelled_at
FROM analyst_labels a LEFT JOIN model_labels m ON m.article_id = a.article_id
UNION ALL
SELECT m.article_id, m.relevant, m.themes, m.action, m.jurisdiction, m.tier, m.scores, m.evidence,
       'model' AS origin, m.model_version, m.labelled_at
FROM model_labels m WHERE m.article_id NOT IN (SELECT article_id FROM analyst_labels);
"""

# The recent full-text index (dropped by SEARCH_INDEX_QUEUE): the same index as articles_fts, over
# the newest RECENT_ARTICLES articles only (ids >= floor). A search over it costs a twentieth of
# one over the whole archive where FTS5 must read a term's whole index: BM25's statistics and
# prefix queries (`cyber*`). Triggers keep it: a new article goes in, an edited or deleted one is
# updated; once the newest id is PRUNE_STEP past the window, the oldest rows leave in one batch
# (tokenised again to be removed: about 0.3 s, every 1,024th insert). Migrating a million-article
# archive takes about 15 s (the newest 50,000 are indexed again).
RECENT_ARTICLES, PRUNE_STEP = 50_000, 1024
RECENT_SEARCH_INDEX = f"""
CREATE TABLE articles_recent_floor (floor INTEGER NOT NULL);
INSERT INTO articles_recent_floor SELECT coalesce(max(id), 0) - {RECENT_ARTICLES} + 1 FROM articles;
-- What the recent index holds, as its content table: snippets read it, and FTS5's 'rebuild'
-- and integrity checks compare the index with it rather than with the whole archive.
CREATE VIEW articles_recent AS
SELECT id, title, text FROM articles WHERE id >= (SELECT floor FROM articles_recent_floor);

CREATE VIRTUAL TABLE articles_recent_fts USING fts5(
    title, text,
    content='articles_recent', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO articles_recent_fts(articles_recent_fts) VALUES ('rebuild');

CREATE TRIGGER articles_recent_ai AFTER INSERT ON articles
WHEN new.id >= (SELECT floor FROM articles_recent_floor) BEGIN
    INSERT INTO articles_recent_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_recent_prune AFTER INSERT ON articles
WHEN new.id - {RECENT_ARTICLES} + 1 >= (SELECT floor FROM articles_recent_floor) + {PRUNE_STEP} BEGIN
    INSERT INTO articles_recent_fts(articles_recent_fts, rowid, title, text)
        SELECT 'delete', id, title, text FROM articles
        WHERE id >= (SELECT floor FROM articles_recent_floor) AND id < new.id - {RECENT_ARTICLES} + 1;
    UPDATE articles_recent_floor SET floor = new.id - {RECENT_ARTICLES} + 1;
END;
CREATE TRIGGER articles_recent_ad AFTER DELETE ON articles
WHEN old.id >= (SELECT floor FROM articles_recent_floor) BEGIN
    INSERT INTO articles_recent_fts(articles_recent_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_recent_au AFTER UPDATE OF title, text ON articles
WHEN old.id >= (SELECT floor FROM articles_recent_floor) BEGIN
    INSERT INTO articles_recent_fts(articles_recent_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_recent_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""

# Near-duplicate keys are only ever looked up by key: keep them as one index (key, article),
# with no table beside it to write to and to visit for each match.
STORY_KEYS_BY_KEY = """
CREATE TABLE story_keys_by_key (
    key INTEGER NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (key, article_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO story_keys_by_key SELECT key, article_id FROM story_keys;
DROP TABLE story_keys;
ALTER TABLE story_keys_by_key RENAME TO story_keys;
CREATE INDEX story_keys_article ON story_keys(article_id);
"""

# A near-duplicate candidate is read from its signature alone: story_id and source_id sit in
# articles after the text, so reading them there walks a long article's overflow pages.
SIGNATURES_NAME_THEIR_STORY = """
DELETE FROM story_keys WHERE article_id NOT IN (SELECT id FROM articles);
DELETE FROM article_signatures WHERE article_id NOT IN (SELECT id FROM articles);
ALTER TABLE article_signatures ADD COLUMN source_id TEXT NOT NULL DEFAULT '';
ALTER TABLE article_signatures ADD COLUMN story_id INTEGER;
UPDATE article_signatures SET (source_id, story_id) = (
    SELECT source_id, story_id FROM articles WHERE articles.id = article_signatures.article_id
);
"""

# Model labels remember which version of the article they read (its updated_at), so that an
# article revised by its publisher, or whose page arrived after a first failed fetch, is labelled
# again. Labels written before the article last changed are left without it: stale, relabelled.
LABELS_REMEMBER_THE_TEXT = """
ALTER TABLE model_labels ADD COLUMN article_updated_at TEXT;
UPDATE model_labels SET article_updated_at = (
    SELECT a.updated_at FROM articles a
    WHERE a.id = model_labels.article_id AND a.updated_at <= model_labels.labelled_at
);
"""

# Full-text search moves out of SQLite into a derived index (monitor/search/, tantivy), which
# finds the exact BM25 top results without scoring every match. The two FTS5 indexes and their
# triggers go: the crawl no longer tokenises each article twice while it writes. In their place,
# triggers append the id of each new, revised or deleted article to `search_queue`; the indexer
# applies the queue in batches and records in the index how far it got. `search_archive` names
# this archive, so an index left beside another archive (or a restored copy) is never taken for
# its own. The index of an existing archive is built on first use or by `monitor reindex`.
SEARCH_INDEX_QUEUE = """
DROP TRIGGER articles_fts_ai;
DROP TRIGGER articles_fts_ad;
DROP TRIGGER articles_fts_au;
DROP TABLE articles_fts;
DROP TRIGGER articles_recent_ai;
DROP TRIGGER articles_recent_prune;
DROP TRIGGER articles_recent_ad;
DROP TRIGGER articles_recent_au;
DROP TABLE articles_recent_fts;
DROP VIEW articles_recent;
DROP TABLE articles_recent_floor;

CREATE TABLE search_archive (id TEXT NOT NULL);
INSERT INTO search_archive VALUES (lower(hex(randomblob(16))));
CREATE TABLE search_queue (
    seq INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL
);
CREATE TRIGGER search_queue_ai AFTER INSERT ON articles BEGIN
    INSERT INTO search_queue (article_id) VALUES (new.id);
END;
CREATE TRIGGER search_queue_au AFTER UPDATE OF id, title, text, source_id, published ON articles BEGIN
    INSERT INTO search_queue (article_id) SELECT old.id WHERE old.id <> new.id;
    INSERT INTO search_queue (article_id) VALUES (new.id);
END;
CREATE TRIGGER search_queue_ad AFTER DELETE ON articles BEGIN
    INSERT INTO search_queue (article_id) VALUES (old.id);
END;
"""

# A tier step keeps the names its text gave the org, model, framework and level ("Northwind AI",
# "Atlas-4"): the ids are lower-case slugs, and people read the names.
EVENTS_KEEP_THE_TEXTS_NAMES = """
ALTER TABLE events ADD COLUMN names TEXT;
"""

# The crawl's duplicated and short-lived state, made lasting or dropped:
# - robots.txt is kept across crawls (until its cache lifetime ends, a day at most), so that a
#   `monitor crawl` does not ask every host for it again;
# - an article's `summary` is kept only when it differs from its text (it was a second copy of
#   the text for every feed that gives one text);
# - headline and lead words are no longer hashed into story keys (the crawl counts the words
#   articles share in memory, monitor/crawl/dedupe.py): `seq` numbers each signature written, so
#   a process keeping them in memory reads only what another process wrote since. The old
#   headline and lead keys are left to age out with the rest (pruned after 30 days).
CRAWL_STATE = """
CREATE TABLE robots (
    origin TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
UPDATE articles SET summary = '' WHERE summary = text AND summary <> '';
ALTER TABLE article_signatures ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX article_signatures_seq ON article_signatures(seq);
"""

MIGRATIONS: list[str] = [
    INITIAL_ARCHIVE,
    SERVICE_STATE,
    ALERTS,
    LABELS,
    RECENT_SEARCH_INDEX,
    STORY_KEYS_BY_KEY,
    SIGNATURES_NAME_THEIR_STORY,
    LABELS_REMEMBER_THE_TEXT,
    SEARCH_INDEX_QUEUE,
    EVENTS_KEEP_THE_TEXTS_NAMES,
    CRAWL_STATE,
]


class SchemaTooNew(RuntimeError):
    pass


def current_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, path: str, begin: Callable[[], None]) -> None:
    """Apply every migration the database has not seen yet, in one transaction with their
    version bumps. `begin` starts it holding the write lock, so that of two processes opening an
    old archive at once, the second waits and then finds the work done."""
    if _pending(conn, path):
        begin()
        try:
            for number in _pending(conn, path):  # read again, under the lock
                for statement in _statements(MIGRATIONS[number - 1]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
            conn.commit()
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise


def _pending(conn: sqlite3.Connection, path: str) -> range:
    version = current_version(conn)
    if version > len(MIGRATIONS):
        raise SchemaTooNew(
            f"{path}: the database has schema version {version}, newer than this monitor "
            f"knows ({len(MIGRATIONS)}); upgrade the monitor (pip install -U .)"
        )
    return range(version + 1, len(MIGRATIONS) + 1)


def _statements(script: str) -> list[str]:
    """A script's statements one by one (a trigger's body stays whole), to run them inside a
    transaction of ours: executescript() would commit it first."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending)
            pending = ""
    if pending.strip():
        statements.append(pending)
    return statements
