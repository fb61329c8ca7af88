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
from monitor.classify.evaluate import label_agreement
from monitor.classify.predict import SHIPPED_MODEL
from monitor.taxonomy import Taxonomy, load_taxonomy

REPOSITORY = Path(__file__).resolve().parents[2]
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
    path = REPOSITORY.parent / "shared" / "corpus"
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
                sources.append(f"{display_path(folder / name)} ({len(recs)} records)")
    elif use_corpus:
        sources.append("shared corpus: not found (set MONITOR_CORPUS to use it)")
    for path in data:
        recs = read_labelled(path)
        by_id.update((r["id"], r) for r in recs)
        sources.append(f"{display_path(path)} ({len(recs)} records)")
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
          card: bool = True, cv_seeds: tuple[int, ...] = (model_io.SEED,)) -> TrainResult:
    """Fit on all gathered data and save the model (and, with `card`, MODEL_CARD.md beside it).

    With `cv_folds`, nested cross-validation figures for each of `cv_seeds` join the model's
    metadata and card. The saved file depends on the data, the parameters and the library
    versions only: the same data gives the same bytes."""
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
             "themes": trained.theme_thresholds, "jurisdiction": trained.jurisdiction_thresholds,
             "credible_theme": trained.credible_theme}
    fingerprint = model_io.data_fingerprint(records, extra={
        "params": asdict(params), "taxonomy": taxonomy.to_dict(), "format": model_io.FORMAT, "tuned": tuned})
    trained.meta.update({
        "model_version": f"m-{fingerprint}",
        "records": len(records),
        "relevant": int(sum(r["relevant"] for r in records)),
        "short_records": int(sum(model_io.is_short(r) for r in records)),
        "sources": gathered.sources,
        "params": asdict(params),
        "libraries": library_versions(),
        "thresholds": {
            "relevant": trained.relevance_threshold, "relevant_short": trained.short_threshold,
            "themes": trained.theme_thresholds, "jurisdiction": trained.jurisdiction_thresholds,
            "credible_theme": trained.credible_theme, "story": trained.story_threshold,
        },
        "label_agreement": label_agreement(records, taxonomy, limit=0),
    })
    cv = None
    if cv_folds:
        from monitor.classify.evaluate import cv_report
        cv = cv_report(records, taxonomy, params, folds=cv_folds, seeds=tuple(cv_seeds))
        trained.meta["cv"] = cv
    path = Path(out) if out else SHIPPED_MODEL
    model_io.save(trained, path)
    if card:
        write_model_card(trained, path.parent / "MODEL_CARD.md", path, records)
    return TrainResult(path, trained, gathered.sources, time.perf_counter() - started, cv)


def display_path(path: str | Path) -> str:
    """`path` as a reader of the model card can find it: relative to the repository, or to the
    shared folder beside it (`../shared/...`); elsewhere only its name."""
    resolved = Path(path).resolve()
    for base, prefix in ((REPOSITORY, ""), ((REPOSITORY.parent / "shared").resolve(), "../shared/")):
        if resolved.is_relative_to(base):
            return prefix + resolved.relative_to(base).as_posix()
    return resolved.name


def library_versions() -> dict:
    return {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "scipy": scipy.__version__, "joblib": joblib.__version__}


def measure_speed(model_path: Path, records: list[dict], limit: int = 500) -> dict:
    """Load time of the saved model and the rate at which it labels `records` with full text
    (the long ones, up to `limit`) on one core of this machine."""
    from monitor.classify.predict import Classifier
    started = time.perf_counter()
    classifier = Classifier.load(model_path)
    load_s = time.perf_counter() - started
    articles = [r for r in records if not model_io.is_short(r)][:limit] or records[:limit]
    classifier.classify(articles[:8])  # warm-up
    started = time.process_time()
    classifier.classify(articles)
    cpu = time.process_time() - started
    return {"load_s": round(load_s, 3), "articles": len(articles),
            "per_second_one_core": round(len(articles) / cpu) if cpu else None}


