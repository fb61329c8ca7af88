"""Evaluation: per-label precision/recall/F1, the action confusion matrix, the worst mistakes.

`evaluate(classifier, gold)` scores a trained classifier on labelled records;
`cross_validate(records)` trains and scores fold by fold (thresholds tuned inside each fold) and
returns the same report, so both read alike. `format_report` renders it for people.
`label_agreement(records)` scores the gold labels against themselves, copy against copy of one
story: what no model judged by those labels can be expected to beat, and the pairs to reconcile.
"""

from __future__ import annotations

from collections import Counter

from monitor.crawl import dedupe
from monitor.classify import model as model_io
from monitor.classify.predict import Classifier
from monitor.taxonomy import Taxonomy, load_taxonomy


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "support": tp + fn,
            "tp": tp, "fp": fp, "fn": fn}


def _gold(record: dict) -> dict:
    relevant = bool(record.get("relevant"))
    return {
        "relevant": relevant,
        "themes": set(record.get("themes") or []) if relevant else set(),
        "action": (record.get("action") or "none") if relevant else "none",
        "jurisdiction": set(record.get("jurisdiction") or []) if relevant else set(),
        "tier": record.get("tier"),
    }


def score(gold_records: list[dict], predictions: list[dict], taxonomy: Taxonomy) -> dict:
    """Every figure of the report from gold records and predictions (same order)."""
    golds = [_gold(r) for r in gold_records]
    report: dict = {"n": len(golds)}

    counts = Counter()
    for g, p in zip(golds, predictions):
        counts[(g["relevant"], bool(p["relevant"]))] += 1
    report["relevant"] = prf(counts[(True, True)], counts[(False, True)], counts[(True, False)])

    for family, ids in (("themes", taxonomy.theme_ids), ("jurisdiction", taxonomy.jurisdiction_ids)):
        per = {}
        tot = Counter()
        for label in ids:
            tp = sum(1 for g, p in zip(golds, predictions) if label in g[family] and label in p[family])
            fp = sum(1 for g, p in zip(golds, predictions) if label not in g[family] and label in p[family])
            fn = sum(1 for g, p in zip(golds, predictions) if label in g[family] and label not in p[family])
            per[label] = prf(tp, fp, fn)
            tot.update({"tp": tp, "fp": fp, "fn": fn})
        micro = prf(tot["tp"], tot["fp"], tot["fn"])
        report[family] = {"labels": per, "micro_f1": micro["f1"], "micro": micro}

    actions = list(taxonomy.action_ids)
    matrix = {a: {b: 0 for b in actions} for a in actions}
    for g, p in zip(golds, predictions):
        matrix.setdefault(g["action"], {b: 0 for b in actions})
        matrix[g["action"]].setdefault(p["action"], 0)
        matrix[g["action"]][p["action"]] += 1
    per_action = {}
    for a in actions:
        tp = matrix.get(a, {}).get(a, 0)
        fp = sum(row.get(a, 0) for b, row in matrix.items() if b != a)
        fn = sum(v for b, v in matrix.get(a, {}).items() if b != a)
        per_action[a] = prf(tp, fp, fn)
    seen = [a for a in actions if per_action[a]["support"] or per_action[a]["fp"]]
    report["action"] = {
        "labels": per_action,
        "macro_f1": round(sum(per_action[a]["f1"] for a in seen) / max(len(seen), 1), 3),
        "accuracy": round(sum(matrix[a].get(a, 0) for a in matrix) / max(len(golds), 1), 3),
        "confusion": matrix,
    }

    tier_gold = [i for i, g in enumerate(golds) if g["action"] == "tier_change"]
    tier_pred = [i for i, p in enumerate(predictions) if p["action"] == "tier_change"]
    both = set(tier_gold) & set(tier_pred)
    right = 0
    for i in both:
        gt, pt = golds[i]["tier"] or {}, predictions[i].get("tier") or {}
        if gt and pt and gt.get("org") == pt.get("org") and gt.get("level") == pt.get("level"):
            right += 1
    report["tier_change"] = {
        **prf(len(both), len(set(tier_pred) - both), len(set(tier_gold) - both)),
        "org_level_right": right,
    }
    report["tier"] = tier_figures(golds, predictions)
    report["mistakes"] = _mistakes(gold_records, golds, predictions)
    return report


TIER_FIELDS = ("org", "model", "framework", "category", "level", "direction")


