"""Scoring the reader against labelled texts: the corpus (gold `action`/`tier`) and probe sets.

A probe (tests/data/*probes.jsonl) is a news-style text with `determination` true or false and, for
a determination, the tier as the text names it: `org` (a list of acceptable spellings), `model`,
`level`, and optionally the `url` it was published at. Names are compared lowercased, without
punctuation or spaces; an org also matches by slug.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from monitor.classify.frameworks import slug

MIN_CONFIDENCE = 0.5  # the classifier trusts a determination from this confidence up
FIELDS = ("org", "model", "framework", "category", "level", "direction")


def load_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def squash(value) -> str:
    return re.sub(r"[\W_]+", "", str(value or "").lower())


def is_determination(finding) -> bool:
    return finding is not None and finding.kind == "determination" and finding.confidence >= MIN_CONFIDENCE


def probe_field_right(field: str, tier: dict, gold: dict) -> bool:
    """Does the reader's tier name the probe's org, model or level (any spelling the text allows)?"""
    names = tier.get("names") or {}
    got = {squash(tier.get(field)), squash(names.get(field))} - {""}
    wanted = gold.get(field)
    if field == "org":
        spellings = wanted if isinstance(wanted, list) else [wanted]
        want = {squash(s) for s in spellings if s} | {squash(slug(s)) for s in spellings if s}
    else:
        want = {squash(wanted)} - {""}
        if not want:
            return not got
    return bool(got & want)


def score_probes(probes: list[dict], read) -> dict:
    """`read(title, text, url)` -> best TierFinding. Recall, precision, and how often org, model and level
    are all right on the determinations found (`org_model_level`) and on all of them (`_all`)."""
    tp = fp = fn = all_right = 0
    fields = dict.fromkeys(("org", "model", "level", "category", "direction"), 0)
    misses = []
    for p in probes:
        f = read(p.get("title") or "", p.get("text") or "", p.get("url"))
        found = is_determination(f)
        gold = bool(p.get("determination"))
        if gold and found:
            tp += 1
            right = {k: probe_field_right(k, f.tier, p["tier"]) for k in ("org", "model", "level")}
            right["category"] = _category_right(f.tier.get("category"), p["tier"].get("category"))
            right["direction"] = f.tier.get("direction") == p["tier"].get("direction")
            for k, ok in right.items():
                fields[k] += ok
            if all(right[k] for k in ("org", "model", "level")):
                all_right += 1
            else:
                misses.append(f"FIELD {p['id']}: got {f.tier.get('names')} / {f.tier.get('level')}; "
                              f"want {p['tier']}")
        elif found:
            fp += 1
            misses.append(f"FP    {p['id']} ({p.get('why')}): {f.tier.get('names')}  | {f.evidence[:150]!r}")
        elif gold:
            fn += 1
            misses.append(f"FN    {p['id']} ({p.get('why')}): "
                          + (f"{f.kind} {f.confidence} {f.tier.get('names')}" if f else "nothing"))
    return {"n": len(probes), "tp": tp, "fp": fp, "fn": fn,
            "recall": tp / (tp + fn) if tp + fn else 1.0, "precision": tp / (tp + fp) if tp + fp else 1.0,
            "org_model_level": all_right / tp if tp else 0.0,
            "org_model_level_all": all_right / (tp + fn) if tp + fn else 1.0, "fields": fields, "misses": misses}


def _category_right(got: str | None, want: str | None) -> bool:
    alike = {"model_autonomy": "autonomy"}
    return alike.get(got or "", got) == alike.get(want or "", want)


def score_corpus(rows: list[dict], read) -> dict:
    """Gold `action == tier_change` against "the reader found a determination", and per-field
    accuracy of the best determination against the gold tier (ids)."""
    tp = fp = fn = 0
    hits = dict.fromkeys(FIELDS, 0)
    gold_tiers = 0
    misses = []
    for row in rows:
        f = read(row.get("title") or "", row.get("text") or "", row.get("url"))
        found = is_determination(f)
        gold = row.get("action") == "tier_change"
        tp += gold and found
        fp += found and not gold
        fn += gold and not found
        if found and not gold:
            misses.append(f"FP    {row['id']} [{row.get('action')}] {row.get('title', '')[:70]!r} -> "
                          f"{ {k: f.tier[k] for k in FIELDS} }")
        if gold and not found:
            misses.append(f"FN    {row['id']} {row.get('title', '')[:70]!r} -> "
                          + (f"{f.kind}: { {k: f.tier[k] for k in FIELDS} }" if f else "nothing"))
        if gold and row.get("tier"):
            gold_tiers += 1
            got = f.tier if found else {}
            wrong = [k for k in FIELDS if got.get(k) != row["tier"].get(k)]
            for k in FIELDS:
                hits[k] += k not in wrong
            if found and wrong:
                misses.append(f"FIELD {row['id']} " + ", ".join(
                    f"{k}: got {got.get(k)!r} want {row['tier'].get(k)!r}" for k in wrong))
    return {"n": len(rows), "tp": tp, "fp": fp, "fn": fn, "gold_tiers": gold_tiers, "fields": hits,
            "recall": tp / (tp + fn) if tp + fn else 1.0, "precision": tp / (tp + fp) if tp + fp else 1.0,
            "misses": misses}
