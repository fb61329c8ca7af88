"""Training: gather labelled records, fit the model, save it with its model card.

Training data, in this order (a later record with the same id replaces an earlier one):
1. the shared corpus (`../shared/corpus/*.jsonl` beside the repository, or $MONITOR_CORPUS),
   when it is there;
2. `--data` JSONL files;
3. analyst labels from the database (they always win).
"""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import joblib
import numpy as np
import scipy
import sklearn

from monitor.classify import model as model_io
from monitor.classify.predict import SHIPPED_MODEL
from monitor.taxonomy import Taxonomy, load_taxonomy

CORPUS_ENV = "MONITOR_CORPUS"
CORPUS_FILES = ("labelled.jsonl", "feed_items_labelled.jsonl")
REQUIRED = ("id", "title", "text", "relevant")


class DataError(ValueError):
    """A training file that cannot be used; the message names the file, the line and the fix."""


def corpus_dir() -> Path | None:
    """The shared labelled corpus, if this machine has it."""
    if os.environ.get(CORPUS_ENV):
        path = Path(os.environ[CORPUS_ENV])
        return path if path.is_dir() else None
    path = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    return path if path.is_dir() else None


def read_labelled(path: str | Path) -> list[dict]:
    """Labelled records from a JSONL file; any bad line is a DataError naming it."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise DataError(f"{path}:{number}: expected a JSON object")
            missing = [k for k in REQUIRED if k not in record]
            if missing:
                raise DataError(f"{path}:{number}: missing {', '.join(missing)} "
                                f"(a labelled record needs {', '.join(REQUIRED)})")
            records.append(normalise(record))
    return records


def normalise(record: dict) -> dict:
    relevant = bool(record.get("relevant"))
    return {
        "id": str(record["id"]),
        "title": str(record.get("title") or ""),
        "text": str(record.get("text") or ""),
        "url": str(record.get("url") or ""),  # an AI lab's site makes an article about AI (predict.py)
        "relevant": relevant,
        "themes": sorted(set(record.get("themes") or [])) if relevant else [],
        "action": (record.get("action") or "none") if relevant else "none",
        "jurisdiction": sorted(set(record.get("jurisdiction") or [])) if relevant else [],
        "tier": record.get("tier") if relevant else None,
    }


@dataclass
class TrainingData:
    records: list[dict]
    sources: list[str] = field(default_factory=list)  # what was used, for people


def gather(data: list[str | Path] = (), analyst_records: list[dict] | None = None,
           use_corpus: bool = True) -> TrainingData:
    by_id: dict[str, dict] = {}
    sources = []
    if use_corpus and (folder := corpus_dir()) is not None:
        for name in CORPUS_FILES:
            if (folder / name).is_file():
                recs = read_labelled(folder / name)
                by_id.update((r["id"], r) for r in recs)
                sources.append(f"{folder / name} ({len(recs)} records)")
    elif use_corpus:
        sources.append("shared corpus: not found (set MONITOR_CORPUS to use it)")
    for path in data:
        recs = read_labelled(path)
        by_id.update((r["id"], r) for r in recs)
        sources.append(f"{path} ({len(recs)} records)")
    if analyst_records:
        recs = [normalise({**r, "id": f"db:{r['id']}"}) for r in analyst_records]
        by_id.update((r["id"], r) for r in recs)
        sources.append(f"analyst labels from the database ({len(recs)} records)")
    records = [by_id[k] for k in sorted(by_id)]
    return TrainingData(records, sources)


@dataclass
class TrainResult:
    path: Path
    model: model_io.TrainedModel
    sources: list[str]
    seconds: float
    cv: dict | None = None


def train(data: list[str | Path] = (), analyst_records: list[dict] | None = None,
          out: str | Path | None = None, use_corpus: bool = True, cv_folds: int = 0,
          taxonomy: Taxonomy | None = None, params: model_io.Params | None = None,
          card: bool = True) -> TrainResult:
    """Fit on all gathered data and save the model (and, with `card`, MODEL_CARD.md beside it)."""
    started = time.perf_counter()
    taxonomy = taxonomy or load_taxonomy()
    gathered = gather(data, analyst_records, use_corpus)
    records = gathered.records
    if len(records) < 10 or sum(r["relevant"] for r in records) < 3:
        raise DataError(
            f"too little labelled data to train ({len(records)} records, "
            f"{sum(r['relevant'] for r in records)} relevant); pass --data FILE.jsonl or label "
            f"articles with `monitor label`. Used: {'; '.join(gathered.sources) or 'nothing'}"
        )
    params = params or model_io.Params()
    trained = model_io.fit(records, taxonomy, params)
    # The tuned thresholds join the inputs in the version: a change to the training code that
    # changes what the same data produces gives a new version, so `reclassify` redoes the archive.
    tuned = {"relevant": trained.relevance_threshold, "short": trained.short_threshold,
             "themes": trained.theme_thresholds, "jurisdiction": trained.jurisdiction_thresholds}
    fingerprint = model_io.data_fingerprint(records, extra={
        "params": asdict(params), "taxonomy": taxonomy.to_dict(), "format": model_io.FORMAT, "tuned": tuned})
    trained.meta.update({
        "model_version": f"m-{fingerprint}",
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "records": len(records),
        "relevant": int(sum(r["relevant"] for r in records)),
        "short_records": int(sum(model_io.is_short(r) for r in records)),
        "sources": gathered.sources,
        "params": asdict(params),
        "libraries": library_versions(),
        "thresholds": {
            "relevant": trained.relevance_threshold, "relevant_short": trained.short_threshold,
            "themes": trained.theme_thresholds, "jurisdiction": trained.jurisdiction_thresholds,
        },
    })
    cv = None
    if cv_folds:
        from monitor.classify.evaluate import cv_report
        cv = cv_report(records, taxonomy, params, folds=cv_folds)
        trained.meta["cv"] = cv
    path = Path(out) if out else SHIPPED_MODEL
    model_io.save(trained, path)
    if card:
        write_model_card(trained, path.parent / "MODEL_CARD.md", path)
    return TrainResult(path, trained, gathered.sources, time.perf_counter() - started, cv)


def library_versions() -> dict:
    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "scipy": scipy.__version__, "joblib": joblib.__version__}


def write_model_card(trained: model_io.TrainedModel, path: Path, model_path: Path) -> Path:
    from monitor.classify.evaluate import format_cv_for_card
    meta = trained.meta
    params = meta.get("params", {})
    size_mb = model_path.stat().st_size / 1e6 if model_path.exists() else 0.0
    lines = [
        "# Model card: AI risk-signal classifier",
        "",
        f"- Model version: `{meta.get('model_version')}`; trained {meta.get('trained_at')}; "
        f"file `{model_path.name}` ({size_mb:.1f} MB).",
        f"- Training data: {meta.get('records')} labelled records ({meta.get('relevant')} relevant; "
        f"{meta.get('short_records')} short feed items). Sources:",
        *[f"  - {s}" for s in meta.get("sources", [])],
        "- Libraries: " + ", ".join(f"{k} {v}" for k, v in meta.get("libraries", {}).items()) + ".",
        "  A model loads only under the scikit-learn version it was built with; otherwise "
        "`monitor classify` stops and asks for `monitor train`.",
        "- Method: TF-IDF of title words, body words and character n-grams, plus cue-phrase and "
        "gazetteer counts from `monitor/classify/taxonomy.yaml` (AI terms, risk and governance "
        "terms, routine AI-news terms such as launches and partnerships, and one group per theme, "
        "action and jurisdiction); one logistic regression per label (relevance; each theme; each "
        "jurisdiction; one-vs-rest for the action); the action and jurisdiction models do not see "
        "whether a text names AI, risk or routine business (that is for relevance alone); "
        "jurisdictions weigh the cue counts at half and "
        f"themes at {params.get('theme_cue_weight', 0.5) / max(params.get('cue_weight', 1.0), 1e-9):g} "
        "of the weight of relevance and action; themes also read each theme's share of all "
        "theme-cue hits in the body (a subject, not a passing word), and jurisdictions each "
        "jurisdiction's share of all gazetteer hits; per-label thresholds tuned on "
        f"out-of-fold predictions of the training data ({params.get('inner_folds', 5)} inner folds), "
        "each theme's pulled "
        f"{params.get('theme_threshold_shrink', 0):g} of the way towards the best threshold for "
        "all themes pooled; a theme whose cue phrases are in the title and two different ones in the "
        "body (or four in the body) is assigned "
        f"whatever the model says, for the themes where that scored better out of fold "
        f"({', '.join(trained.strong_cue_themes) or 'none'}); risk tiers "
        "from `monitor/classify/tiers.py` (a tier determination sets the action to `tier_change`).",
        "- Short feed items (text under 1,000 characters): relevance blends a relevance "
        "model of their own (the full features, fitted without the feed-like cuts of articles "
        "that the article model also learns from) with a headline model (weight "
        f"{params.get('headline_weight', 0):g}: title words, character n-grams and cues) that reads a "
        "digest title (\"A Does X, B Bans Y, C ...\") story by story and keeps the best story; it "
        "learns stories from irrelevant digests as negatives and, for relevant digests, the story "
        "it scores highest as the positive. Short items get their own threshold, tuned for "
        f"F-beta with beta {params.get('short_beta', 0.5)} (precision first: a false "
        "alarm reaches every alert channel).",
        "- Deterministic: fixed seeds and sorted training records; the same data gives the same "
        "predictions.",
        "- Retrain: `monitor train [--data more.jsonl] [--cv 5]`. Evaluate: `monitor eval`.",
        "",
        "## Thresholds",
        "",
        "```",
        json.dumps(meta.get("thresholds", {}), indent=1, sort_keys=True),
        "```",
        "",
    ]
    lines += format_cv_for_card(meta.get("cv"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
