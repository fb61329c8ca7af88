"""`monitor classify | train | eval | label | review | reclassify`: thin click commands over the
classifier (monitor.classify). Parse options, call the library, print.
"""

from __future__ import annotations

import json
import sys
from datetime import date

import click

from monitor import clock
from monitor.cli.options import config_not_read_option, db_option, open_store

model_option = click.option(
    "--model", "model_path", envvar="MONITOR_MODEL", default=None, metavar="PATH",
    help="Model file (env MONITOR_MODEL; default: models/classifier.joblib).",
)


def _load_classifier(model_path):
    from monitor.classify.predict import LOAD_ERRORS, Classifier

    try:
        return Classifier.load(model_path)
    except LOAD_ERRORS as error:
        raise click.ClickException(str(error)) from None


def _since(value: date | None) -> str | None:
    return clock.day_start(value) if value else None


# --- classify ----------------------------------------------------------------------------------
@click.command("classify")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@model_option
@click.option("--batch", default=256, show_default=True, help="Records classified together.")
def classify_cmd(file, model_path, batch):
    """Label articles: JSONL records {id, title, text, ...} in, one JSON line of labels out.

    Each output line has id, relevant, themes, action, jurisdiction, tier, scores and evidence.
    A bad input line is reported on stderr (with its line number) and skipped; the exit code
    is then 1.

    \b
    Example:
      monitor classify articles.jsonl > labels.jsonl
      echo '{"id": 1, "title": "EU fines X", "text": "..."}' | monitor classify -
    """
    from monitor.classify.predict import parse_line
    classifier = _load_classifier(model_path)
    failed = 0
    pending: list[dict] = []

    def flush():
        for out in classifier.classify(pending):
            click.echo(json.dumps(out, ensure_ascii=False))
        pending.clear()

    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        record, problem = parse_line(line)
        if problem:
            failed += 1
            click.echo(f"line {number}: {problem}; skipped", err=True)
            continue
        pending.append(record)
        if len(pending) >= batch:
            flush()
    flush()
    if failed:
        click.echo(f"{failed} line(s) could not be classified", err=True)
        sys.exit(1)


# --- train -------------------------------------------------------------------------------------
@click.command("train")
@click.option("--data", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="More labelled JSONL records (repeatable).")
@db_option
@config_not_read_option
@click.option("--no-db", is_flag=True, help="Do not use analyst labels from the database.")
@click.option("--no-corpus", is_flag=True, help="Do not use the shared corpus even if present.")
@click.option("--cv", "cv_folds", default=0, show_default=True,
              help="Also run k-fold cross-validation for the model card (slower).")
@click.option("--cv-seeds", "cv_seeds", default="13", show_default=True, metavar="N,N,...",
              help="Fold seeds of the cross-validation; the card shows each and their mean.")
@click.option("--out", "out_path", default=None, metavar="PATH",
              help="Where to write the model (default: models/classifier.joblib).")
def train_cmd(data, db_path, no_db, no_corpus, cv_folds, cv_seeds, out_path):
    """Retrain the classifier from the labelled corpus, --data files and analyst labels.

    Uses ../shared/corpus when it is beside the repository (or $MONITOR_CORPUS), every
    --data file, and the analyst labels in the database; prints which were used.

    \b
    Example:
      monitor train
      monitor train --data more.jsonl --cv 5
      monitor train --cv 5 --cv-seeds 13,29,71
    """
    from pathlib import Path

    from monitor.classify.train import DataError, train
    analyst = []
    if not no_db and Path(db_path).exists():
        with open_store(db_path, readonly=True) as store:
            analyst = store.labels.analyst_labelled() if store.has_labels else []
    try:
        seeds = tuple(int(seed) for seed in cv_seeds.split(","))
    except ValueError:
        raise click.BadParameter(f"{cv_seeds!r}: expected integers separated by commas, e.g. 13,29,71",
                                 param_hint="--cv-seeds") from None
    try:
        result = train(list(data), analyst_records=analyst, out=out_path,
                       use_corpus=not no_corpus, cv_folds=cv_folds, cv_seeds=seeds)
    except DataError as error:
        raise click.ClickException(str(error)) from None
    click.echo("Training data:")
    for source in result.sources:
        click.echo(f"  {source}")
    meta = result.model.meta
    click.echo(f"Model {meta['model_version']}: {meta['records']} records, "
               f"{result.seconds:.1f} s -> {result.path}")
    if result.cv:
        from monitor.classify.evaluate import format_cv_summary, format_report
        for name in ("articles", "feed_items"):
            if result.cv.get(name):
                click.echo(format_report(result.cv[name], f"{cv_folds}-fold CV (seed {seeds[0]}), {name}"))
        click.echo("\n".join(format_cv_summary(result.cv)))