def tier_figures(golds: list[dict], predictions: list[dict]) -> dict:
    """Tier determinations, whatever the action: a prediction that carries a tier against a gold
    `tier_change`, and per field, how often the predicted tier equals the gold one."""
    gold_idx = {i for i, g in enumerate(golds) if g["action"] == "tier_change"}
    pred_idx = {i for i, p in enumerate(predictions) if p.get("tier")}
    both = gold_idx & pred_idx
    fields = {f: sum(1 for i in both if (golds[i]["tier"] or {}).get(f) == predictions[i]["tier"].get(f))
              for f in TIER_FIELDS}
    return {**prf(len(both), len(pred_idx - both), len(gold_idx - both)), "fields_right": fields}


def _mistakes(records, golds, predictions, limit: int = 15) -> list[dict]:
    out = []
    for r, g, p in zip(records, golds, predictions):
        cost = 0.0
        if g["relevant"] != bool(p["relevant"]):
            cost += 3
        if g["action"] != p["action"]:
            cost += 2
        cost += 0.5 * len(g["themes"] ^ set(p["themes"]))
        cost += 0.5 * len(g["jurisdiction"] ^ set(p["jurisdiction"]))
        if cost:
            confidence = abs(p["scores"]["relevant"] - 0.5) if g["relevant"] != p["relevant"] else 0
            out.append({
                "id": r.get("id"), "title": (r.get("title") or "")[:90], "cost": cost + confidence,
                "gold": {"relevant": g["relevant"], "action": g["action"],
                         "themes": sorted(g["themes"]), "jurisdiction": sorted(g["jurisdiction"])},
                "predicted": {"relevant": p["relevant"], "action": p["action"],
                              "themes": p["themes"], "jurisdiction": p["jurisdiction"],
                              "p_relevant": p["scores"]["relevant"]},
            })
    out.sort(key=lambda m: (-m["cost"], str(m["id"])))
    return out[:limit]


def label_agreement(records: list[dict], taxonomy: Taxonomy, limit: int = 15) -> dict | None:
    """How well the labels of copies and rewrites of one story agree: each pair of records the
    deduplicator finds alike is scored both ways, one as the gold and the other as the prediction.
    Reported for all pairs and for the pairs of two full articles apart: a feed item may rightly
    carry fewer labels than the article it summarises (LABELLING.md R6). None when no two records
    are alike."""
    pairs = dedupe.copy_pairs([(str(r.get("title") or ""), str(r.get("text") or "")) for r in records])
    if not pairs:
        return None
    articles = [(i, j) for i, j in pairs
                if not model_io.is_short(records[i]) and not model_io.is_short(records[j])]
    differing = [(i, j, _differences(_gold(records[i]), _gold(records[j]))) for i, j in pairs]
    differing = [(i, j, d) for i, j, d in differing if d]
    return {
        **_pair_figures(records, pairs, taxonomy),
        "articles": _pair_figures(records, articles, taxonomy) if articles else None,
        "disagreeing_pairs": len(differing),
        "disagreements": [{"ids": [records[i].get("id"), records[j].get("id")],
                           "titles": [str(records[k].get("title") or "")[:70] for k in (i, j)],
                           "differences": d} for i, j, d in differing[:limit]],
    }


def _pair_figures(records: list[dict], pairs: list[tuple[int, int]], taxonomy: Taxonomy) -> dict:
    both_ways = pairs + [(j, i) for i, j in pairs]
    report = score([records[i] for i, _ in both_ways], [_as_prediction(records[j]) for _, j in both_ways],
                   taxonomy)
    return {
        "pairs": len(pairs),
        "relevant_f1": report["relevant"]["f1"],
        "action_macro_f1": report["action"]["macro_f1"],
        "action_accuracy": report["action"]["accuracy"],
        "themes_micro_f1": report["themes"]["micro_f1"],
        "jurisdiction_micro_f1": report["jurisdiction"]["micro_f1"],
    }


def _as_prediction(record: dict) -> dict:
    g = _gold(record)
    return {"relevant": g["relevant"], "themes": sorted(g["themes"]), "action": g["action"],
            "jurisdiction": sorted(g["jurisdiction"]), "tier": g["tier"],
            "scores": {"relevant": float(g["relevant"])}}


def _differences(a: dict, b: dict) -> list[str]:
    out = [f"relevant {a['relevant']} / {b['relevant']}"] if a["relevant"] != b["relevant"] else []
    if a["action"] != b["action"]:
        out.append(f"action {a['action']} / {b['action']}")
    for family in ("themes", "jurisdiction"):
        if a[family] != b[family]:
            out.append(f"{family} {sorted(a[family])} / {sorted(b[family])}")
    return out


