"""The trained model: what it holds, how it is fitted, how it is saved and loaded.

One `TrainedModel` bundles the shared feature builder and one linear model per label family:
relevance (binary), themes and jurisdictions (one binary model per id, each with its own
threshold), action (one-vs-rest), and for short feed items a headline model whose score is
blended into relevance (`HeadlineModel`: the title, or the best story of a digest title).
Thresholds are tuned on out-of-fold predictions of the training data, so they are never set on
data the model has seen.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
import scipy.optimize
import scipy.sparse as sp
import sklearn
from sklearn.exceptions import InconsistentVersionWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.multiclass import OneVsRestClassifier

from monitor.crawl import dedupe
from monitor.classify.features import FeatureBuilder, HeadlineFeatures, headline_segments, record_parts
from monitor.classify.rules import CueSet
from monitor.taxonomy import Taxonomy, from_dict

FORMAT = 5  # raised when model files saved by older code must be retrained
SHORT_TEXT = 1000  # below this many characters of text a record is a feed item
SHORT_VIEW = 300  # characters of body in the feed-like view of an article
SEED = 13
RELEVANCE_CUES = ("ai", "risk", "routine")  # the cue groups that speak only to relevance
CUE_PREFIX = {"themes": "theme", "jurisdiction": "jur"}  # label family -> its cue groups' prefix
RETRAIN_HINT = "Retrain it with:  monitor train   (or pass --model PATH to a model built here)"


class ModelError(RuntimeError):
    """The model file is missing, unreadable or was built by another library version."""


@dataclass
class Params:
    c_relevance: float = 4.0
    c_themes: float = 64.0
    c_action: float = 32.0
    c_jurisdiction: float = 16.0
    cue_weight: float = 1.0
    title_weight: float = 1.0
    # Thresholds are tuned on out-of-fold scores: more folds give scores from models closer to the
    # final one (trained on all the data), so thresholds that suit it better.
    inner_folds: int = 5
    # Relevance threshold of short feed items: best F-beta out of fold (beta < 1: precision first).
    short_beta: float = 0.5
    short_views: bool = True
    # Short feed items get their own relevance model, fitted without those cut articles: the cuts
    # help full articles but blur the line between feed items.
    short_model: bool = True
    c_relevance_short: float = 4.0
    # Short feed items: their relevance blends the full model with a headline model (weight below),
    # which reads the title and, for digest titles, each listed story (the best story counts).
    c_headline: float = 16.0
    headline_weight: float = 0.35
    # Themes and jurisdictions lean less on raw cue counts than relevance and action do.
    theme_cue_weight: float = 0.25
    jurisdiction_cue_weight: float = 0.5
    # A theme's threshold is pulled this far towards the one threshold best for all themes pooled:
    # a theme has few positives, so its own best threshold on out-of-fold scores is noisy.
    theme_threshold_shrink: float = 0.5
    # The action, theme and jurisdiction models also learn from the feed-like cuts of long relevant
    # articles: a feed item that says "watchdog fines OpenAI" in two sentences has few cue hits, and
    # models that saw only full articles called it `none`. Out of fold, on such cuts of unseen
    # articles, action macro-F1 rose 0.64 -> 0.69 (full articles 0.83 -> 0.85).
    label_short_views: tuple = ("action", "themes", "jurisdiction")
    # A jurisdiction with fewer relevant training articles than this is not learned: a model fitted
    # on two examples is noise. Prediction assigns it when the title names it (gazetteer), as it does
    # for jurisdictions a user adds to the taxonomy. Feed items count only when there are no
    # articles: `other` (any other country) learned from five feed items found no Japanese, Korean
    # or Brazilian move in an article.
    min_jurisdiction_positives: int = 5
    # Cue groups the action and jurisdiction models do not see: whether a text names AI, risk or
    # routine business news decides relevance, not what was done or where. Models that saw them
    # learned accidents of the corpus: "generative AI" in a headline made Korea's AI Basic Act a
    # `standard` (0.91). Out of fold (3 seeds): action macro-F1 0.870 -> 0.876, jurisdictions
    # 0.922 -> 0.926. Themes lost with them hidden (0.782 -> 0.775) and keep them.
    blind_cues: dict = field(default_factory=lambda: {"action": RELEVANCE_CUES, "jur": RELEVANCE_CUES})
    # Label families whose scores are stacked: each label model's score is combined with how
    # strongly the text names the label (its cue phrases in the title, the lead and the body, and
    # its share of the family's cues) by one small logistic regression pooled over the family's
    # labels, fitted on out-of-fold scores (MonotoneLogit). It replaced rules that let strong cue
    # evidence alone assign a rare theme. Out of fold (3 seeds) on the reconciled corpus, which
    # labels every risk a list names (R4): article themes micro-F1 0.765 -> 0.785; stacking
    # jurisdictions too: their micro-F1 0.915 -> 0.926.
    stack: tuple = ("themes", "jurisdiction")
    c_stack: float = 1.0


@dataclass
class TrainedModel:
    taxonomy: dict
    features: FeatureBuilder
    relevance: LogisticRegression
    relevance_threshold: float
    short_threshold: float
    themes: dict[str, LogisticRegression | None]
    theme_thresholds: dict[str, float]
    action: OneVsRestClassifier | None
    action_fallback: str
    jurisdictions: dict[str, LogisticRegression | None]
    jurisdiction_thresholds: dict[str, float]
    headline: "HeadlineModel | None" = None
    headline_weight: float = 0.0
    relevance_short: LogisticRegression | None = None
    theme_cue_weight: float = 1.0
    jurisdiction_cue_weight: float = 1.0
    # Jurisdictions left to the title gazetteer (see Params.min_jurisdiction_positives).
    gazetteer_jurisdictions: tuple = ()
    blind_cues: dict = field(default_factory=dict)
    # Per label family ("themes", "jurisdiction"): the labels it scores and the pooled stacker
    # (see Params.stack).
    stackers: dict = field(default_factory=dict)
    # A digest's story is relevant alone at this headline score (predict.Classifier._digest_stories).
    story_threshold: float = 0.5
    # R1: a relevant item with action `none` and no theme takes its best theme when that theme's
    # score reaches this share of its threshold, and is not relevant otherwise (tuned out of fold).
    credible_theme: float = 0.0
    meta: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.meta.get("model_version", "unknown")

    def get_taxonomy(self) -> Taxonomy:
        return from_dict(self.taxonomy, sources=("<model>",))

    # -- raw scores -------------------------------------------------------------------------
    def scores(self, records: list[dict]) -> dict:
        """Probabilities for every label of every record (no thresholds, no rules)."""
        X_all = self.features.transform(records)
        X = self.features.view(X_all)
        n = X.shape[0]
        out = {"relevant": _pos_proba(self.relevance, X, n)}
        short = [i for i, r in enumerate(records) if is_short(r)]
        if self.relevance_short is not None and short:
            out["relevant"][short] = _pos_proba(self.relevance_short, X[short], len(short))
        if self.headline is not None and self.headline_weight and short:
            w = self.headline_weight
            p_head = self.headline.scores([records[i] for i in short])
            out["relevant"][short] = (1 - w) * out["relevant"][short] + w * p_head
        Xt = self.features.reweight_cues(self._view(X_all, "theme"), self.theme_cue_weight)
        out["themes"] = {k: _pos_proba(m, Xt, n) for k, m in self.themes.items()}
        Xj = self.features.reweight_cues(self._view(X_all, "jur"), self.jurisdiction_cue_weight)
        out["jurisdiction"] = {k: _pos_proba(m, Xj, n) for k, m in self.jurisdictions.items()}
        if self.stackers:
            block = self.features.cue_block(X_all)
            short = np.array([is_short(r) for r in records], dtype=float)
            for family, (labels, stacker) in self.stackers.items():
                mine = {k: out[family][k] for k in labels}
                out[family].update(stacked_scores(stacker, self.features, block, family, mine, short))
        if self.action is not None:
            proba = self.action.predict_proba(self._view(X_all, "action"))
            out["action"] = {c: proba[:, i] for i, c in enumerate(self.action.classes_)}
        else:
            out["action"] = {self.action_fallback: np.ones(n)}
        return out

    def _view(self, X_all, family):
        return family_view(self.features, X_all, family, self.blind_cues)


def family_view(features: FeatureBuilder, X_all, family: str, blind_cues: dict):
    """The columns of `X_all` one label family ("action", "theme" or "jur") learns from."""
    X = features.view(X_all, None if family == "action" else family)
    blind = blind_cues.get(family)
    return features.without_cues(X, tuple(blind)) if blind else X


def stack_rows(features: FeatureBuilder, block: np.ndarray, family: str, scores: dict,
               short: np.ndarray) -> np.ndarray:
    """Rows of the pooled stacker, record-major: for each record and label, the model's score
    (as log-odds), how strongly the text names the label (FeatureBuilder.cue_strength), and
    whether the record is a short feed item."""
    cols = []
    for label, p in scores.items():
        p = np.clip(np.asarray(p, dtype=float), 1e-4, 1 - 1e-4)
        strength = features.cue_strength(block, f"{CUE_PREFIX[family]}:{label}")
        cols.append(np.column_stack([np.log(p / (1 - p)), strength, short]))
    return np.stack(cols, axis=1).reshape(len(short) * len(scores), -1)


class MonotoneLogit:
    """Logistic regression whose coefficients are all >= 0 except those of the `free` columns
    (L2-penalised, fitted with L-BFGS-B). A stacker must not learn that a higher model score or a
    text naming a label more often makes the label less likely: on small training sets a plain
    logistic regression can, and then fails on new texts."""

    def __init__(self, c: float = 1.0, free: tuple = ()):
        self.c = c
        self.free = tuple(free)
        self.coef_ = np.zeros(0)
        self.intercept_ = 0.0

    def fit(self, X: np.ndarray, y: np.ndarray) -> "MonotoneLogit":
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, k = X.shape

        def loss(w):
            z = X @ w[:k] + w[k]
            p = 1.0 / (1.0 + np.exp(-z))
            value = np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 / self.c * (w[:k] @ w[:k])
            grad = np.append(X.T @ (p - y) + w[:k] / self.c, np.sum(p - y))
            return value, grad

        bounds = [(None, None) if j in self.free else (0.0, None) for j in range(k)] + [(None, None)]
        result = scipy.optimize.minimize(loss, np.zeros(k + 1), jac=True, method="L-BFGS-B", bounds=bounds)
        self.coef_, self.intercept_ = result.x[:k], float(result.x[k])
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-(np.asarray(X, dtype=float) @ self.coef_ + self.intercept_)))
        return np.column_stack([1.0 - p, p])


def stacked_scores(stacker, features: FeatureBuilder, block: np.ndarray, family: str, scores: dict,
                   short: np.ndarray) -> dict:
    p = stacker.predict_proba(stack_rows(features, block, family, scores, short))[:, 1]
    p = p.reshape(len(short), len(scores))
    return {label: p[:, k] for k, label in enumerate(scores)}


def _pos_proba(model, X, n) -> np.ndarray:
    if model is None:
        return np.zeros(n)
    if isinstance(model, float):  # a label with one class only in training data
        return np.full(n, model)
    return model.predict_proba(X)[:, 1]


def _binary(y: np.ndarray, c: float):
    positives = int(y.sum())
    if positives == 0 or positives == len(y):
        return float(positives > 0) if len(y) else None
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000, solver="liblinear", dual=True,
                               random_state=SEED)
    return model


def _fit_binary(X, y, c):
    model = _binary(y, c)
    if isinstance(model, LogisticRegression):
        model.fit(X, y)
    return model


class HeadlineModel:
    """Relevance from the headline alone: a title, or the best story of a digest title; and the
    move a headline names, for the story a digest takes its labels from (R6).

    Trained on every record's title and on the stories of digest titles: all stories of an
    irrelevant digest are irrelevant; of a relevant digest, the story the first model scores
    highest is taken as the relevant one (one round of multiple-instance learning).
    """

    def __init__(self, cues: CueSet, c: float):
        self.features = HeadlineFeatures(cues)
        self.c = c
        self.model = None
        self.action = None

    def fit(self, records: list[dict], y: np.ndarray, actions: np.ndarray | None = None) -> "HeadlineModel":
        """`y`: relevance of each record; `actions`: their gold actions (for the action model)."""
        texts = [str(r.get("title") or "") for r in records]
        labels = [int(v) for v in y]
        stories = [headline_segments(t) for t in texts]
        for parts, label in zip(stories, y):
            if parts and not label:
                texts += parts
                labels += [0] * len(parts)
        self.features.fit(texts)
        X = self.features.transform(texts)
        model = _fit_binary(X, np.array(labels), self.c)
        positive = [parts for parts, label in zip(stories, y) if parts and label]
        if positive and isinstance(model, LogisticRegression):
            flat = [p for parts in positive for p in parts]
            p = model.predict_proba(self.features.transform(flat))[:, 1]
            best, start = [], 0
            for parts in positive:
                chunk = p[start:start + len(parts)]
                best.append(parts[int(np.argmax(chunk))])
                start += len(parts)
            X = sp.vstack([X, self.features.transform(best)], format="csr")
            model = _fit_binary(X, np.array(labels + [1] * len(best)), self.c)
        self.model = model
        if actions is not None:
            self.action = self._fit_action(records, y, actions)
        return self

    def _fit_action(self, records: list[dict], y: np.ndarray, actions: np.ndarray):
        """The move a headline names, learned from the titles of the records: a relevant
        digest contributes the first of its stories scored relevant (R6); the titles and stories
        of irrelevant records name no move (`none`)."""
        heads, labels = [], []
        for r, relevant, action in zip(records, y, actions):
            title = str(r.get("title") or "")
            if relevant:
                heads.append(self.first_story(title))
                labels.append(str(action))
            else:
                stories = headline_segments(title)
                heads += [title] + stories
                labels += ["none"] * (1 + len(stories))
        if len(set(labels)) < 2:
            return None
        model = OneVsRestClassifier(LogisticRegression(
            C=self.c, class_weight="balanced", solver="liblinear", dual=True, max_iter=2000, random_state=SEED))
        return model.fit(self.features.transform(heads), labels)

    def first_story(self, title: str, threshold: float = 0.5) -> str:
        """A digest title's first story scored at least `threshold` (else its best); other
        titles as they are."""
        parts = headline_segments(title)
        if not parts:
            return title
        p = self.story_scores([title])[0]
        over = [s for s, v in zip(parts, p) if v >= threshold]
        return over[0] if over else parts[int(np.argmax(p))]

    def action_scores(self, headlines: list[str]) -> dict | None:
        """Probability of each action from the headlines alone (None without an action model)."""
        if self.action is None:
            return None
        proba = self.action.predict_proba(self.features.transform(headlines))
        return {str(c): proba[:, k] for k, c in enumerate(self.action.classes_)}

    def scores(self, records: list[dict]) -> np.ndarray:
        titles = [str(r.get("title") or "") for r in records]
        out = _pos_proba(self.model, self.features.transform(titles), len(titles))
        for i, story_p in enumerate(self.story_scores(titles)):
            if len(story_p):
                out[i] = max(out[i], float(story_p.max()))
        return out

    def story_scores(self, titles: list[str]) -> list[np.ndarray]:
        """For each title, the score of each story it lists (empty unless a digest title)."""
        stories = [headline_segments(t) for t in titles]
        flat = [s for parts in stories for s in parts]
        p = _pos_proba(self.model, self.features.transform(flat), len(flat)) if flat else np.zeros(0)
        out, start = [], 0
        for parts in stories:
            out.append(p[start:start + len(parts)])
            start += len(parts)
        return out


def best_threshold(y: np.ndarray, p: np.ndarray, beta: float = 1.0) -> float:
    """The threshold with the best F-beta on (y, p): beta < 1 favours precision."""
    if y.sum() == 0 or len(y) == 0:
        return 0.5
    candidates = np.unique(np.round(np.concatenate([p, [0.5]]), 4))
    best, best_key = 0.5, (-1.0, 0.0)
    for t in candidates:
        key = (round(_f_beta(y, p >= t, beta), 6), -abs(t - 0.5))
        if key > best_key:
            best, best_key = float(t), key
    return float(min(max(best, 0.05), 0.95))


def _f_beta(y: np.ndarray, pred: np.ndarray, beta: float = 1.0) -> float:
    b2 = beta * beta
    tp = float((pred & (y == 1)).sum())
    fp = float((pred & (y == 0)).sum())
    fn = float((~pred & (y == 1)).sum())
    denom = (1 + b2) * tp + b2 * fn + fp
    return (1 + b2) * tp / denom if denom else 0.0


def is_short(record: dict) -> bool:
    """Feed items (title + summary) rather than full articles: judged with their own threshold."""
    return len(str(record.get("text") or "")) < SHORT_TEXT


def is_digest(record: dict) -> bool:
    """A feed item whose title lists several stories ("The Batch: A Does X, B Bans Y, C ...")."""
    return is_short(record) and bool(headline_segments(str(record.get("title") or "")))


# -- label arrays -----------------------------------------------------------------------------
def label_arrays(records: list[dict], taxonomy: Taxonomy) -> dict:
    rel = np.array([bool(r["relevant"]) for r in records], dtype=int)
    themes = {t: np.array([t in (r.get("themes") or []) for r in records], dtype=int)
              for t in taxonomy.theme_ids}
    jur = {j: np.array([j in (r.get("jurisdiction") or []) for r in records], dtype=int)
           for j in taxonomy.jurisdiction_ids}
    action = np.array([r.get("action") or "none" for r in records], dtype=object)
    return {"relevant": rel, "themes": themes, "jurisdiction": jur, "action": action}


def fit(records: list[dict], taxonomy: Taxonomy, params: Params | None = None,
        tune: bool = True) -> TrainedModel:
    """Fit every label model on `records` (each with title, text and gold labels)."""
    params = params or Params()
    thresholds = tune_thresholds(records, taxonomy, params) if tune else None
    model = _fit_once(records, taxonomy, params)
    if thresholds:
        model.relevance_threshold = thresholds["relevant"]
        model.short_threshold = thresholds["relevant_short"]
        model.theme_thresholds.update(thresholds["themes"])
        model.jurisdiction_thresholds.update(thresholds["jurisdiction"])
        model.stackers = thresholds["stackers"]
        model.credible_theme = thresholds["credible_theme"]
    return model


def _fit_once(records: list[dict], taxonomy: Taxonomy, params: Params) -> TrainedModel:
    cues = CueSet.from_taxonomy(taxonomy)
    features = FeatureBuilder(cues, cue_weight=params.cue_weight, title_weight=params.title_weight,
                              ai_publishers=taxonomy.ai_publishers)
    features.fit(records)
    X_all = features.transform(records)
    X = features.view(X_all)
    y = label_arrays(records, taxonomy)
    # Relevance of full articles also learns from long articles cut to what a feed shows (title +
    # summary); short feed items get a second model fitted on the records as they are (out of fold,
    # the cuts made feed items rank worse while they helped full articles).
    long_idx = [i for i, r in enumerate(records) if len(str(r.get("text") or "")) > 2 * SHORT_VIEW]
    short_all = None
    if (params.short_views or params.label_short_views) and long_idx:
        short = [{"title": records[i].get("title"), "text": str(records[i].get("text"))[:SHORT_VIEW]}
                 for i in long_idx]
        short_all = features.transform(short)
    if params.short_views and short_all is not None:
        X_rel = sp.vstack([X, features.view(short_all)], format="csr")
        y_rel = np.concatenate([y["relevant"], y["relevant"][long_idx]])
    else:
        X_rel, y_rel = X, y["relevant"]
    relevance = _fit_binary(X_rel, y_rel, params.c_relevance)
    relevance_short = None
    if params.short_model and X_rel.shape[0] > X.shape[0]:
        relevance_short = _fit_binary(X, y["relevant"], params.c_relevance_short)
    headline = None
    if params.headline_weight and 0 < y["relevant"].sum() < len(records):
        headline = HeadlineModel(cues, params.c_headline).fit(records, y["relevant"], y["action"])
    rel_idx = np.flatnonzero(y["relevant"] == 1)
    # The rows the label models learn from: the relevant records, and for the families in
    # params.label_short_views also the feed-like cuts of the long relevant ones (labels inherited).
    relevant_rows = with_cuts = (X_all[rel_idx], rel_idx)
    if params.label_short_views and short_all is not None:
        cut = [k for k, i in enumerate(long_idx) if y["relevant"][i]]
        with_cuts = (sp.vstack([X_all[rel_idx], short_all[cut]], format="csr"),
                     np.concatenate([rel_idx, np.asarray(long_idx)[cut]]))

    def rows_for(family: str):
        return with_cuts if family in params.label_short_views else relevant_rows

    Xa_all, a_rows = rows_for("action")
    Xr = family_view(features, Xa_all, "action", params.blind_cues)
    Xt_all, t_rows = rows_for("themes")
    Xt = features.reweight_cues(family_view(features, Xt_all, "theme", params.blind_cues),
                                 params.theme_cue_weight)
    themes = {t: (_fit_binary(Xt, y["themes"][t][t_rows], params.c_themes)
                  if y["themes"][t][t_rows].sum() else None)
              for t in taxonomy.theme_ids}
    Xj_all, j_rows = rows_for("jurisdiction")
    Xj = features.reweight_cues(family_view(features, Xj_all, "jur", params.blind_cues),
                                 params.jurisdiction_cue_weight)
    articles = [i for i in rel_idx if not is_short(records[i])] or rel_idx
    rare = tuple(j for j in taxonomy.jurisdiction_ids
                 if y["jurisdiction"][j][articles].sum() < params.min_jurisdiction_positives)
    jur = {j: None if j in rare else _fit_binary(Xj, y["jurisdiction"][j][j_rows], params.c_jurisdiction)
           for j in taxonomy.jurisdiction_ids}
    actions = y["action"][a_rows]
    action_model = None
    fallback = "none"
    if len(set(actions)) > 1:
        action_model = OneVsRestClassifier(LogisticRegression(
            C=params.c_action, class_weight="balanced", solver="liblinear", dual=True, max_iter=2000,
            random_state=SEED))
        action_model.fit(Xr, actions)
    elif len(actions):
        fallback = str(actions[0])
    return TrainedModel(
        taxonomy=taxonomy.to_dict(), features=features, relevance=relevance,
        relevance_threshold=0.5, short_threshold=0.5, themes=themes, theme_thresholds={t: 0.5 for t in themes},
        action=action_model, action_fallback=fallback, jurisdictions=jur,
        jurisdiction_thresholds={j: 0.5 for j in jur},
        headline=headline, headline_weight=params.headline_weight if headline is not None else 0.0,
        relevance_short=relevance_short, gazetteer_jurisdictions=rare,
        blind_cues=dict(params.blind_cues),
        theme_cue_weight=params.theme_cue_weight, jurisdiction_cue_weight=params.jurisdiction_cue_weight,
    )


def folds_for(records: list[dict], folds: int, seed: int = SEED):
    """Stratified k-fold splits (by relevance and action); deterministic for a seed.

    Copies and rewrites of one story (dedupe.group_copies) stay in one fold: the corpus holds
    several reports of many events, and a model tested on a copy of what it learned from looks
    better than it is, and tunes its thresholds to match.
    """
    strata = _safe_strata([_stratum(r) for r in records], folds)
    stories = dedupe.group_copies([(str(r.get("title") or ""), str(r.get("text") or "")) for r in records])
    # Small data may hold fewer stories than folds: one story per fold at most.
    splitter = StratifiedGroupKFold(n_splits=max(2, min(folds, len(set(stories)))), shuffle=True,
                                    random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "least populated class" on tiny data
        return list(splitter.split(np.zeros(len(records)), strata, stories))


def out_of_fold_scores(records: list[dict], taxonomy: Taxonomy, params: Params,
                       folds: int, seed: int = SEED) -> list[dict]:
    """Scores for each record from a model that did not see it."""
    result: list[dict] = [{} for _ in records]
    for train_idx, test_idx in folds_for(records, folds, seed):
        model = _fit_once([records[i] for i in train_idx], taxonomy, params)
        s = model.scores([records[i] for i in test_idx])
        for row, i in enumerate(test_idx):
            result[i] = {
                "relevant": float(s["relevant"][row]),
                "themes": {t: float(v[row]) for t, v in s["themes"].items()},
                "jurisdiction": {j: float(v[row]) for j, v in s["jurisdiction"].items()},
                "action": {a: float(v[row]) for a, v in s["action"].items()},
            }
    return result


def _stratum(record: dict) -> str:
    if not record.get("relevant"):
        return "irrelevant"
    return str(record.get("action") or "none")


def _safe_strata(strata: list[str], k: int) -> list[str]:
    counts = {s: strata.count(s) for s in set(strata)}
    return [s if counts[s] >= k else "rare" for s in strata]


def tune_thresholds(records: list[dict], taxonomy: Taxonomy, params: Params) -> dict:
    """Per-label thresholds from out-of-fold scores on the training records only."""
    oof = out_of_fold_scores(records, taxonomy, params, folds=params.inner_folds, seed=SEED + 1)
    y = label_arrays(records, taxonomy)
    p_rel = np.array([o["relevant"] for o in oof])
    short = np.array([is_short(r) for r in records], dtype=bool)
    out = {"relevant": best_threshold(y["relevant"], p_rel), "themes": {}, "jurisdiction": {}}
    out["relevant_short"] = out["relevant"]
    if short.sum() >= 20 and y["relevant"][short].sum() >= 5:
        out["relevant_short"] = best_threshold(y["relevant"][short], p_rel[short], params.short_beta)
    if (~short).sum() >= 20 and y["relevant"][~short].sum() >= 5:
        out["relevant"] = best_threshold(y["relevant"][~short], p_rel[~short])
    rel_idx = np.flatnonzero(y["relevant"] == 1)
    out["stackers"] = {}
    for family in params.stack if len(rel_idx) else ():
        fitted = _fit_stack(records, taxonomy, params, oof, y, rel_idx, family)
        if fitted is not None:
            out["stackers"][family], stacked = fitted
            oof = [{**o, family: {**o[family], **{k: float(p[i]) for k, p in stacked.items()}}}
                   for i, o in enumerate(oof)]
    for family in ("themes", "jurisdiction"):
        for label, gold in y[family].items():
            p = np.array([oof[i][family][label] for i in rel_idx])
            out[family][label] = best_threshold(gold[rel_idx], p)
    k = params.theme_threshold_shrink
    if k and len(rel_idx) and y["themes"]:
        gold = np.concatenate([g[rel_idx] for g in y["themes"].values()])
        p = np.concatenate([[oof[i]["themes"][t] for i in rel_idx] for t in y["themes"]])
        pooled = best_threshold(gold, p)
        out["themes"] = {t: round(k * pooled + (1 - k) * v, 4) for t, v in out["themes"].items()}
    out["credible_theme"] = _tune_credible_theme(records, oof, y, out)
    return out


def _tune_credible_theme(records, oof, y, thresholds) -> float:
    """R1's share of a theme's threshold (see TrainedModel.credible_theme), from out-of-fold scores:
    among the training records that would come out relevant with action `none` and no theme, the
    share that best tells the relevant ones (kept, with their best theme) from the others."""
    ratios, gold = [], []
    for i, r in enumerate(records):
        o = oof[i]
        limit = thresholds["relevant_short"] if is_short(r) else thresholds["relevant"]
        if o["relevant"] < limit or is_digest(r):
            continue  # not relevant, or a digest, labelled by its story
        if max(o["action"], key=o["action"].get) != "none":
            continue
        ratio = [p / max(thresholds["themes"].get(t, 0.5), 1e-6) for t, p in o["themes"].items()]
        if not ratio or max(ratio) >= 1.0:
            continue  # it has a theme
        ratios.append(max(ratio))
        gold.append(bool(y["relevant"][i]))
    if not ratios:
        return 0.0
    ratios, gold = np.array(ratios), np.array(gold)
    candidates = np.unique(np.concatenate([[0.0], ratios]))
    right = [int(((ratios >= c) == gold).sum()) for c in candidates]
    return float(candidates[int(np.argmax(right))])


def _fit_stack(records, taxonomy, params, oof, y, rel_idx, family):
    """The pooled stacker of a label family (Params.stack), fitted on the out-of-fold scores of
    the relevant records, for the labels that have a model: ((labels, stacker), its scores for
    every record), or None when there is nothing to fit."""
    scores = {k: np.array([o[family][k] for o in oof]) for k in y[family]}
    scores = {k: p for k, p in scores.items() if np.ptp(p) > 0}  # labels without a model score 0
    if not scores:
        return None
    features = FeatureBuilder(CueSet.from_taxonomy(taxonomy), ai_publishers=taxonomy.ai_publishers)
    titles, bodies = zip(*(record_parts(r) for r in records))
    block = features.cue_matrix(titles, bodies, [features.from_ai_publisher(r) for r in records])
    short = np.array([is_short(r) for r in records], dtype=float)
    X = stack_rows(features, block[rel_idx], family, {k: p[rel_idx] for k, p in scores.items()}, short[rel_idx])
    gold = np.column_stack([y[family][k][rel_idx] for k in scores]).reshape(-1)
    if gold.sum() == 0 or gold.sum() == len(gold):
        return None
    stacker = MonotoneLogit(params.c_stack, free=(X.shape[1] - 1,)).fit(X, gold)  # free: short item
    return (tuple(scores), stacker), stacked_scores(stacker, features, block, family, scores, short)


# -- files ------------------------------------------------------------------------------------
def save(model: TrainedModel, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    model.meta.setdefault("sklearn_version", sklearn.__version__)
    model.meta.setdefault("format", FORMAT)
    payload = {"format": FORMAT, "sklearn_version": sklearn.__version__, "model": model}
    joblib.dump(payload, path, compress=3)
    return path


def load(path: str | Path) -> TrainedModel:
    """Load a model file; any mismatch or damage is a `ModelError` that says what to do."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"No model file at {path}. {RETRAIN_HINT}")
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)
        try:
            payload = joblib.load(path)
        except InconsistentVersionWarning as exc:
            raise ModelError(
                f"{path} was built with scikit-learn {exc.original_sklearn_version}, "
                f"this install has {sklearn.__version__}; its predictions cannot be trusted. "
                f"{RETRAIN_HINT}"
            ) from None
        except (OSError, EOFError, ValueError, KeyError, AttributeError, ImportError,
                ModuleNotFoundError, TypeError) as exc:
            raise ModelError(f"{path} is not a readable model file ({type(exc).__name__}: {exc}). "
                             f"{RETRAIN_HINT}") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelError(f"{path} has an unknown model format. {RETRAIN_HINT}")
    if payload.get("sklearn_version") != sklearn.__version__:
        raise ModelError(
            f"{path} was built with scikit-learn {payload.get('sklearn_version')}, this install has "
            f"{sklearn.__version__}; its predictions cannot be trusted. {RETRAIN_HINT}"
        )
    return payload["model"]


def data_fingerprint(records: list[dict], extra: dict | None = None) -> str:
    """A short hash of the training data (and of `extra`: parameters, taxonomy)."""
    h = hashlib.sha256(json.dumps(extra or {}, sort_keys=True, default=str).encode())
    for r in sorted(records, key=lambda r: str(r.get("id"))):
        keep = {k: r.get(k) for k in ("id", "title", "text", "relevant", "themes", "action",
                                      "jurisdiction")}
        h.update(json.dumps(keep, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:12]
