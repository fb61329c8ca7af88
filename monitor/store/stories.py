"""SQL for stories: groups of articles that report the same news, and the hash keys that find them."""

from datetime import datetime, timedelta

from monitor.clock import iso
from monitor.records import StorySignature
from monitor.store.table import Table


class Stories(Table):
    def candidates(self, text_keys: list[int], term_keys: list[int], *, published: datetime, source_id: str,
                   text_window: timedelta, rewrite_window: timedelta) -> list[StorySignature]:
        """Articles that share a near-duplicate key: a text key within `text_window` of `published`,
        or a headline/lead key within `rewrite_window` from a source other than `source_id`."""
        found = self._sharing(text_keys, published, text_window)
        found.update(self._sharing(term_keys, published, rewrite_window, other_than=source_id))
        return list(found.values())

    def _sharing(self, keys: list[int], published: datetime, window: timedelta,
                 other_than: str | None = None) -> dict[int, StorySignature]:
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            f"""
            SELECT article_id, story_id, source_id, published, title_terms, lead_terms, text_minhash
            FROM article_signatures
            WHERE article_id IN (SELECT article_id FROM story_keys WHERE key IN ({marks}))
                AND published BETWEEN ? AND ? AND story_id IS NOT NULL AND source_id IS NOT ?
            """,
            (*keys, iso(published - window), iso(published + window), other_than),
        ).fetchall()
        return {row[0]: StorySignature(*row) for row in rows}  # the columns are in the dataclass's field order

    def remember(self, signature: StorySignature, keys: list[int], *, replace: bool = True) -> None:
        """Store an article's keys and signature, for later articles to find among their candidates;
        `replace=False` for a new article, which has none yet."""
        article_id = signature.article_id
        if replace:
            self.conn.execute("DELETE FROM story_keys WHERE article_id = ?", (article_id,))
        self.conn.executemany(
            "INSERT INTO story_keys (key, article_id) VALUES (?, ?)", [(key, article_id) for key in set(keys)]
        )
        self.conn.execute(
            """
            INSERT INTO article_signatures (article_id, story_id, source_id, published, title_terms, lead_terms,
                text_minhash)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(article_id) DO UPDATE SET
                story_id = excluded.story_id, source_id = excluded.source_id, published = excluded.published,
                title_terms = excluded.title_terms, lead_terms = excluded.lead_terms,
                text_minhash = excluded.text_minhash
            """,
            (article_id, signature.story_id, signature.source_id, signature.published, signature.title_terms,
             signature.lead_terms, signature.text_minhash),
        )

    def start(self, article_id: int, title: str, seen_at: datetime) -> int:
        story_id = self.conn.execute(
            "INSERT INTO stories (title, first_seen, last_seen) VALUES (?, ?, ?)",
            (title, iso(seen_at), iso(seen_at)),
        ).lastrowid
        self.conn.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
        return story_id

    def join(self, article_id: int, story_id: int, seen_at: datetime) -> None:
        self.conn.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
        self.conn.execute(
            """
            UPDATE stories SET last_seen = max(last_seen, :seen),
                article_count = (SELECT count(*) FROM articles WHERE story_id = :story),
                source_count = (SELECT count(DISTINCT source_id) FROM articles WHERE story_id = :story)
            WHERE id = :story
            """,
            {"seen": iso(seen_at), "story": story_id},
        )

    def forget_keys_before(self, cutoff: datetime) -> int:
        """Drop the hash keys of articles published before `cutoff`; keeps the key index small."""
        with self.store.transaction():
            old = "SELECT article_id FROM article_signatures WHERE published < ?"
            self.conn.execute(f"DELETE FROM story_keys WHERE article_id IN ({old})", (iso(cutoff),))
            return self.conn.execute("DELETE FROM article_signatures WHERE published < ?", (iso(cutoff),)).rowcount

    def get(self, story_id: int) -> dict | None:
        row = self.conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        return dict(row) if row else None

    def multi_source(self, limit: int = 10) -> list[dict]:
        rows = self.conn.execute(
            "SELECT * FROM stories WHERE source_count > 1 ORDER BY last_seen DESC, id DESC LIMIT ?", (limit,)
        ).fetchall()
        return [dict(row) for row in rows]