def format_agreement(agreement: dict | None) -> str:
    if not agreement:
        return "Label agreement: no two gold records are copies of one story."
    a = agreement
    lines = [f"Label agreement between copies of one story in the gold data ({a['pairs']} pairs):",
             _agreement_line(a)]
    if a.get("articles"):
        lines += [f"  Pairs of two full articles ({a['articles']['pairs']}; a feed item may rightly "
                  f"carry fewer labels than its article):", _agreement_line(a["articles"])]
    lines.append("  A model judged by these labels cannot be expected to agree with them better.")
    if a["disagreements"]:
        lines += ["", f"Copies labelled differently ({a['disagreeing_pairs']} pairs; the first "
                      f"{len(a['disagreements'])}). Reconcile them, or write down why they differ:"]
        for d in a["disagreements"]:
            lines.append(f"  {d['ids'][0]}  {d['titles'][0]}")
            lines.append(f"  {d['ids'][1]}  {d['titles'][1]}")
            lines.append(f"      {'; '.join(d['differences'])}")
    return "\n".join(lines)


def _agreement_line(a: dict) -> str:
    return (f"  relevance F1 {a['relevant_f1']:.3f}, action macro-F1 {a['action_macro_f1']:.3f} "
            f"(accuracy {a['action_accuracy']:.3f}), themes micro-F1 {a['themes_micro_f1']:.3f}, "
            f"jurisdiction micro-F1 {a['jurisdiction_micro_f1']:.3f}.")


def format_tier(t: dict, label: str) -> str:
    fields = " ".join(f"{f} {n}/{t['tp']}" for f, n in t["fields_right"].items())
    return (f"-- tier determinations, {label}: precision {t['precision']:.3f} recall {t['recall']:.3f} "
            f"(support {t['support']}); fields right: {fields}")


def evaluate(classifier: Classifier, gold_records: list[dict]) -> dict:
    """The report of `score`, plus the tier figures of the text alone: the registry's table of known
    determinations may fill fields a text leaves open, and `tier_text_only` shows what it adds."""
    predictions = classifier.classify(gold_records)
    report = score(gold_records, predictions, classifier.taxonomy)
    report["model_version"] = classifier.version
    if classifier.extract_tier is not None:
        report["tier_text_only"] = tier_figures([_gold(r) for r in gold_records],
                                                [_text_only_tier(r, p) for r, p in zip(gold_records, predictions)])
    return report


def cross_validate(records: list[dict], taxonomy: Taxonomy | None = None,
                   params: model_io.Params | None = None, folds: int = 5,
                   extract_tier=None, use_extractor: bool = True,
                   seed: int = model_io.SEED) -> tuple[list[dict], list[dict]]:
    """Out-of-fold predictions for every record: (records, predictions) in the same order.

    Each fold trains on the other folds, tunes thresholds on inner folds of that training part
    only, and predicts the held-out fold with the full rules (tier extractor included). `seed`
    draws the folds.
    """
    taxonomy = taxonomy or load_taxonomy()
    predictions: list[dict] = [{} for _ in records]
    for train_idx, test_idx in model_io.folds_for(records, folds, seed):
        trained = model_io.fit([records[i] for i in train_idx], taxonomy, params)
        clf = Classifier(trained, taxonomy=taxonomy, extract_tier=extract_tier,
                         use_extractor=use_extractor)
        for i, p in zip(test_idx, clf.classify([records[i] for i in test_idx])):
            predictions[i] = p
    return records, predictions


