"""Classifier speed and size: articles per second with full text, model load time, model size.

    .venv/bin/python benchmarks/classify.py [--model models/classifier.joblib] [--n 2000] [--cores 2]

Articles are the shared corpus (full text, ~2,000 characters each) repeated to --n; without
../shared, synthetic articles of the same length. Targets: >= 200 articles/s on 2 cores,
load < 1 s, model < 50 MB. Prints the figures; exit code 1 if a target is missed. On a busy
machine the wall-clock rate drops; the CPU time per article gives the rate on idle cores.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def articles(n: int) -> list[dict]:
    corpus = ROOT.parent / "shared" / "corpus" / "labelled.jsonl"
    if corpus.is_file():
        base = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    else:
        sentence = ("The regulator said the AI developer must publish its safety framework and report "
                    "serious incidents within fifteen days, lawmakers added. ")
        base = [{"id": i, "title": f"Article {i}", "text": sentence * 14} for i in range(200)]
    return [{**base[i % len(base)], "id": i} for i in range(n)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--cores", type=int, default=2, help="threads for numpy/BLAS and processes")
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.cores))

    started = time.perf_counter()
    from monitor.classify import Classifier
    from monitor.classify.predict import default_model_path
    import_s = time.perf_counter() - started
    path = Path(args.model) if args.model else default_model_path()
    size_mb = path.stat().st_size / 1e6
    started, cpu_started = time.perf_counter(), time.process_time()
    classifier = Classifier.load(path)
    load_s = time.perf_counter() - started
    load_cpu = time.process_time() - cpu_started

    records = articles(args.n)
    classifier.classify(records[:8])  # warm-up
    cpu0, started = time.process_time(), time.perf_counter()
    if args.cores > 1:
        from concurrent.futures import ProcessPoolExecutor
        chunks = [records[i:i + args.batch] for i in range(0, len(records), args.batch)]
        with ProcessPoolExecutor(args.cores, initializer=_init, initargs=(str(path),)) as pool:
            parts = list(pool.map(_classify, chunks))
        results = [r for part, _ in parts for r in part]
        cpu = sum(seconds for _, seconds in parts)
    else:
        results = [r for i in range(0, len(records), args.batch)
                   for r in classifier.classify(records[i:i + args.batch])]
        cpu = time.process_time() - cpu0
    wall = time.perf_counter() - started
    rate = len(results) / wall
    # CPU seconds per article do not depend on what else runs on the machine: the rate that
    # `--cores` idle cores would give.
    idle_rate = args.cores * len(results) / cpu if cpu else float("nan")
    relevant = sum(r["relevant"] for r in results)

    print(f"model        {path} ({size_mb:.1f} MB, version {classifier.version})")
    print(f"import       {import_s:.2f} s (scikit-learn and friends)")
    print(f"load         {load_s:.3f} s ({load_cpu:.3f} s of CPU)")
    print(f"classify     {len(results)} articles with full text in {wall:.2f} s on {args.cores} core(s): "
          f"{rate:.0f} articles/s ({relevant} relevant)")
    print(f"cpu          {1000 * cpu / len(results):.2f} ms of CPU per article: {idle_rate:.0f} articles/s "
          f"on {args.cores} idle core(s)")
    print(f"load average {os.getloadavg()[0]:.2f} (other processes slow the figures down)")
    ok = rate >= 200 and load_s < 1.0 and size_mb < 50
    print("targets      >= 200 articles/s, load < 1 s, size < 50 MB: " + ("met" if ok else "MISSED"))
    return 0 if ok else 1


_worker = None


def _init(path: str) -> None:
    global _worker
    from monitor.classify import Classifier
    _worker = Classifier.load(path)


def _classify(chunk: list[dict]) -> tuple[list[dict], float]:
    started = time.process_time()
    out = _worker.classify(chunk)
    return out, time.process_time() - started


if __name__ == "__main__":
    sys.exit(main())
