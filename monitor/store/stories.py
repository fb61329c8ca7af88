"""SQL for stories: groups of articles that report the same news, the hash keys that find
syndicated copies, and the signatures the story tests compare."""

from datetime import datetime, timedelta

from monitor.clock import iso
from monitor.records import StorySignature
from monitor.store.table import Table, json_list

_SIGNATURE = "article_id, story_id, source_id, published, title_terms, lead_terms, text_minhash"


class Stories(Table):
    def candidates(self, keys: list[int], *, published: datetime, window: timedelta,
                   also: list[int] = ()) -> list[StorySignature]:
        """Articles placed in a story that share a text key and were published within `window` of
        `published`, and the articles `also` names (found by their words)."""
        found = []
        if keys:
            marks = ",".join("?" * len(keys))
            found += self.conn.execute(
                f"""
                SELECT {_SIGNATURE} FROM article_signatures
                WHERE article_id IN (SELECT article_id FROM story_keys WHERE key IN ({marks}))
                    AND published BETWEEN ? AND ? AND story_id IS NOT NULL
                """,
                (*keys, iso(published - window), iso(published + window)),
            ).fetchall()
        if also:
            seen = {row[0] for row in found}
            found += [row for row in self.conn.execute(
                f"""SELECT {_SIGNATURE} FROM article_signatures
                    WHERE article_id IN (SELECT value FROM json_each(?)) AND story_id IS NOT NULL""",
                (json_list(also),)) if row[0] not in seen]
        return [StorySignature(*row) for row in found]  # the columns are in the dataclass's field order

    def words(self, *, published_from: datetime | None = None, published_to: datetime | None = None,
              after_seq: int | None = None) -> list[tuple[int, str, str, str, str, int]]:
        """(article_id, source_id, published, title_terms, lead_terms, seq) of the articles placed
        in a story: published in a range, or whose signature was written after `after_seq`."""
        if after_seq is not None:
            where, params = "seq > ?", (after_seq,)
        else:
            where, params = "published BETWEEN ? AND ?", (iso(published_from), iso(published_to))
        return self.conn.execute(
            f"""SELECT article_id, source_id, published, title_terms, lead_terms, seq FROM article_signatures
                WHERE {where} AND story_id IS NOT NULL""", params).fetchall()

    def last_seq(self) -> int:
        return self.conn.execute("SELECT coalesce(max(seq), 0) FROM article_signatures").fetchone()[0]

    def remember(self, signature: StorySignature, keys: list[int], *, replace: bool = True) -> int:
        """Store an article's keys and signature, for later articles to find among their candidates;
        `replace=False` for a new article, which has none yet. Returns the signature's seq."""
        article_id = signature.article_id
        if replace:
            self.conn.execute("DELETE FROM story_keys WHERE article_id = ?", (article_id,))
        self.conn.executemany(
            "INSERT INTO story_keys (key, article_id) VALUES (?, ?)", [(key, article_id) for key in set(keys)]
        )
        seq = self.last_seq() + 1
        self.conn.execute(
            """
            INSERT INTO article_signatures (article_id, story_id, source_id, published, title_terms, lead_terms,
                text_minhash, seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(article_id) DO UPDATE SET
                story_id = excluded.story_id, source_id = excluded.source_id, published = excluded.published,
                title_terms = excluded.title_terms, lead_terms = excluded.lead_terms,
                text_minhash = excluded.text_minhash, seq = excluded.seq
            """,
            (article_id, signature.story_id, signature.source_id, signature.published, signature.title_terms,
             signature.lead_terms, signature.text_minhash, seq),
        )
        return seq

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
        """Drop the hash keys and signatures of articles published before `cutoff`; keeps them small."""
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