def format_report(report: dict, title: str = "Evaluation") -> str:
    lines = [f"{title}: {report['n']} records"
             + (f", model {report['model_version']}" if report.get("model_version") else "")]
    r = report["relevant"]
    lines.append("")
    lines.append(f"{'label':<22}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}")
    lines.append(f"{'relevant':<22}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}{r['support']:>9}")
    for family, key in (("action", "macro_f1"), ("themes", "micro_f1"), ("jurisdiction", "micro_f1")):
        block = report[family]
        lines.append(f"-- {family} ({key.replace('_', '-')} {block[key]:.3f})")
        for label, m in block["labels"].items():
            if m["support"] or m["fp"]:
                lines.append(f"  {label:<20}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
                             f"{m['support']:>9}")
    t = report["tier_change"]
    lines.append(f"-- tier_change: precision {t['precision']:.3f} recall {t['recall']:.3f} "
                 f"(support {t['support']}); org+level right for {t['org_level_right']}/{t['tp']} found")
    for key, label in (("tier", "with the known determinations"), ("tier_text_only", "text only")):
        if report.get(key):
            lines.append(format_tier(report[key], label))
    lines.append("")
    lines.append("Action confusion matrix (rows gold, columns predicted):")
    matrix = report["action"]["confusion"]
    labels = [a for a in matrix if sum(matrix[a].values()) or any(row.get(a) for row in matrix.values())]
    short = {a: a[:6] for a in labels}
    lines.append(" " * 18 + "".join(f"{short[a]:>7}" for a in labels))
    for a in labels:
        lines.append(f"{a:<18}" + "".join(f"{matrix[a].get(b, 0):>7}" for b in labels))
    if report["mistakes"]:
        lines.append("")
        lines.append("Worst mistakes (gold -> predicted):")
        for m in report["mistakes"]:
            g, p = m["gold"], m["predicted"]
            diff = []
            if g["relevant"] != p["relevant"]:
                diff.append(f"relevant {g['relevant']}->{p['relevant']} (p={p['p_relevant']:.2f})")
            if g["action"] != p["action"]:
                diff.append(f"action {g['action']}->{p['action']}")
            if set(g["themes"]) != set(p["themes"]):
                diff.append(f"themes {g['themes']}->{p['themes']}")
            if set(g["jurisdiction"]) != set(p["jurisdiction"]):
                diff.append(f"jurisdiction {g['jurisdiction']}->{p['jurisdiction']}")
            lines.append(f"  {m['id']}  {m['title']}")
            lines.append(f"      {'; '.join(diff)}")
    return "\n".join(lines)


def cv_report(records: list[dict], taxonomy: Taxonomy | None = None,
              params: model_io.Params | None = None, folds: int = 5,
              seeds: tuple[int, ...] = (model_io.SEED,)) -> dict:
    """Nested k-fold figures, for full articles and for short feed items separately: the full
    report for the first fold seed, and the main figures for every seed with their mean."""
    taxonomy = taxonomy or load_taxonomy()
    out: dict = {"folds": folds, "n": len(records), "seeds": list(seeds), "by_seed": {}}
    for seed in seeds:
        _, predictions = cross_validate(records, taxonomy, params, folds, seed=seed)
        reports = _cv_reports(records, predictions, taxonomy)
        out["by_seed"][seed] = main_figures(reports)
        if seed == seeds[0]:
            out.update(reports)
    out["mean"] = {part: {k: round(sum(f[part][k] for f in out["by_seed"].values()) / len(seeds), 3)
                          for k in figures}
                   for part, figures in out["by_seed"][seeds[0]].items()}
    return out


def _text_only_tier(record: dict, prediction: dict) -> dict:
    """The prediction with its tier's fields read from the text alone (the known table does not
    decide whether there is a determination, only fills fields, so the tiers found are the same)."""
    if not prediction.get("tier"):
        return prediction
    from monitor.classify.tiers import extract_tier

    finding = extract_tier(record.get("title", ""), record.get("text", ""), record.get("url"), use_known=False)
    return {**prediction, "tier": dict(finding.tier) if finding else None}


def _cv_reports(records: list[dict], predictions: list[dict], taxonomy: Taxonomy) -> dict:
    out = {}
    for name, keep in (("articles", lambda r: not model_io.is_short(r)), ("feed_items", model_io.is_short),
                       ("digests", model_io.is_digest)):
        idx = [i for i, r in enumerate(records) if keep(r)]
        if not idx:
            continue
        rep = score([records[i] for i in idx], [predictions[i] for i in idx], taxonomy)
        rep["tier_text_only"] = tier_figures([_gold(records[i]) for i in idx],
                                             [_text_only_tier(records[i], predictions[i]) for i in idx])
        if name == "feed_items":
            rep["false_alarms"] = [
                {"id": records[i]["id"], "title": records[i]["title"][:100],
                 "p_relevant": predictions[i]["scores"]["relevant"]}
                for i in idx if predictions[i]["relevant"] and not records[i]["relevant"]
            ]
            rep["precision_at_85_recall"] = precision_at_recall(
                [bool(records[i]["relevant"]) for i in idx], [predictions[i]["scores"]["relevant"] for i in idx])
        out[name] = rep
    return out