# --- eval --------------------------------------------------------------------------------------
@click.command("eval")
@click.option("--data", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Gold JSONL records (default: the shared corpus).")
@model_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def eval_cmd(data, model_path, as_json):
    """Score the model on labelled records: per-label P/R/F1, action confusion matrix, worst mistakes.

    On the corpus the model was trained on, figures are optimistic; the model card has the
    cross-validated ones. Then how well the gold labels agree with themselves: copies of one
    story labelled differently, to reconcile before the next `monitor train`.

    \b
    Example:
      monitor eval --data gold.jsonl
      monitor eval --json | jq .action.macro_f1
    """
    from monitor.classify.evaluate import evaluate, format_agreement, format_report, label_agreement
    from monitor.classify.train import CORPUS_FILES, DataError, corpus_dir, read_labelled
    paths = list(data)
    if not paths:
        folder = corpus_dir()
        if folder is None:
            raise click.ClickException("no gold data: pass --data gold.jsonl (the shared corpus "
                                       "is not beside this checkout; or set MONITOR_CORPUS)")
        paths = [folder / name for name in CORPUS_FILES if (folder / name).is_file()]
    try:
        gold = [r for p in paths for r in read_labelled(p)]
    except DataError as error:
        raise click.ClickException(str(error)) from None
    classifier = _load_classifier(model_path)
    report = evaluate(classifier, gold)
    report["data"] = [str(p) for p in paths]
    report["label_agreement"] = label_agreement(gold, classifier.taxonomy)
    if as_json:
        click.echo(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        click.echo(f"Gold data: {', '.join(report['data'])}")
        click.echo(format_report(report))
        click.echo("")
        click.echo(format_agreement(report["label_agreement"]))


# --- label -------------------------------------------------------------------------------------
@click.command("label")
@click.argument("article_id", type=int)
@click.option("--action", default=None, help="The governance action id.")
@click.option("--theme", "themes", multiple=True, metavar="[+|-]ID",
              help="Add (+id or id) or remove (-id) a theme; repeatable.")
@click.option("--jurisdiction", "jurisdictions", multiple=True, metavar="[+|-]ID",
              help="Add or remove a jurisdiction; repeatable.")
@click.option("--relevant/--not-relevant", default=None, help="Mark the article (not) relevant.")
@click.option("--tier", "tier_json", default=None, metavar="JSON",
              help='The tier for a tier_change: {"org":..,"model":..,"framework":..,"category":..,'
                   '"level":..,"direction":..}.')
@click.option("--note", default="", help="Why, for the record.")
@click.option("--clear", is_flag=True, help="Drop the analyst labels: the model's count again.")
@db_option
@config_not_read_option
@model_option
def label_cmd(article_id, action, themes, jurisdictions, relevant, tier_json, note, clear, db_path,
              model_path):
    """Correct one article's labels. Analyst labels win over the model and feed `monitor train`.

    Starts from the article's current labels (the model's, or your earlier correction) and
    applies the changes.

    \b
    Example:
      monitor label 42 --action enforcement --theme +privacy --theme -ip
      monitor label 43 --not-relevant
      monitor label 44 --clear
    """
    from monitor.classify.archive import classify_stored
    from monitor.classify.corrections import Correction, LabelError, clear_correction, correct

    tier = _tier(tier_json) if tier_json else None
    with open_store(db_path) as store:
        if store.articles.get(article_id) is None:
            raise click.ClickException(f"no article {article_id} in {db_path}; find ids with `monitor search`")
        if clear:
            dropped = clear_correction(store, article_id)
            click.echo(f"article {article_id}: analyst labels {'dropped' if dropped else 'were not set'}")
            return
        if store.labels.get(article_id) is None:  # the correction starts from the model's labels
            classify_stored(store, _load_classifier(model_path), article_ids=[article_id])
        change = Correction(relevant=relevant, action=action, themes=themes, jurisdiction=jurisdictions, tier=tier)
        try:
            new = correct(store, article_id, change, _taxonomy(), note=note)
        except LabelError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"article {article_id}: {_describe(new)} (analyst)")


def _tier(tier_json: str):
    from monitor.records import Tier

    try:
        tier = json.loads(tier_json)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"--tier is not valid JSON ({error.msg})") from None
    if not isinstance(tier, dict):
        raise click.ClickException('--tier must be a JSON object, like {"org": "openai", "level": "high"}')
    return Tier.from_dict(tier)


