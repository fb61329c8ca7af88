"""How many of the real copy pairs in ../shared/corpus the story candidates find, now and before.

    .venv/bin/python benchmarks/story_recall.py [--code DIR ...] [--shared ../shared]

The labelled corpus holds copies and rewrites of one story from several outlets. Every pair of
its articles is checked with the story tests (monitor.crawl.dedupe.alike): the pairs that pass
are the ones a crawl should join. Then `dedupe.copy_pairs` finds them the way the crawl does,
through candidates (hash keys, and in this version the word index), and the script prints how
many of the pairs it found (recall), how many candidates it looked at and how long it took.
`--code DIR` runs the same with the `monitor` package found in DIR (an export of an earlier
commit: `git archive REV | tar -x -C DIR`), so before and after are measured on one machine.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(shared: Path) -> dict:
    from monitor.crawl import dedupe

    documents = []
    for name in ("labelled.jsonl", "feed_items_labelled.jsonl"):
        for line in (shared / "corpus" / name).read_text().splitlines():
            if line.strip():
                record = json.loads(line)
                documents.append((str(record.get("title") or ""), str(record.get("text") or "")))
    fingerprints = [dedupe.fingerprint(title, text) for title, text in documents]
    every = {(i, j) for i in range(len(fingerprints)) for j in range(i + 1, len(fingerprints))
             if dedupe.alike(fingerprints[i], fingerprints[j])}
    started = time.perf_counter()
    found = set(dedupe.copy_pairs(documents))
    seconds = time.perf_counter() - started
    return {"documents": len(documents), "pairs": len(every), "found": len(found & every),
            "candidates": len(dedupe._candidate_pairs(fingerprints)), "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", action="append", default=[], type=Path)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.shared)))
        return
    if not (args.shared / "corpus").is_dir():
        sys.exit(f"{args.shared / 'corpus'}: not found; pass --shared")
    for label, code in [("this checkout", ROOT), *((str(c), c.resolve()) for c in args.code)]:
        env = {**os.environ, "PYTHONPATH": str(code)}
        out = subprocess.run([sys.executable, __file__, "--child", "--shared", str(args.shared)], env=env,
                             cwd=code, capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        print(f"{label}: {r['found']} of {r['pairs']} copy pairs found (recall {r['found'] / max(1, r['pairs']):.3f}) "
              f"among {r['documents']} articles; {r['candidates']:,} candidate pairs checked; {r['seconds']:.2f} s")


if __name__ == "__main__":
    main()