def precision_at_recall(gold: list[bool], scores: list[float], recall: float = 0.85) -> float:
    """The precision of the highest-scored items that hold `recall` of the relevant ones."""
    ranked = sorted(zip(scores, gold), key=lambda sg: -sg[0])
    needed = recall * sum(gold)
    found = 0
    for k, (_, relevant) in enumerate(ranked, start=1):
        found += relevant
        if found >= needed:
            return round(found / k, 3)
    return 0.0


def main_figures(reports: dict) -> dict:
    """The figures the targets speak of, from `_cv_reports`."""
    out = {}
    if "articles" in reports:
        a = reports["articles"]
        out["articles"] = {"relevant_f1": a["relevant"]["f1"], "action_macro_f1": a["action"]["macro_f1"],
                           "themes_micro_f1": a["themes"]["micro_f1"],
                           "jurisdiction_micro_f1": a["jurisdiction"]["micro_f1"],
                           "tier_precision": a["tier_change"]["precision"], "tier_recall": a["tier_change"]["recall"]}
    if "feed_items" in reports:
        f = reports["feed_items"]
        out["feed_items"] = {"precision": f["relevant"]["precision"], "recall": f["relevant"]["recall"],
                             "f1": f["relevant"]["f1"], "precision_at_85_recall": f["precision_at_85_recall"],
                             "action_macro_f1": f["action"]["macro_f1"], "themes_micro_f1": f["themes"]["micro_f1"],
                             "jurisdiction_micro_f1": f["jurisdiction"]["micro_f1"]}
    if "digests" in reports:
        d = reports["digests"]
        out["digests"] = {"relevant_f1": d["relevant"]["f1"], "action_accuracy": d["action"]["accuracy"],
                          "themes_micro_f1": d["themes"]["micro_f1"],
                          "jurisdiction_micro_f1": d["jurisdiction"]["micro_f1"]}
    return out


TARGETS = {  # what the project aims for, out of fold (the issue tracker's targets)
    ("articles", "relevant_f1"): ">= 0.98", ("articles", "action_macro_f1"): ">= 0.92",
    ("articles", "themes_micro_f1"): ">= 0.85", ("articles", "jurisdiction_micro_f1"): ">= 0.92",
    ("articles", "tier_precision"): ">= 0.9", ("articles", "tier_recall"): "1.0",
    ("feed_items", "precision_at_85_recall"): ">= 0.9",
}


def format_cv_summary(cv: dict) -> list[str]:
    """The main figures of every fold seed and their mean, as a Markdown table."""
    seeds = cv["seeds"]
    by_seed = {int(k): v for k, v in cv["by_seed"].items()}
    lines = ["| figure | " + " | ".join(f"seed {s}" for s in seeds) + " | mean | target |",
             "|---|" + "---|" * (len(seeds) + 2)]
    for part, figures in cv["mean"].items():
        for name, mean in figures.items():
            values = " | ".join(f"{by_seed[s][part][name]:.3f}" for s in seeds)
            lines.append(f"| {part.replace('_', ' ')}: {name.replace('_', ' ')} | {values} | {mean:.3f} | "
                         f"{TARGETS.get((part, name), '')} |")
    return lines


def format_cv_for_card(cv: dict | None) -> list[str]:
    if not cv:
        return ["## Cross-validation", "",
                "Not computed for this model; run `monitor train --cv 5` to add the figures.", ""]
    seeds = cv.get("seeds") or [model_io.SEED]
    lines = ["## Cross-validation", "",
             f"{cv['folds']}-fold stratified cross-validation on {cv['n']} records, copies and rewrites "
             "of one story kept in one fold (they would flatter the figures); thresholds tuned "
             "inside each training fold on inner folds of it (nested), the tier extractor and rules "
             "applied as in production. Full articles and short feed items (text under 1,000 "
             "characters) are reported apart; digests are the feed items whose title lists several "
             f"stories. Fold seeds: {', '.join(map(str, seeds))}. Feed items' precision at 85 % recall "
             "ranks them by relevance score.", ""]
    if cv.get("mean"):
        lines += format_cv_summary(cv) + [""]
    lines += [f"Full reports for fold seed {seeds[0]}:", ""]
    for name in ("articles", "feed_items", "digests"):
        rep = cv.get(name)
        if not rep:
            continue
        lines += [f"### {name.replace('_', ' ')}", "", "```", format_report(rep, name), "```", ""]
        if rep.get("false_alarms") is not None:
            lines += [f"False alarms on feed items ({len(rep['false_alarms'])}):", ""]
            lines += [f"- `{fa['id']}` {fa['title']} (p={fa['p_relevant']:.2f})" for fa in rep["false_alarms"]]
            lines.append("")
    return lines
