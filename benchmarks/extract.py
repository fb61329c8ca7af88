"""Benchmark the extract step: how much of each fixture article's gold text we recover.

For every page in shared/fixtures/html/ with a gold file (`NAME.gold.txt`, or Readability's
`NAME.expected.html`, read with html_to_text), score extract_article(page).text against the
gold by token-level F1: lower-cased word tokens, precision and recall over the multiset of
tokens (bag-of-words overlap). Prints per-page F1 worst first, the mean, and time per page.

    .venv/bin/python benchmarks/extract.py                  # shared/ beside the repo
    .venv/bin/python benchmarks/extract.py --shared /path/to/shared
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from monitor.crawl.extract import ExtractError, extract_article  # noqa: E402
from monitor.crawl.text import html_to_text  # noqa: E402

DEFAULT_SHARED = REPO.parent / "shared"
_TOKEN = re.compile(r"\w+")


@dataclass
class PageScore:
    page: str
    f1: float
    precision: float
    recall: float
    seconds: float
    error: str | None = None


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def token_scores(predicted: str, gold: str) -> tuple[float, float, float]:
    """(f1, precision, recall) of the bag-of-words overlap between `predicted` and `gold`."""
    predicted_tokens, gold_tokens = tokens(predicted), tokens(gold)
    overlap = sum((predicted_tokens & gold_tokens).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision = overlap / sum(predicted_tokens.values())
    recall = overlap / sum(gold_tokens.values())
    return 2 * precision * recall / (precision + recall), precision, recall


def gold_pages(shared: Path) -> list[tuple[Path, str, str]]:
    """(page, url, gold text) for every fixture page that has a gold file."""
    html_dir = shared / "fixtures" / "html"
    urls = _manifest_urls(html_dir / "manifest.json")
    pages = []
    for page in sorted(html_dir.glob("*.html")):
        if page.name.endswith(".expected.html"):
            continue
        stem = page.name.removesuffix(".html")
        gold_txt, gold_html = html_dir / f"{stem}.gold.txt", html_dir / f"{stem}.expected.html"
        if gold_txt.is_file():
            gold = gold_txt.read_text(encoding="utf-8")
        elif gold_html.is_file():
            gold = html_to_text(gold_html.read_text(encoding="utf-8"))
        else:
            continue
        pages.append((page, urls.get(page.name) or page.as_uri(), gold))
    return pages


def _manifest_urls(manifest: Path) -> dict[str, str]:
    if not manifest.is_file():
        return {}
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    return {Path(entry["file"]).name: entry["url"] for entry in entries if entry.get("url")}


def evaluate(shared: Path) -> list[PageScore]:
    scores = []
    for page, url, gold in gold_pages(shared):
        content = page.read_bytes()
        started = time.perf_counter()
        try:
            text, error = extract_article(content, url=url).text, None
        except ExtractError as exc:
            text, error = "", str(exc)
        elapsed = time.perf_counter() - started
        f1, precision, recall = token_scores(text, gold)
        scores.append(PageScore(page.name, f1, precision, recall, elapsed, error))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder (default: %(default)s)")
    args = parser.parse_args(argv)
    if not (args.shared / "fixtures" / "html").is_dir():
        parser.error(f"no fixtures/html/ under {args.shared}; pass --shared PATH")
    scores = evaluate(args.shared)
    if not scores:
        print(f"no pages with gold files under {args.shared / 'fixtures' / 'html'}")
        return 0
    print(f"{'page':<42} {'F1':>6} {'prec':>6} {'recall':>6} {'ms':>7}")
    for s in sorted(scores, key=lambda s: s.f1):
        note = f"  ({s.error})" if s.error else ""
        print(f"{s.page:<42} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} {s.seconds * 1000:7.1f}{note}")
    mean_f1 = sum(s.f1 for s in scores) / len(scores)
    mean_ms = 1000 * sum(s.seconds for s in scores) / len(scores)
    slowest_ms = 1000 * max(s.seconds for s in scores)
    print(f"\n{len(scores)} pages  mean F1 {mean_f1:.3f}  mean {mean_ms:.1f} ms/page  (slowest {slowest_ms:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
