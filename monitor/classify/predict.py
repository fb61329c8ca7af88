"""Prediction: scores from the trained model, thresholds, then rules (tier extractor, cue themes).

`Classifier.classify(records)` returns one dict per record with the contract of `monitor classify`:
id, relevant, themes, action, jurisdiction, tier, scores, evidence.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from monitor.classify import model as model_io
from monitor.classify import tiers
from monitor.classify.features import AI_WORD, cue_evidence, headline_segments, record_parts
from monitor.classify.frameworks import FrameworkError
from monitor.classify.rules import CueSet
from monitor.classify.sentences import split_sentences
from monitor.taxonomy import Taxonomy, TaxonomyError, from_ai_publisher, load_taxonomy

MODEL_ENV = "MONITOR_MODEL"
MODEL_FILE = "classifier.joblib"
# The model shipped with the project: models/ at the top of the repository.
SHIPPED_MODEL = Path(__file__).resolve().parents[2] / "models" / MODEL_FILE

# Words of risk schemes, in any article with a determination that names no AI or framework.
RISK_SCHEME_WORDS = re.compile(
    r"\b(?:risk|safety|safeguard|threshold|capabilit|hazard|danger|misuse|catastroph|harm|protection|"
    r"mitigation|uplift|weapon|biolog|biosecur|cyber|chemical|autonom|persuasi)\w*|风险|安全", re.I)
# A tier determination from the extractor at or above this confidence sets the action.
TIER_EXTRACTOR_MIN = 0.5
# Moves that, named in the headline, stay the story's action when its text also states a tier
# determination in passing (LABELLING.md R2: a lawsuit, a regulator's proceeding, a bill).
HEADLINE_MOVES = ("legislation", "regulation", "executive", "enforcement", "litigation", "international")
# A move of HEADLINE_MOVES, named in a headline that names AI and read by the action model in the text
# (score at least GOVERNANCE_MOVE_MIN), makes the story relevant whatever the relevance model scores: a
# regulator's, a court's, a legislature's, a government's or a summit's move on AI is what the monitor
# exists for. The relevance model, trained on 1,087 texts, missed some on unseen wording ("Italy's Garante
# fines AI transcription app": relevance 0.41, enforcement 0.91); in the corpus the headlines that name
# such a move but are not one ("Navigating compliance", "Building Blocks of Agentic AI", "sovereign AI"
# partnerships) score 0.11 or less for it.
GOVERNANCE_MOVE_MIN = 0.3
# An article is about AI when AI is in its title or first characters, or named this often: a passing
# mention far down (a related-links box) does not make a security story an AI story.
AI_LEAD_CHARS = 1000
AI_MENTIONS = 2
ONE_MENTION_CHARS = 30
# LABELLING.md R4: the theme of each tracked category of a tier determination (`multiple` names
# several and maps to none).
CATEGORY_THEMES = {"bio": "cbrn", "chem": "cbrn", "nuclear": "cbrn", "cbrn": "cbrn", "cyber": "cyber",
                   "autonomy": "autonomy", "model_autonomy": "autonomy", "self_improvement": "autonomy",
                   "ai_rnd": "autonomy", "sabotage": "autonomy", "persuasion": "manipulation"}
# Jurisdictions a text names when the move is theirs: a state's law, suit or governor is named by the state
# (or its governor, legislature, attorney general). The model also learned "a US bill" for them: out of fold
# (seed 13) two federal stories ("Trump signs bill ...") were us_state, and none named a state.
NAMED_PLACES = ("us_state",)
MAX_EVIDENCE_CHARS = 400  # an evidence sentence longer than this (a page without full stops) is cut


def default_model_path() -> Path:
    return Path(os.environ[MODEL_ENV]) if os.environ.get(MODEL_ENV) else SHIPPED_MODEL


# What `Classifier.load` raises for a model, taxonomy or frameworks file that cannot be used.
LOAD_ERRORS = (model_io.ModelError, TaxonomyError, FrameworkError)


class Classifier:
    """A trained model plus the rules around it. Build with `Classifier.load()`."""

    def __init__(self, trained: model_io.TrainedModel, taxonomy: Taxonomy | None = None,
                 extract_tier=None, use_extractor: bool = True):
        self.model = trained
        # Label ids come from the current taxonomy file; themes the model never learned are
        # assigned by their cues alone.
        self.taxonomy = taxonomy or load_taxonomy()
        self.cues = CueSet.from_taxonomy(self.taxonomy)
        self.ai_cues = self.cues.only("ai")
        self.extract_tier = extract_tier if extract_tier is not None else (
            tiers.extract_tier if use_extractor else None)

    @classmethod
    def load(cls, path: str | Path | None = None, **kwargs) -> "Classifier":
        """The model at `path` (default: the bundled one). Raises ModelError, TaxonomyError or
        FrameworkError (a broken $MONITOR_FRAMEWORKS file), each naming the file and the fix."""
        classifier = cls(model_io.load(path or default_model_path()), **kwargs)
        if classifier.extract_tier is tiers.extract_tier:
            tiers.reader_for()  # reads the frameworks registry now, not at the first article
        return classifier

    @property
    def version(self) -> str:
        return self.model.version

    def classify(self, records: list[dict]) -> list[dict]:
        if not records:
            return []
        scores = self.model.scores(records)
        stories = self._digest_stories(records)
        return [self._decide(r, i, scores, stories.get(i)) for i, r in enumerate(records)]

    # -- one record -----------------------------------------------------------------------
    def _decide(self, record: dict, i: int, scores: dict, story: _Story | None = None) -> dict:
        m = self.model
        title, text = record_parts(record)
        p_rel = float(scores["relevant"][i])
        finding = self._tier(title, text, record.get("url"))
        short = model_io.is_short(record)
        threshold = m.short_threshold if short else m.relevance_threshold
        title_hits = self.cues.hits(title)
        # Read only when needed: most articles score below the threshold and state no tier.
        about_ai = functools.cache(lambda: self._about_ai(record, title, title_hits, text))
        determination = (finding is not None and finding.kind == "determination"
                         and float(finding.confidence) >= TIER_EXTRACTOR_MIN
                         and (about_ai() or self._about_a_risk_scheme(title, text, finding)))
        move = None if story is not None else self._governance_move(title, title_hits, scores, i)
        relevant = (p_rel >= threshold and about_ai()) or determination or move is not None

        # A digest's labels are those of its first relevant story (R6); others read the record.
        labels = story.labels if story is not None else self._labels(scores, i, title, text, title_hits, short)
        theme_p, themes, action_p = labels.theme_p, labels.themes, labels.action_p
        ranked = sorted(action_p, key=lambda a: (-action_p[a], a))
        action = ranked[0]
        # A tier change is one the extractor can state (org, model, level): without one there is
        # nothing for an alert to say, and in cross-validation the model alone was never right.
        if action == "tier_change" and not determination:
            action = ranked[1] if len(ranked) > 1 else "none"
        if determination:
            action = self._headline_move(title, title_hits, finding, action_p) or "tier_change"
        elif move is not None and action == "none":
            action = move
        jurisdiction = labels.jurisdiction

        # R1: a relevant item with action `none` names a risk: its best theme when credible, else
        # it is not relevant. A digest's story is a headline that the relevance models already
        # judged relevant alone and the label models read poorly: it keeps its best theme (out of
        # fold, dropping such digests lost relevant ones and gained no precision).
        if relevant and action == "none" and not themes:
            best = self._credible_theme(theme_p, 0.0 if story is not None else self.model.credible_theme)
            if best is None:
                relevant = False
            else:
                themes = [best]

        tier = None
        if not relevant:
            themes, jurisdiction, action = [], [], "none"
        elif determination:  # kept also when the headline's move is the action: the tracker records the step
            tier = dict(finding.tier)
            # True by definition: a designation under the EU AI Act is an EU move.
            if tier.get("framework") == "eu_ai_act" and "eu" in self.taxonomy.jurisdiction_ids \
                    and "eu" not in jurisdiction:
                jurisdiction = [j for j in self.taxonomy.jurisdiction_ids if j in jurisdiction or j == "eu"]
        if tier:
            themes = self._with_category_theme(themes, tier)

        evidence = self._evidence(action, title, text, finding if tier else None)
        if story is not None and relevant:
            evidence = [story.title] + evidence[:1]  # the story the digest is labelled by
        p_action = action_p.get(action, 0.0)
        if action == "tier_change" and determination:
            p_action = max(p_action, float(finding.confidence))
        if not relevant:
            p_action = 1.0 - p_rel
        return {
            "id": record.get("id"),
            "relevant": bool(relevant),
            "themes": themes,
            "action": action,
            "jurisdiction": jurisdiction,
            "tier": tier,
            "scores": {
                "relevant": round(p_rel, 4),
                "themes": {t: round(p, 4) for t, p in theme_p.items()},
                "action": round(p_action, 4),
            },
            "evidence": evidence,
        }

    def _labels(self, scores: dict, i: int, title: str, text: str, title_hits: dict, short: bool) -> _Labels:
        """Themes, action scores and jurisdictions of row `i` of `scores` (before any rule)."""
        m = self.model
        theme_p = {t: float(v[i]) for t, v in scores["themes"].items()}
        hits = None
        for t in self.taxonomy.theme_ids:  # themes added by the user after training
            if t not in m.themes or m.themes[t] is None:
                hits = hits or self.cues.hits(title + " . " + text)
                theme_p[t] = _cue_score(hits, f"theme:{t}", title_hits)
        themes = [t for t in self.taxonomy.theme_ids
                  if theme_p.get(t, 0.0) >= m.theme_thresholds.get(t, 0.5)]
        action_p = {a: float(v[i]) for a, v in scores["action"].items()}
        jur_p = {j: float(v[i]) for j, v in scores["jurisdiction"].items()}
        jurisdiction = self._jurisdictions(jur_p, title_hits, short)
        if any(j in NAMED_PLACES for j in jurisdiction):
            named = self.cues.hits(title + " . " + text)
            jurisdiction = [j for j in jurisdiction if j not in NAMED_PLACES or named.get(f"jur:{j}")]
        return _Labels(theme_p, themes, action_p, jurisdiction)

    def _with_category_theme(self, themes: list, tier: dict) -> list:
        """R4: a determination in a tracked category names that risk (bio -> cbrn, ...)."""
        theme = CATEGORY_THEMES.get(str(tier.get("category") or "").lower())
        if theme is None or theme in themes or theme not in self.taxonomy.theme_ids:
            return themes
        return [t for t in self.taxonomy.theme_ids if t in themes or t == theme]

    def _credible_theme(self, theme_p: dict, share: float) -> str | None:
        """The theme closest to its threshold, if its score reaches `share` of it."""
        m = self.model
        ratio = {t: p / max(m.theme_thresholds.get(t, 0.5), 1e-6) for t, p in theme_p.items()}
        if not ratio:
            return None
        best = max(ratio, key=lambda t: (ratio[t], t))
        return best if ratio[best] >= share else None

    def _digest_stories(self, records: list[dict]) -> dict[int, _Story]:
        """R6 (LABELLING.md): a digest, a feed item whose title lists several stories, takes the
        labels of its first story that is relevant alone. That is the first story, in title
        order, that the headline model scores at least `story_threshold` and that names a risk or
        a move; failing that, the first story so scored; failing that, the best-scored one. Its
        labels are read from its headline alone: a digest's summary is usually an editor's
        letter about something else."""
        m = self.model
        if m.headline is None:
            return {}
        digests = [(i, headline_segments(str(r.get("title") or ""))) for i, r in enumerate(records)
                   if model_io.is_digest(r)]
        if not digests:
            return {}
        story_p = m.headline.story_scores([str(records[i].get("title") or "") for i, _ in digests])
        candidates: list[tuple[int, str]] = []
        for (i, parts), p in zip(digests, story_p):
            over = [s for s, v in zip(parts, p) if v >= m.story_threshold]
            candidates += [(i, s) for s in over or [parts[int(np.argmax(p))]]]
        scores = m.scores([{"title": s, "text": s} for _, s in candidates])
        head = m.headline.action_scores([s for _, s in candidates])
        if head is not None:  # a story is only a headline: its move is the one the headline names
            scores["action"] = head
        chosen: dict[int, _Story] = {}
        for k, (i, s) in enumerate(candidates):
            if i in chosen and chosen[i].names_risk_or_move:
                continue
            labels = self._labels(scores, k, s, s, self.cues.hits(s), True)
            action = max(labels.action_p, key=lambda a: (labels.action_p[a], a))
            story = _Story(s, labels, bool(labels.themes) or action not in ("none", "tier_change"))
            if i not in chosen or story.names_risk_or_move:
                chosen[i] = story
        return chosen

    def _jurisdictions(self, jur_p: dict, title_hits: dict, short: bool) -> list[str]:
        """The learned jurisdictions over their thresholds, and those the title names: for a feed
        item all of them, otherwise the ones the model did not learn (too few examples, or added to
        the taxonomy later). A feed item's sentence or two give the models little to read, while
        its title usually names the place: out of fold, jurisdiction micro-F1 on the corpus's feed
        items rose from 0.39 to 0.65. On full articles the title adds more false places than it
        finds. A multilateral move takes no unlearned place from its title: the country hosting a
        summit is not where its declaration applies."""
        m = self.model
        ids = self.taxonomy.jurisdiction_ids
        unlearned = {j for j in ids if m.jurisdictions.get(j) is None or j in m.gazetteer_jurisdictions}
        chosen = {j for j in ids
                  if j not in unlearned and jur_p.get(j, 0.0) >= m.jurisdiction_thresholds.get(j, 0.5)}
        named = {j for j in (ids if short else unlearned) if title_hits.get(f"jur:{j}")}
        if "intl" in chosen | named:
            named -= unlearned - {"intl"}
        return [j for j in ids if j in chosen | named]

    def _about_ai(self, record: dict, title: str, title_hits: dict, text: str) -> bool:
        """Is the article about AI (see AI_LEAD_CHARS), or from an AI developer's or safety body's site?

        Without this, news of wars, tax treaties or crypto laws can pass: the model learned what
        AI governance news sounds like, and those sound alike.
        """
        in_title = bool(title_hits.get("ai") or AI_WORD.search(title))
        if in_title or from_ai_publisher(record.get("url"), self.taxonomy.ai_publishers):
            return True
        mentions = self._ai_mentions(text)
        return len(mentions) >= AI_MENTIONS or any(at < AI_LEAD_CHARS for at in mentions)

    @staticmethod
    def _about_a_risk_scheme(title: str, text: str, finding) -> bool:
        """A determination in an article that names no AI (a new lab's news often does not) must
        name its framework or speak of risk, safety or capability somewhere: a "level 3" in a
        story about a support call or "Building 24" in a history of computing is not a tier."""
        return bool(finding.tier.get("framework")) or bool(RISK_SCHEME_WORDS.search(title)
                                                           or RISK_SCHEME_WORDS.search(text))

    def _ai_mentions(self, text: str) -> list[int]:
        """Where AI is mentioned; hits a few words apart are one mention ("frontier AI model")."""
        hits = sorted(set(self.ai_cues.offsets(text)) | {m.start() for m in AI_WORD.finditer(text)})
        return [at for i, at in enumerate(hits) if i == 0 or at - hits[i - 1] > ONE_MENTION_CHARS]

    def _tier(self, title: str, text: str, url: str | None = None):
        if self.extract_tier is None:
            return None
        return self.extract_tier(title, text, url)

    def _governance_move(self, title: str, title_hits: dict, scores: dict, i: int) -> str | None:
        """The move on AI a headline names (HEADLINE_MOVES), the one the action model favours."""
        if not (title_hits.get("ai") or AI_WORD.search(title)):
            return None
        read = {a: float(scores["action"][a][i]) for a in _moves_named(title_hits) if a in scores["action"]}
        best = max(read, key=read.get, default=None)
        return best if best is not None and read[best] >= GOVERNANCE_MOVE_MIN else None

    @staticmethod
    def _headline_move(title: str, title_hits: dict, finding, action_p: dict) -> str | None:
        """The headline's own move when the determination is only mentioned in the text (R2): the
        headline names a lawsuit, a proceeding, a bill... and neither a tier nor the determination."""
        if title_hits.get("action:tier_change") or (title and str(finding.evidence).startswith(title[:40])):
            return None
        moves = _moves_named(title_hits)
        return max(moves, key=lambda a: (action_p.get(a, 0.0), -HEADLINE_MOVES.index(a))) if moves else None

    def _evidence(self, action: str, title: str, text: str, finding) -> list[str]:
        out: list[str] = []
        if finding is not None and getattr(finding, "evidence", None):
            out.append(" ".join(str(finding.evidence).split())[:MAX_EVIDENCE_CHARS])
        if action != "none" and len(out) < 2:
            sentences = [title] + split_sentences(text, max_chars=MAX_EVIDENCE_CHARS)
            for sentence in self.cues.best_sentences(sentences, f"action:{action}", 2):
                if sentence not in out and len(out) < 2:
                    out.append(sentence)
        return out


@dataclass
class _Labels:
    theme_p: dict
    themes: list
    action_p: dict
    jurisdiction: list


@dataclass
class _Story:
    """The story of a digest whose labels the digest takes (see Classifier._digest_stories)."""
    title: str
    labels: _Labels
    names_risk_or_move: bool


def _moves_named(title_hits: dict) -> list[str]:
    """The moves of HEADLINE_MOVES whose cues the headline names, in that order."""
    return [a for a in HEADLINE_MOVES if title_hits.get(f"action:{a}")]


def _cue_score(hits: dict, group: str, title_hits: dict) -> float:
    """A score for a cue-only label (see features.cue_evidence)."""
    return round(float(cue_evidence(len(set(hits.get(group, []))), bool(title_hits.get(group)))), 4)


def parse_line(line: str) -> tuple[dict | None, str | None]:
    """One JSONL input line -> (record, None), or (None, what is wrong with it)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(record, dict):
        return None, f"expected a JSON object, got {type(record).__name__}"
    missing = [k for k in ("id", "title", "text") if k not in record]
    if missing:
        return None, f"missing field(s) {', '.join(missing)} (need id, title, text)"
    for key in ("title", "text"):
        if record[key] is not None and not isinstance(record[key], str):
            return None, f"'{key}' must be a string, got {type(record[key]).__name__}"
    if not isinstance(record["id"], (str, int)) or isinstance(record["id"], bool):
        return None, "'id' must be a string or an integer"
    return record, None