def _method_lines(trained: model_io.TrainedModel, params: dict) -> list[str]:
    """The model card's account of how the model is built, with the parameters it was built with."""
    return [
        "- Method: TF-IDF of title words, body words and character n-grams, plus cue-phrase and "
        "gazetteer counts from `monitor/taxonomy.yaml` (AI terms, risk and governance "
        "terms, routine AI-news terms such as launches and partnerships, and one group per theme, "
        "action and jurisdiction); one logistic regression per label (relevance; each theme; each "
        "jurisdiction; one-vs-rest for the action); the action and jurisdiction models do not see "
        "whether a text names AI, risk or routine business (that is for relevance alone); "
        "jurisdictions weigh the cue counts at half and "
        f"themes at {params.get('theme_cue_weight', 0.5) / max(params.get('cue_weight', 1.0), 1e-9):g} "
        "of the weight of relevance and action; themes also read each theme's share of all "
        "theme-cue hits in the body (a subject, not a passing word), and jurisdictions each "
        "jurisdiction's share of all gazetteer hits.",
        f"- Stacking ({', '.join(params.get('stack', ())) or 'none'}): one small logistic regression "
        "per label family, pooled over its labels, combines each label model's score with how "
        "strongly the text names the label (its cue phrases or gazetteer names in the title, the "
        "first 400 characters and the body, and its share of the family's hits); its weights may "
        "not be negative, so naming a risk or a place more never makes it less likely. Fitted on "
        "out-of-fold scores of the training data.",
        f"- Thresholds per label, tuned on out-of-fold predictions of the training data "
        f"({params.get('inner_folds', 5)} inner folds), each theme's pulled "
        f"{params.get('theme_threshold_shrink', 0):g} of the way towards the best threshold for "
        "all themes pooled.",
        "- Rules of `../shared/corpus/LABELLING.md` the classifier holds: a relevant item with "
        "action `none` names a risk (R1: it takes its best theme when that theme scores at least "
        f"{trained.credible_theme:.2f} of its threshold, tuned out of fold, and is not relevant "
        "otherwise; a digest's story keeps its best theme); a digest (a feed item whose title lists "
        "several stories) takes the labels of "
        "its first story, in title order, that is relevant alone (R6: headline score at least "
        f"{trained.story_threshold:g} and a risk or a move named), read from that headline: its "
        "move from a headline action model, its themes and jurisdictions from the label models "
        "and the title gazetteer; risk tiers from `monitor/classify/tiers/` (a tier "
        "determination sets the action to `tier_change`, and its tracked category names its theme, "
        "R4: bio -> cbrn, persuasion -> manipulation ...).",
        "- Short feed items (text under 1,000 characters): relevance blends a relevance "
        "model of their own (the full features, fitted without the feed-like cuts of articles "
        "that the article model also learns from) with a headline model (weight "
        f"{params.get('headline_weight', 0):g}: title words, character n-grams and cues) that reads a "
        "digest title (\"A Does X, B Bans Y, C ...\") story by story and keeps the best story; it "
        "learns stories from irrelevant digests as negatives and, for relevant digests, the story "
        "it scores highest as the positive. Short items get their own threshold, tuned for "
        f"F-beta with beta {params.get('short_beta', 0.5)} (precision first: a false "
        "alarm reaches every alert channel).",
    ]


def write_model_card(trained: model_io.TrainedModel, path: Path, model_path: Path,
                     records: list[dict] | None = None) -> Path:
    from monitor.classify.evaluate import format_agreement, format_cv_for_card
    meta = trained.meta
    params = meta.get("params", {})
    size_mb = model_path.stat().st_size / 1e6 if model_path.exists() else 0.0
    speed = measure_speed(model_path, records) if records and model_path.exists() else None
    lines = [
        "# Model card: AI risk-signal classifier",
        "",
        f"- Model version: `{meta.get('model_version')}`; card written "
        f"{datetime.now(UTC).strftime('%Y-%m-%d')}; file `{model_path.name}` ({size_mb:.1f} MB).",
        f"- Training data: {meta.get('records')} labelled records ({meta.get('relevant')} relevant; "
        f"{meta.get('short_records')} short feed items). Sources:",
        *[f"  - {s}" for s in meta.get("sources", [])],
        "- Libraries: " + ", ".join(f"{k} {v}" for k, v in meta.get("libraries", {}).items()) + ".",
        "  A model loads only under the scikit-learn version it was built with; otherwise "
        "`monitor classify` stops and asks for `monitor train`.",
        *_method_lines(trained, params),
        "- Deterministic: fixed seeds and sorted training records; the same data gives the same "
        "model file, byte for byte, under the same library versions.",
        "- Retrain: `monitor train [--data more.jsonl] [--cv 5] [--cv-seeds 13,29,71]`. "
        "Evaluate: `monitor eval`.",
        "",
    ]
    if speed:
        lines += ["## Speed", "",
                  f"Measured when this card was written: the model loads in {speed['load_s']:.2f} s and "
                  f"labels {speed['per_second_one_core']} articles a second with full text on one core "
                  f"({speed['articles']} training articles). `benchmarks/classify.py` measures two "
                  "cores against the targets (>= 200 articles/s, load < 1 s, file < 50 MB).", ""]
    lines += ["## Thresholds", "", "```", json.dumps(meta.get("thresholds", {}), indent=1, sort_keys=True),
              "```", ""]
    if meta.get("label_agreement") is not None or "label_agreement" in meta:
        lines += ["## How far the gold labels agree with themselves", "",
                  "Copies and rewrites of one story in the training data, as the deduplicator pairs "
                  "them, scored one against the other. Some pairs are different documents that share "
                  "much text (two system cards of one lab), so this is a rough bound on what any model "
                  "judged by these labels can reach, not an exact one. `monitor eval` lists the pairs "
                  "labelled differently.", "", "```", format_agreement(meta.get("label_agreement")), "```", ""]
    lines += format_cv_for_card(meta.get("cv"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
