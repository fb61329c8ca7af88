"""Benchmark the tier reader on the labelled corpus and on the probe sets, with and without the
registry's table of known determinations.

    .venv/bin/python benchmarks/tiers.py [--shared ../shared] [--verbose]

Corpus files: precision and recall of "the reader found a determination" against gold
`action == "tier_change"`, per-field accuracy against the gold tier. Probe sets
(tests/data/*probes.jsonl): recall, precision, and the share of determinations found whose org,
model and level are all right. Then the time per article against a peer in the same run (the
sentence splitter alone over the same texts), so a busy machine does not change the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.classify.sentences import split_sentences  # noqa: E402
from monitor.classify.tiers import extract_tier  # noqa: E402
from monitor.classify.tiers.scoring import FIELDS, load_jsonl, score_corpus, score_probes  # noqa: E402

CORPUS = ("corpus/labelled.jsonl", "corpus/feed_items_labelled.jsonl")
PROBES = ("tests/data/tier_dev_probes.jsonl", "tests/data/tier_probes.jsonl", "tests/data/tier_probes_2.jsonl",
          "tests/data/tier_probes_3.jsonl", "tests/data/tier_probes_4.jsonl",
          "tests/data/tier_probes_5.jsonl")


def _reader(use_known: bool):
    return lambda title, text, url=None: extract_tier(title, text, url, use_known=use_known)


def report_corpus(name: str, rows: list[dict], verbose: bool) -> None:
    for use_known in (True, False):
        r = score_corpus(rows, _reader(use_known))
        label = "with known table" if use_known else "text only      "
        print(f"== {name} ({r['n']} texts, {r['tp'] + r['fn']} gold tier changes), {label}: "
              f"precision {r['precision']:.3f} recall {r['recall']:.3f} (tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
        if r["gold_tiers"]:
            print("   fields right on gold tiers: " + "  ".join(
                f"{f} {r['fields'][f]}/{r['gold_tiers']}" for f in FIELDS))
        if verbose or use_known:
            for line in r["misses"]:
                print("   " + line)


def report_probes(path: Path, verbose: bool) -> None:
    probes = load_jsonl(path)
    for use_known in (True, False):
        r = score_probes(probes, _reader(use_known))
        label = "with known table" if use_known else "text only      "
        print(f"== {path.name} ({r['n']} probes, {r['tp'] + r['fn']} determinations), {label}: "
              f"recall {r['recall']:.3f} precision {r['precision']:.3f} org+model+level {r['org_model_level']:.3f} "
              f"of those found, {r['org_model_level_all']:.3f} of all "
              f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']}); "
              + " ".join(f"{k} {v}/{r['tp']}" for k, v in r["fields"].items()))
        if verbose or use_known:
            for line in r["misses"]:
                print("   " + line)


def report_speed(rows: list[dict], runs: int = 5) -> None:
    """Milliseconds per article for the reader and for the sentence splitter (the peer), medians of
    wall-clock and of CPU time (the CPU time is what the reader costs on an idle core)."""
    texts = [(r.get("title") or "", r.get("text") or "") for r in rows]
    reader, reader_cpu, peer = [], [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        for title, text in texts:
            extract_tier(title, text)
        reader.append(time.perf_counter() - start)
        reader_cpu.append(time.process_time() - cpu)
        start = time.perf_counter()
        for title, text in texts:
            split_sentences(title + ". " + text)
        peer.append(time.perf_counter() - start)
    r, c, p = statistics.median(reader), statistics.median(reader_cpu), statistics.median(peer)
    n = len(texts)
    print(f"== speed over {n} texts (median of {runs}): reader {1000 * r / n:.3f} ms/article "
          f"({1000 * c / n:.3f} ms CPU), sentence splitter {1000 * p / n:.3f} ms/article, ratio {r / p:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--verbose", action="store_true", help="also list the misses without the known table")
    args = ap.parse_args(argv)
    speed_rows: list[dict] = []
    for name in CORPUS:
        path = args.shared / name
        if not path.exists():
            print(f"{path}: missing, skipped")
            continue
        rows = load_jsonl(path)
        speed_rows += rows
        report_corpus(name, rows, args.verbose)
    for name in PROBES:
        path = ROOT / name
        if path.exists():
            report_probes(path, args.verbose)
        else:
            print(f"{name}: missing, skipped")
    if speed_rows:
        report_speed(speed_rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
