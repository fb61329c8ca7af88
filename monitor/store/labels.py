"""SQL for classifier labels: the model's labels per article and the analyst's corrections.

Two tables and a view (schema migration `LABELS`):

- `model_labels`: what the classifier said, with its scores, evidence, certainty and model
  version. Replaced whenever an article is (re)classified.
- `analyst_labels`: an analyst's full label set for an article. Never touched by the classifier,
  so it survives retraining and reclassification; it is training data for `monitor train`.
- `labels` (view): the labels that count, the analyst's when present, else the model's.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime

from monitor.clock import iso

FAMILY_FIELDS = ("relevant", "themes", "action", "jurisdiction", "tier")


def labels_version(labels: dict) -> str:
    """A short fingerprint of an article's labels: it changes whenever the labels change."""
    keep = {k: labels.get(k) for k in FAMILY_FIELDS}
    keep["origin"] = labels.get("origin")
    if labels.get("origin") != "analyst":  # a new model does not change an analyst's labels
        keep["model_version"] = labels.get("model_version")
    blob = json.dumps(keep, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


class Labels:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    # --- writing ------------------------------------------------------------------------
    def save_model(self, article_id: int, labels: dict, model_version: str, now: datetime) -> None:
        """Store the classifier's labels of one article (replacing its earlier model labels)."""
        self.save_model_many([(article_id, labels)], model_version, now)

    def save_model_many(self, items: list[tuple[int, dict]], model_version: str, now: datetime) -> None:
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
            [
                (
                    article_id, int(bool(lab.get("relevant"))), json.dumps(lab.get("themes") or []),
                    lab.get("action") or "none", json.dumps(lab.get("jurisdiction") or []),
                    json.dumps(lab["tier"]) if lab.get("tier") else None,
                    json.dumps(lab.get("scores") or {}), json.dumps(lab.get("evidence") or []),
                    float(lab.get("certainty", 1.0)), model_version, iso(now), article_id,
                )
                for article_id, lab in items
            ],
        )

    def save_analyst(self, article_id: int, labels: dict, now: datetime, analyst: str = "",
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
            (
                article_id, int(bool(labels.get("relevant"))), json.dumps(labels.get("themes") or []),
                labels.get("action") or "none", json.dumps(labels.get("jurisdiction") or []),
                json.dumps(labels["tier"]) if labels.get("tier") else None, analyst, note, iso(now),
            ),
        )

    def clear_analyst(self, article_id: int) -> bool:
        """Drop an analyst's labels: the model's count again. True if there were any."""
        cursor = self.conn.execute("DELETE FROM analyst_labels WHERE article_id = ?", (article_id,))
        return cursor.rowcount > 0

    # --- reading ------------------------------------------------------------------------
    def get(self, article_id: int) -> dict | None:
        """The labels that count for an article (`origin` says whose), or None."""
        row = self.conn.execute("SELECT * FROM labels WHERE article_id = ?", (article_id,)).fetchone()
        return _labels(row) if row else None

    def get_model(self, article_id: int) -> dict | None:
        row = self.conn.execute(
            "SELECT *, 'model' AS origin FROM model_labels WHERE article_id = ?", (article_id,)
        ).fetchone()
        return _labels(row) if row else None

    def get_many(self, article_ids: list[int]) -> dict[int, dict]:
        found: dict[int, dict] = {}
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"SELECT * FROM labels WHERE article_id IN ({marks})", chunk):
                found[row["article_id"]] = _labels(row)
        return found

    def analyst_labelled(self) -> list[dict]:
        """Articles an analyst labelled, as training records: id, title, text and the labels."""
        rows = self.conn.execute(
            """
            SELECT a.id, a.title, a.text, a.url, a.source_id AS source, a.published,
                   l.relevant, l.themes, l.action, l.jurisdiction, l.tier
            FROM analyst_labels l JOIN articles a ON a.id = l.article_id ORDER BY a.id
            """
        ).fetchall()
        return [_labels(row) for row in rows]

    def to_classify(self, *, since: str | None = None, model_version: str | None = None,
                    only_missing: bool = False, after_id: int = 0, limit: int = 500) -> list[dict]:
        """Articles to (re)classify, by id from `after_id`: published on/after `since`; with
        `only_missing`, those without model labels, with labels of another model version, or
        with labels of an older version of the article (revised, or its page fetched later)."""
        where, params = ["a.id > ?"], [after_id]
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if only_missing:
            where.append("(m.article_id IS NULL OR m.model_version IS NOT ?"
                         " OR m.article_updated_at IS NOT a.updated_at)")
            params.append(model_version)
        rows = self.conn.execute(
            f"""
            SELECT a.id, a.title, a.text, a.url, a.source_id AS source, a.published
            FROM articles a LEFT JOIN model_labels m ON m.article_id = a.id
            WHERE {' AND '.join(where)} ORDER BY a.id LIMIT ?
            """,
            (*params, limit),
        ).fetchall()
        return [dict(row) for row in rows]

    def least_certain(self, *, limit: int = 20, since: str | None = None) -> list[dict]:
        """Model-labelled articles no analyst has labelled, least certain first (to label next)."""
        where, params = ["l.article_id IS NULL"], []
        if since:
            where.append("a.published >= ?")
            params.append(since)
        rows = self.conn.execute(
            f"""
            SELECT a.id, a.title, a.url, a.published, m.relevant, m.themes, m.action, m.jurisdiction,
                   m.tier, m.scores, m.certainty, m.model_version
            FROM model_labels m JOIN articles a ON a.id = m.article_id
            LEFT JOIN analyst_labels l ON l.article_id = m.article_id
            WHERE {' AND '.join(where)}
            ORDER BY m.certainty ASC, a.published DESC, a.id DESC LIMIT ?
            """,
            (*params, limit),
        ).fetchall()
        return [_labels(row) for row in rows]

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


def _labels(row: sqlite3.Row) -> dict:
    out = dict(row)
    for key in ("themes", "jurisdiction", "evidence"):
        if key in out and isinstance(out[key], str):
            out[key] = json.loads(out[key])
    for key in ("tier", "scores"):
        if key in out and isinstance(out[key], str):
            out[key] = json.loads(out[key])
    if "relevant" in out:
        out["relevant"] = bool(out["relevant"])
    if out.get("tier") is None and "tier" in out:
        out["tier"] = None
    if "origin" in out:
        out["version"] = labels_version(out)
    return out
