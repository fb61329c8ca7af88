"""SQL for classifier labels: the model's labels per article and the analyst's corrections.

Two tables and a view (schema migration `LABELS`):

- `model_labels`: what the classifier said, with its scores, evidence, certainty and model
  version. Replaced whenever an article is (re)classified.
- `analyst_labels`: an analyst's full label set for an article. Never touched by the classifier,
  so it survives retraining and reclassification; it is training data for `monitor train`.
- `labels` (view): the labels that count, the analyst's when present, else the model's.

Labels go in and come out as `monitor.records.Labels`.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from monitor.clock import iso
from monitor.records import Labels, Scores, Tier
from monitor.store.table import Table, json_list


class LabelStore(Table):
    # --- writing ------------------------------------------------------------------------
    def save_model(self, article_id: int, labels: Labels, model_version: str, now: datetime) -> None:
        """Store the classifier's labels of one article (replacing its earlier model labels)."""
        self.save_model_many([(article_id, labels)], model_version, now)

    def save_model_many(self, items: list[tuple[int, Labels]], model_version: str, now: datetime) -> None:
        """Store the classifier's labels of each (article id, labels), noting which version of the
        article they read (its updated_at): a later revision makes them stale (see to_classify)."""
        self.conn.executemany(
            """
            INSERT INTO model_labels (article_id, relevant, themes, action, jurisdiction, tier, scores,
                evidence, certainty, model_version, labelled_at, article_updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT updated_at FROM articles WHERE id = ?))
            ON CONFLICT(article_id) DO UPDATE SET
                relevant = excluded.relevant, themes = excluded.themes, action = excluded.action,
                jurisdiction = excluded.jurisdiction, tier = excluded.tier, scores = excluded.scores,
                evidence = excluded.evidence, certainty = excluded.certainty,
                model_version = excluded.model_version, labelled_at = excluded.labelled_at,
                article_updated_at = excluded.article_updated_at
            """,
            [(article_id, *_columns(labels), json.dumps(labels.scores.as_dict()), json.dumps(labels.evidence),
              labels.certainty, model_version, iso(now), article_id)
             for article_id, labels in items],
        )

    def save_analyst(self, article_id: int, labels: Labels, now: datetime, analyst: str = "",
                     note: str = "") -> None:
        """Store an analyst's full label set for an article; it wins over the model from now on."""
        self.conn.execute(
            """
            INSERT INTO analyst_labels (article_id, relevant, themes, action, jurisdiction, tier, analyst,
                note, labelled_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(article_id) DO UPDATE SET
                relevant = excluded.relevant, themes = excluded.themes, action = excluded.action,
                jurisdiction = excluded.jurisdiction, tier = excluded.tier, analyst = excluded.analyst,
                note = excluded.note, labelled_at = excluded.labelled_at
            """,
            (article_id, *_columns(labels), analyst, note, iso(now)),
        )

    def clear_analyst(self, article_id: int) -> bool:
        """Drop an analyst's labels: the model's count again. True if there were any."""
        cursor = self.conn.execute("DELETE FROM analyst_labels WHERE article_id = ?", (article_id,))
        return cursor.rowcount > 0

    # --- reading ------------------------------------------------------------------------
    def get(self, article_id: int) -> Labels | None:
        """The labels that count for an article (`origin` says whose), or None."""
        row = self.conn.execute("SELECT * FROM labels WHERE article_id = ?", (article_id,)).fetchone()
        return _labels(row) if row else None

    def get_model(self, article_id: int) -> Labels | None:
        row = self.conn.execute(
            "SELECT *, 'model' AS origin FROM model_labels WHERE article_id = ?", (article_id,)
        ).fetchone()
        return _labels(row) if row else None

    def get_many(self, article_ids: list[int]) -> dict[int, Labels]:
        rows = self.conn.execute("SELECT * FROM labels WHERE article_id IN (SELECT value FROM json_each(?))",
                                 (json_list(article_ids),))
        return {row["article_id"]: _labels(row) for row in rows}

    def analyst_labelled(self) -> list[dict]:
        """Articles an analyst labelled, as training records: id, title, text and the labels."""
        rows = self.conn.execute(
            """
            SELECT a.id, a.title, a.text, a.url, a.source_id AS source, a.published,
                   l.relevant, l.themes, l.action, l.jurisdiction, l.tier
            FROM analyst_labels l JOIN articles a ON a.id = l.article_id ORDER BY a.id
            """
        ).fetchall()
        return [dict(row) | {"relevant": bool(row["relevant"]), "themes": json.loads(row["themes"]),
                             "jurisdiction": json.loads(row["jurisdiction"]),
                             "tier": json.loads(row["tier"]) if row["tier"] else None} for row in rows]

    def to_classify(self, *, since: str | None = None, model_version: str | None = None,
                    only_missing: bool = False, article_ids: list[int] | None = None, after_id: int = 0,
                    limit: int = 500) -> list[dict]:
        """Articles to (re)classify, by id from `after_id`, as the classifier reads them: these
        `article_ids`, or those published on/after `since`; with `only_missing`, those without
        model labels, with labels of another model version, or with labels of an older version
        of the article (revised, or its page fetched later)."""
        where, params = self._to_classify(since, model_version, only_missing, article_ids, after_id)
        rows = self.conn.execute(
            f"""
            SELECT a.id, a.title, a.text, a.url, a.source_id AS source, a.published
            FROM articles a LEFT JOIN model_labels m ON m.article_id = a.id
            WHERE {where} ORDER BY a.id LIMIT ?
            """,
            (*params, limit),
        ).fetchall()
        return [dict(row) for row in rows]

    def count_to_classify(self, *, since: str | None = None, model_version: str | None = None,
                          only_missing: bool = False, article_ids: list[int] | None = None) -> int:
        """How many articles `to_classify` would give, all batches together."""
        where, params = self._to_classify(since, model_version, only_missing, article_ids, 0)
        return self.conn.execute(
            f"SELECT count(*) FROM articles a LEFT JOIN model_labels m ON m.article_id = a.id WHERE {where}",
            params).fetchone()[0]

    @staticmethod
    def _to_classify(since, model_version, only_missing, article_ids, after_id) -> tuple[str, list]:
        where, params = ["a.id > ?"], [after_id]
        if article_ids is not None:
            where.append("a.id IN (SELECT value FROM json_each(?))")
            params.append(json_list(article_ids))
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if only_missing:
            where.append("(m.article_id IS NULL OR m.model_version IS NOT ?"
                         " OR m.article_updated_at IS NOT a.updated_at)")
            params.append(model_version)
        return " AND ".join(where), params

    def least_certain(self, *, limit: int = 20, since: str | None = None) -> list[tuple[dict, Labels]]:
        """Model-labelled articles no analyst has labelled, least certain first (to label next):
        each (id, title, url, published) with its labels."""
        where, params = ["l.article_id IS NULL"], []
        if since:
            where.append("a.published >= ?")
            params.append(since)
        rows = self.conn.execute(
            f"""
            SELECT a.id, a.title, a.url, a.published, m.*, 'model' AS origin
            FROM model_labels m JOIN articles a ON a.id = m.article_id
            LEFT JOIN analyst_labels l ON l.article_id = m.article_id
            WHERE {' AND '.join(where)}
            ORDER BY m.certainty ASC, a.published DESC, a.id DESC LIMIT ?
            """,
            (*params, limit),
        ).fetchall()
        return [({key: row[key] for key in ("id", "title", "url", "published")}, _labels(row)) for row in rows]

    def changed_after(self, cursor: tuple[str, int] | None, limit: int = 500) -> list[dict]:
        """Articles whose labels were written after `cursor` (labelled_at, article_id), in that order.

        Only the ids and times; the labels themselves come from `get_many`.
        """
        at, after_id = cursor or ("", 0)
        rows = self.conn.execute(
            """
            SELECT article_id, labelled_at FROM labels
            WHERE labelled_at > ? OR (labelled_at = ? AND article_id > ?)
            ORDER BY labelled_at, article_id LIMIT ?
            """,
            (at, at, after_id, limit),
        ).fetchall()
        return [dict(row) for row in rows]

    def counts(self) -> dict:
        model = self.conn.execute("SELECT count(*) FROM model_labels").fetchone()[0]
        analyst = self.conn.execute("SELECT count(*) FROM analyst_labels").fetchone()[0]
        return {"model": model, "analyst": analyst}


def _columns(labels: Labels) -> tuple:
    """relevant, themes, action, jurisdiction and tier as both label tables hold them."""
    return (int(labels.relevant), json.dumps(labels.themes), labels.action, json.dumps(labels.jurisdiction),
            json.dumps(labels.tier.as_dict()) if labels.tier else None)


def _labels(row: sqlite3.Row) -> Labels:
    """A row of `labels`, `model_labels` or `analyst_labels` as a record."""
    columns = row.keys()
    return Labels(
        relevant=bool(row["relevant"]), themes=json.loads(row["themes"]), action=row["action"],
        jurisdiction=json.loads(row["jurisdiction"]), tier=Tier.from_dict(json.loads(row["tier"] or "null")),
        scores=Scores.from_dict(json.loads(row["scores"])) if "scores" in columns else Scores(),
        evidence=json.loads(row["evidence"]) if "evidence" in columns else [],
        certainty=row["certainty"] if "certainty" in columns else 1.0,
        origin=row["origin"], model_version=row["model_version"], labelled_at=row["labelled_at"],
    )
