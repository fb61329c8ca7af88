"""Benchmark the rule-based risk-tier extractor against the hand-labelled corpus.

    .venv/bin/python benchmarks/tiers.py [--shared ../shared] [--verbose]

For each corpus file it prints precision and recall of "the extractor found a determination"
against gold `action == "tier_change"`, per-field accuracy of the best determination against the
gold `tier` object, the misses, and the time per article.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.classify.tiers import extract_tier, find_tier_mentions  # noqa: E402

FIELDS = ("org", "model", "framework", "category", "level", "direction")
# The classifier (monitor.classify.predict) trusts a determination from this confidence up.
MIN_CONFIDENCE = 0.5
FILES = ("corpus/labelled.jsonl", "corpus/feed_items_labelled.jsonl")


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(rows: list[dict]) -> dict:
    """Scores for one file: confusion counts, per-field hits, misses, timing."""
    tp = fp = fn = 0
    field_hits = {f: 0 for f in FIELDS}
    gold_tiers = 0
    misses: list[str] = []
    elapsed = None
    for _ in range(3):  # best of three warm passes: the figure is the extractor's, not the machine load's
        start = time.perf_counter()
        results = [extract_tier(row.get("title") or "", row.get("text") or "") for row in rows]
        run = time.perf_counter() - start
        elapsed = run if elapsed is None else min(elapsed, run)
    for row, best in zip(rows, results):
        gold = row.get("action") == "tier_change"
        found = best is not None and best.kind == "determination" and best.confidence >= MIN_CONFIDENCE
        if gold and found:
            tp += 1
        elif found:
            fp += 1
            misses.append(f"FP  {row['id']} [{row.get('action')}] {row.get('title', '')[:70]!r}\n"
                          f"      -> {best.tier} conf={best.confidence}\n      evidence: {best.evidence[:220]!r}")
        elif gold:
            fn += 1
            what = f"{best.kind}: {best.tier}" if best else "nothing"
            misses.append(f"FN  {row['id']} {row.get('title', '')[:70]!r} -> {what}")
        if gold and row.get("tier"):
            gold_tiers += 1
            got = best.tier if found else {}
            wrong = [f for f in FIELDS if got.get(f) != row["tier"].get(f)]
            for f in FIELDS:
                field_hits[f] += f not in wrong
            if found and wrong:
                misses.append(
                    f"FIELD {row['id']} " + ", ".join(f"{f}: got {got.get(f)!r} want {row['tier'].get(f)!r}" for f in wrong)
                )
    return {
        "n": len(rows), "tp": tp, "fp": fp, "fn": fn, "gold_tiers": gold_tiers,
        "field_hits": field_hits, "misses": misses, "ms_per_article": 1000 * elapsed / max(1, len(rows)),
    }


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared")
    ap.add_argument("--verbose", action="store_true", help="also print every finding for the gold tier changes")
    args = ap.parse_args(argv)
    for name in FILES:
        path = args.shared / name
        if not path.exists():
            print(f"{path}: missing, skipped")
            continue
        rows = load(path)
        r = evaluate(rows)
        p, rc = ratio(r["tp"], r["tp"] + r["fp"]), ratio(r["tp"], r["tp"] + r["fn"])
        print(f"== {name}: {r['n']} articles, {r['tp'] + r['fn']} gold tier changes")
        print(f"   has-determination (confidence >= {MIN_CONFIDENCE})  precision {p:.3f}  recall {rc:.3f}  (tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
        if r["gold_tiers"]:
            print("   field accuracy on gold tiers: " + "  ".join(
                f"{f} {r['field_hits'][f]}/{r['gold_tiers']}" for f in FIELDS))
        print(f"   {r['ms_per_article']:.2f} ms per article")
        for line in r["misses"]:
            print("   " + line)
        if args.verbose:
            for row in rows:
                if row.get("action") == "tier_change":
                    print(f"   -- {row['id']}")
                    for f in find_tier_mentions(row.get("title") or "", row.get("text") or "")[:5]:
                        print(f"      {f.kind:13s} {f.confidence:.2f} {f.tier}\n         {f.evidence[:160]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