def _taxonomy():
    from monitor.taxonomy import TaxonomyError, load_taxonomy
    try:
        return load_taxonomy()
    except TaxonomyError as error:
        raise click.ClickException(str(error)) from None


def _describe(labels) -> str:
    if not labels.relevant:
        return "not relevant"
    parts = [f"action {labels.action}"]
    if labels.themes:
        parts.append("themes " + ",".join(labels.themes))
    if labels.jurisdiction:
        parts.append("jurisdiction " + ",".join(labels.jurisdiction))
    if labels.tier:
        from monitor.alerts.messages import tier_words

        parts.append(f"tier {tier_words(labels.tier.as_dict())['line']} ({labels.tier.direction})")
    return "relevant; " + "; ".join(parts)


# --- review ------------------------------------------------------------------------------------
@click.command("review")
@click.option("--limit", default=20, show_default=True, help="How many articles to list.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Published on/after DATE.")
@db_option
@config_not_read_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def review_cmd(limit, since, db_path, as_json):
    """List the articles the model is least sure about: the ones worth labelling next.

    \b
    Example:
      monitor review --limit 10 --since 2026-01-01
      monitor label 42 --not-relevant      # then correct what is wrong
    """
    with open_store(db_path, readonly=True) as store:
        rows = store.labels.least_certain(limit=limit, since=_since(since.date() if since else None)) \
            if store.has_labels else []
    if as_json:
        click.echo(json.dumps([_review_json(article, labels) for article, labels in rows], indent=1,
                              ensure_ascii=False, default=str))
        return
    if not rows:
        click.echo("Nothing to review: no model-labelled articles without analyst labels "
                   "(run `monitor reclassify` first).")
        return
    for article, labels in rows:
        click.echo(f"{article['id']:>7}  certainty {labels.certainty:.2f}  {str(article['published'])[:10]}  "
                   f"{(article['title'] or '')[:80]}")
        click.echo(f"         model: {_describe(labels)}")
    click.echo("Correct with: monitor label ID --action X --theme +id --relevant/--not-relevant")


def _review_json(article: dict, labels) -> dict:
    return article | {"relevant": labels.relevant, "themes": labels.themes, "action": labels.action,
                      "jurisdiction": labels.jurisdiction, "tier": labels.tier.as_dict() if labels.tier else None,
                      "scores": labels.scores.as_dict(), "certainty": labels.certainty,
                      "model_version": labels.model_version}


# --- reclassify --------------------------------------------------------------------------------
@click.command("reclassify")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only articles published on/after DATE.")
@click.option("--missing", is_flag=True,
              help="Only articles without current labels: none from this model, or labels of an "
                   "older version of the article (revised since, or its page fetched later).")
@db_option
@config_not_read_option
@model_option
def reclassify_cmd(since, missing, db_path, model_path):
    """Apply the current model to the archive. Analyst labels are kept and still win.

    \b
    Example:
      monitor train && monitor reclassify
      monitor reclassify --since 2026-01-01
    """
    from monitor.classify.archive import classify_stored
    classifier = _load_classifier(model_path)
    which = {"since": _since(since.date() if since else None), "only_missing": missing}
    with open_store(db_path) as store:
        total = store.labels.count_to_classify(model_version=classifier.version, **which)
        with click.progressbar(length=total, label="Labelling", file=sys.stderr, show_pos=True) as bar:
            summary = classify_stored(store, classifier, on_progress=bar.update, **which)
    click.echo(f"Model {classifier.version}: {summary}")


COMMANDS = [classify_cmd, train_cmd, eval_cmd, label_cmd, review_cmd, reclassify_cmd]
