"""Tests for monitor.classify: training, the output contract, the CLI, analyst labels, versions.

Models here are trained on a tiny corpus written for these tests (tests/classify_support.py);
the shipped model is never retrained by the tests.
"""

from __future__ import annotations

import dataclasses
import json
import re
import warnings
from pathlib import Path

import joblib
import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.exceptions import InconsistentVersionWarning

from monitor.classify import Classifier, ModelError
from monitor.classify import model as model_io
from monitor.classify.evaluate import evaluate, format_report
from monitor.classify.rules import CueSet
from monitor.classify.tiers import TierFinding
from monitor.cli.classify import classify_cmd, eval_cmd, label_cmd, reclassify_cmd, review_cmd, train_cmd
from monitor.taxonomy import TaxonomyError, load_taxonomy
from tests.classify_support import FAST, tiny_corpus, train_tiny, write_jsonl

TAXONOMY_IDS = {
    "themes": ["cyber", "cbrn", "autonomy", "manipulation", "privacy", "fairness", "child_safety", "ip",
               "competition", "labor", "national_security"],
    "actions": ["tier_change", "legislation", "regulation", "executive", "enforcement", "litigation", "standard",
                "corporate_control", "international", "none"],
    "jurisdictions": ["us", "us_state", "eu", "uk", "china", "intl", "other"],
}
KEYS = {"id", "relevant", "themes", "action", "jurisdiction", "tier", "scores", "evidence"}


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("model") / "classifier.joblib"
    train_tiny(out)
    return out


@pytest.fixture(scope="module")
def classifier(tiny_model) -> Classifier:
    return Classifier.load(tiny_model)


NEW_ARTICLES = [
    {"id": "n1", "title": "Utah governor signs bill regulating AI chatbots",
     "text": "The governor of Utah signed the bill into law. Lawmakers passed the legislation to require "
             "AI chatbot makers to publish safety frameworks."},
    {"id": "n2", "title": "Gadget maker unveils new phone",
     "text": "The company unveiled a new phone with a faster processor, a brighter screen and a better camera."},
    {"id": "n3", "title": "Anthropic activates ASL-3 for Claude Opus 10",
     "text": "Anthropic has activated ASL-3 protections for Claude Opus 10 under its Responsible Scaling Policy."},
]


# --- taxonomy ---------------------------------------------------------------------------------


def test_bundled_taxonomy_has_exactly_the_contract_ids():
    tax = load_taxonomy(use_env=False)
    assert tax.theme_ids == TAXONOMY_IDS["themes"]
    assert tax.action_ids == TAXONOMY_IDS["actions"]
    assert tax.jurisdiction_ids == TAXONOMY_IDS["jurisdictions"]


def test_taxonomy_ids_match_the_shared_taxonomy_file(shared):
    text = (shared / "corpus" / "TAXONOMY.md").read_text()
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", text, re.M))
    documented |= set(re.findall(r"`(us|us_state|eu|uk|china|intl|other)`", text))
    assert set(sum(TAXONOMY_IDS.values(), [])) == documented


def test_a_user_theme_works_through_its_cues_without_training(classifier, tmp_path, monkeypatch):
    extra = tmp_path / "mine.yaml"
    extra.write_text("themes:\n  energy:\n    description: power use\n"
                     "    cues: [data centre power, electricity prices, grid capacity]\n")
    monkeypatch.setenv("MONITOR_TAXONOMY", str(extra))
    clf = Classifier(classifier.model)
    assert "energy" in clf.taxonomy.theme_ids
    out = clf.classify([{"id": 1, "title": "Utah lawmakers pass AI bill on data centre power",
                         "text": "The legislation, signed into law, caps electricity prices and grid capacity "
                                 "for AI data centres; lawmakers passed the bill."}])[0]
    assert out["relevant"] and "energy" in out["themes"]
    assert "energy" in out["scores"]["themes"]


def test_a_broken_taxonomy_file_names_the_file_and_entry(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("themes:\n  Bad-Id:\n    cues: [x]\n")
    with pytest.raises(TaxonomyError, match=r"bad\.yaml.*themes\.Bad-Id"):
        load_taxonomy(bad)


# --- training and the output contract ---------------------------------------------------------


def test_training_is_deterministic(tmp_path):
    first = train_tiny(tmp_path / "a" / "m.joblib") if (tmp_path / "a").mkdir() is None else None
    second = train_tiny(tmp_path / "b" / "m.joblib") if (tmp_path / "b").mkdir() is None else None
    assert first.model.version == second.model.version
    records = NEW_ARTICLES + tiny_corpus()[:10]
    a = Classifier.load(first.path).classify(records)
    b = Classifier.load(second.path).classify(records)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert first.path.read_bytes() == second.path.read_bytes()  # same data, same file


def test_classify_output_has_the_contract(classifier):
    out = classifier.classify(NEW_ARTICLES)
    assert [o["id"] for o in out] == ["n1", "n2", "n3"]
    for o in out:
        assert set(o) == KEYS
        assert isinstance(o["relevant"], bool)
        assert set(o["scores"]) == {"relevant", "themes", "action"}
        assert 0.0 <= o["scores"]["relevant"] <= 1.0 and 0.0 <= o["scores"]["action"] <= 1.0
        assert set(o["scores"]["themes"]) >= set(TAXONOMY_IDS["themes"])
        assert o["action"] in TAXONOMY_IDS["actions"]
        assert set(o["themes"]) <= set(TAXONOMY_IDS["themes"])
        assert set(o["jurisdiction"]) <= set(TAXONOMY_IDS["jurisdictions"])
        assert isinstance(o["evidence"], list) and len(o["evidence"]) <= 2
        assert (o["tier"] is None) or o["action"] == "tier_change"
        json.dumps(o)  # serialisable
    bill, phone, tier = out
    assert bill["relevant"] and bill["action"] == "legislation" and "us_state" in bill["jurisdiction"]
    assert bill["evidence"] and "signed" in " ".join(bill["evidence"]).lower()
    assert phone == {**phone, "relevant": False, "action": "none", "themes": [], "jurisdiction": [], "tier": None}
    assert tier["action"] == "tier_change"


def test_a_determination_in_passing_keeps_the_headlines_move_and_the_tier(classifier):
    # LABELLING.md R2: the headline names a lawsuit; the determination in the text is kept for the tracker
    out = classifier.classify([{
        "id": "p", "title": "Families sue Brightwater Intelligence over chatbot advice",
        "text": "Three families filed a lawsuit against Brightwater Intelligence in a California court on Monday, "
                "alleging that its chatbot gave their teenagers dangerous advice. Separately, Brightwater rated "
                "Nimbus 2 Ultra as High in the cybersecurity category of its Preparedness Policy last week."}])[0]
    assert out["action"] == "litigation"
    assert out["tier"]["org"] == "brightwater_intelligence" and out["tier"]["model"] == "nimbus-2-ultra"
    assert out["tier"]["names"]["level"] == "High"


def test_a_tier_sentence_yields_the_tier_structure(classifier):
    out = classifier.classify([{
        "id": "t", "title": "OpenAI treats GPT-7 as High in cybersecurity",
        "text": "OpenAI said it has decided to treat GPT-7 as High capability in the cybersecurity domain "
                "under its Preparedness Framework, and activated the associated safeguards."}])[0]
    assert out["relevant"] and out["action"] == "tier_change"
    assert out["tier"]["org"] == "openai" and out["tier"]["level"] == "high"
    assert out["tier"]["framework"] == "preparedness" and out["tier"]["category"] == "cyber"
    assert set(out["tier"]) == {"org", "model", "framework", "category", "level", "direction", "names"}
    assert out["tier"]["names"]["org"] == "OpenAI" and out["tier"]["names"]["level"] == "High"
    assert any("High capability" in e for e in out["evidence"])


def test_a_determination_names_the_risk_of_its_category(classifier):
    # LABELLING.md R4: a tracked category maps to a theme; the tiny corpus has no cyber story.
    assert classifier.model.themes.get("cyber") is None
    (out,) = classifier.classify([{
        "id": "t", "title": "OpenAI treats GPT-7 as High in cybersecurity",
        "text": "OpenAI said it has decided to treat GPT-7 as High capability in the cybersecurity domain "
                "under its Preparedness Framework, and activated the associated safeguards."}])
    assert out["tier"]["category"] == "cyber" and "cyber" in out["themes"]


def test_an_expectation_is_not_a_tier_change(classifier):
    out = classifier.classify([{
        "id": "e", "title": "OpenAI warns future models may reach High",
        "text": "OpenAI said it expects upcoming models to reach High capability in biology under its "
                "Preparedness Framework, and is preparing safeguards."}])[0]
    assert out["action"] != "tier_change" and out["tier"] is None


def test_no_tier_change_without_a_tier_the_extractor_can_state(classifier, monkeypatch):
    scores = classifier.model.scores

    def sure_of_a_tier_change(records):
        out = scores(records)
        for action, p in out["action"].items():
            p[:] = 0.99 if action == "tier_change" else 0.005
        return out

    monkeypatch.setattr(classifier.model, "scores", sure_of_a_tier_change)
    out = classifier.classify([{
        "id": "s", "title": "Lab publishes system card for its new model",
        "text": "The system card describes evaluations of the model for cyber and biology risks and the "
                "safeguards the lab uses, and the framework that guides its decisions."}])[0]
    assert out["action"] != "tier_change" and out["tier"] is None



def test_a_determination_read_in_a_story_about_no_ai_and_no_risk_is_not_a_tier(classifier, monkeypatch):
    # Real feeds gave the reader "transferred me to level 3" (a support call) and "in Building 24"
    # (a history of computing): here the reader states such a determination, and the story says
    # nothing of AI, a framework, risk or safety.
    def reads_a_level(title, text, url=None):
        return TierFinding({"org": None, "model": "orbis-30", "framework": None, "category": None,
                            "level": "building_12", "direction": "new", "names": {}},
                           "determination", "It got its own room in Building 12.", 0.75)

    monkeypatch.setattr(classifier, "extract_tier", reads_a_level)
    history, lab = classifier.classify([
        {"id": "h", "title": "The computer that filled a room",
         "text": "The Orbis-30 was so loud that it got its own room in Building 12, by the river."},
        {"id": "l", "title": "Pellworm Systems moves Orbis-30 into Building 12",
         "text": "Pellworm Systems said it had moved Orbis-30 to Building 12 of its hazard bands for "
                 "biological risk."},
    ])
    assert history["tier"] is None and history["action"] != "tier_change" and not history["relevant"]
    assert lab["tier"]["level"] == "building_12" and lab["action"] == "tier_change"  # it speaks of risk


def test_a_new_labs_determination_that_names_no_ai_still_counts_when_it_speaks_of_risk(classifier):
    (out,) = classifier.classify([{
        "id": "n", "title": "Pellworm Systems moves Tern-5 into Band D",
        "text": "Pellworm Systems said on Tuesday it had moved Tern-5 into Band D, the highest band of "
                "its hazard bands, for biological risk, after red-teamers found serious uplift."}])
    assert out["action"] == "tier_change" and out["tier"]["model"] == "tern-5"


def test_governance_news_without_ai_is_not_relevant_unless_an_ai_lab_published_it(classifier):
    law = {"title": "Texas governor signs stablecoin bill into law",
           "text": "The governor of Texas signed the bill into law on Tuesday. The legislation requires "
                   "developers of payment tokens to publish safety frameworks and report incidents. "
                   "Lawmakers passed the bill after months of debate in the state legislature."}
    plain, from_lab, naming_ai = classifier.classify([
        {"id": "plain", **law},
        {"id": "lab", **law, "url": "https://www.anthropic.com/news/stablecoins"},
        {"id": "ai", **law, "title": law["title"] + " as AI payments grow"},
    ])
    assert plain["scores"]["relevant"] >= classifier.model.relevance_threshold  # the model alone would pass it
    assert not plain["relevant"] and plain["action"] == "none"
    assert from_lab["relevant"] and naming_ai["relevant"]


@pytest.mark.parametrize("title, about_ai", [
    ("FTC settles with voice-cloning firm over impersonation scams", True),
    ("How we defend our browsing agent against prompt injection", True),
    ("Lab limits its protein-design model to vetted researchers", True),
    ("Testers spent 3,000 hours trying to jailbreak the model", True),
    ("Bank moves to a zero-trust security model", False),
    ("How to jailbreak your phone, and why you should not", False),
    ("Carmaker recalls its new model over brake faults", False),
])
def test_ai_named_by_what_it_does_counts_as_ai(classifier, title, about_ai):
    record = {"title": title, "text": "The company said more on Tuesday."}
    assert classifier._about_ai(record, title, classifier.cues.hits(title), record["text"]) is about_ai


def test_a_passing_mention_of_ai_deep_in_the_text_is_not_enough(classifier):
    law = {"title": "Texas governor signs stablecoin bill into law",
           "text": "The governor of Texas signed the bill into law on Tuesday. The legislation requires "
                   "developers of payment tokens to publish safety frameworks and report incidents. " * 12}
    related = " Readers also liked: drones, AI and other police tech."
    passing, twice, early = classifier.classify([
        {"id": "passing", **law, "text": law["text"] + related},
        {"id": "twice", **law, "text": law["text"] + related + " Prices were unchanged. An AI chatbot wrote this."},
        {"id": "early", **law, "text": "Like AI rules before it, " + law["text"]},
    ])
    assert len(law["text"]) > 1000 and passing["scores"]["relevant"] >= classifier.model.relevance_threshold
    assert not passing["relevant"]
    assert twice["relevant"] and early["relevant"]


def test_a_user_taxonomy_adds_ai_publishers(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("ai_publishers: [Example-Lab.org]\n")
    tax = load_taxonomy(extra)
    assert "example-lab.org" in tax.ai_publishers and "anthropic.com" in tax.ai_publishers
    extra.write_text("ai_publishers: example-lab.org\n")
    with pytest.raises(TaxonomyError, match=r"mine\.yaml.*ai_publishers"):
        load_taxonomy(extra)


def test_label_models_also_learn_from_feed_length_cuts_of_long_articles():
    boilerplate = " ".join(["The agency posted the decision and a summary of the case on its website."] * 12)
    records = [{**r, "text": f"{r['text']} {boilerplate}"} if r["relevant"] else r for r in tiny_corpus()]
    feed_item = [{"id": "f", "title": "Regulator fines Zeta AI over chatbot data",
                  "text": "The data protection authority fined Zeta AI for training its chatbot on personal data."}]
    taxonomy = load_taxonomy(use_env=False)

    def p_enforcement(families: tuple) -> float:
        trained = model_io.fit(records, taxonomy, dataclasses.replace(FAST, label_short_views=families), tune=False)
        return float(trained.scores(feed_item)["action"]["enforcement"][0])

    assert p_enforcement(("action",)) > p_enforcement(()) + 0.02  # 0.93 -> 0.96 on this corpus

def test_empty_input_gives_empty_output(classifier):
    assert classifier.classify([]) == []


# --- model files across versions -------------------------------------------------------------


def test_a_model_from_another_sklearn_version_gives_the_retrain_command(tiny_model, tmp_path):
    payload = joblib.load(tiny_model)
    payload["sklearn_version"] = "0.24.2"
    other = tmp_path / "old.joblib"
    joblib.dump(payload, other)
    with pytest.raises(ModelError, match=r"scikit-learn 0\.24\.2.*monitor train"):
        Classifier.load(other)


def test_an_inconsistent_version_warning_becomes_a_clear_error(tiny_model, monkeypatch):
    def load_with_warning(path):
        warnings.warn(InconsistentVersionWarning(estimator_name="LogisticRegression",
                                                 current_sklearn_version="1.9.1",
                                                 original_sklearn_version="1.6.1"))
        return {}
    monkeypatch.setattr(model_io.joblib, "load", load_with_warning)
    with pytest.raises(ModelError, match=r"1\.6\.1.*monitor train"):
        Classifier.load(tiny_model)


def test_missing_or_damaged_model_files_say_what_to_do(tmp_path):
    with pytest.raises(ModelError, match="monitor train"):
        Classifier.load(tmp_path / "nope.joblib")
    junk = tmp_path / "junk.joblib"
    junk.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="monitor train"):
        Classifier.load(junk)


def test_the_cli_reports_a_bad_model_without_a_traceback(tmp_path):
    junk = tmp_path / "junk.joblib"
    junk.write_bytes(b"not a model")
    result = CliRunner().invoke(classify_cmd, ["-", "--model", str(junk)], input="")
    assert result.exit_code == 1 and "monitor train" in result.output
    assert "Traceback" not in result.output


# --- the classify command --------------------------------------------------------------------


def test_classify_command_reports_bad_lines_and_classifies_the_others(tiny_model, tmp_path):
    lines = [json.dumps(NEW_ARTICLES[0]), "{not json", json.dumps({"id": 7, "title": "no text"}),
             "", json.dumps([1, 2]), json.dumps(NEW_ARTICLES[1])]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(classify_cmd, [str(src), "--model", str(tiny_model)])
    assert result.exit_code == 1
    out = [json.loads(l) for l in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["n1", "n2"]
    assert "line 2: not valid JSON" in result.stderr
    assert "line 3: missing field(s) text" in result.stderr
    assert "line 5: expected a JSON object" in result.stderr


def test_classify_command_reads_stdin(tiny_model):
    result = CliRunner().invoke(classify_cmd, ["-", "--model", str(tiny_model)],
                                input=json.dumps(NEW_ARTICLES[2]) + "\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["action"] == "tier_change"


# --- evaluation ------------------------------------------------------------------------------


def test_eval_reports_per_label_figures_confusion_and_mistakes(tiny_model, tmp_path):
    gold = tiny_corpus()[:12] + [{**NEW_ARTICLES[1], "relevant": True, "action": "enforcement",
                                  "themes": ["privacy"], "jurisdiction": ["eu"]}]
    path = write_jsonl(tmp_path / "gold.jsonl", gold)
    result = CliRunner().invoke(eval_cmd, ["--data", str(path), "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    for needle in ("relevant", "legislation", "confusion matrix", "Worst mistakes", "n2"):
        assert needle in result.output
    as_json = CliRunner().invoke(eval_cmd, ["--data", str(path), "--model", str(tiny_model), "--json"])
    report = json.loads(as_json.stdout)
    assert report["relevant"]["support"] == sum(r["relevant"] for r in gold)
    assert report["action"]["confusion"]["enforcement"]["none"] == 1
    assert report["mistakes"][0]["id"] == "n2"


def test_eval_lists_copies_of_one_story_labelled_differently(tiny_model, tmp_path):
    bill = tiny_corpus()[0]
    copy = {**bill, "id": "copy", "themes": ["cbrn"]}  # the same text, labelled apart
    other = {**tiny_corpus()[6], "id": "other"}  # a regulator's fine: another story
    path = write_jsonl(tmp_path / "gold.jsonl", [bill, copy, other, {**other, "id": "other-copy"}])
    as_json = CliRunner().invoke(eval_cmd, ["--data", str(path), "--model", str(tiny_model), "--json"])
    agreement = json.loads(as_json.stdout)["label_agreement"]
    assert agreement["pairs"] == 2 and agreement["disagreeing_pairs"] == 1
    assert agreement["disagreements"][0]["ids"] == [bill["id"], "copy"]
    assert agreement["disagreements"][0]["differences"] == ["themes ['autonomy'] / ['cbrn']"]
    assert agreement["themes_micro_f1"] == 0.5 and agreement["action_macro_f1"] == 1.0
    assert agreement["articles"] is None  # the tiny corpus holds feed items only
    text = CliRunner().invoke(eval_cmd, ["--data", str(path), "--model", str(tiny_model)]).output
    assert "Copies labelled differently (1 pairs" in text and "copy" in text


def test_label_agreement_reports_pairs_of_full_articles_apart():
    from monitor.classify.evaluate import label_agreement
    body = " ".join(f"The state legislature passed the AI safety bill after debate number {i}." for i in range(30))
    article = {"id": "a", "title": "Utah passes AI safety bill", "text": body, "relevant": True,
               "action": "legislation", "themes": ["autonomy"], "jurisdiction": ["us_state"]}
    copy = {**article, "id": "b", "themes": []}
    feed = {**article, "id": "f", "text": body[:300], "themes": [], "jurisdiction": []}
    agreement = label_agreement([article, copy, feed], load_taxonomy(use_env=False))
    assert agreement["articles"]["pairs"] == 1 and agreement["articles"]["themes_micro_f1"] == 0.0
    assert agreement["pairs"] >= 2 and agreement["articles"]["jurisdiction_micro_f1"] == 1.0


def test_evaluate_library_and_report(classifier):
    report = evaluate(classifier, tiny_corpus())
    text = format_report(report)
    assert report["n"] == len(tiny_corpus()) and "macro-f1" in text


# --- the archive: analyst labels win and survive ---------------------------------------------


def _archive(tmp_path):
    from monitor.store import Store
    from tests.alert_support import add_article
    store = Store(tmp_path / "monitor.db")
    ids = [add_article(store, "news", a["title"], text=a["text"]) for a in NEW_ARTICLES]
    return store, ids


def test_analyst_labels_override_and_survive_retraining_and_reclassification(tiny_model, tmp_path):
    store, (bill, phone, tier) = _archive(tmp_path)
    db = str(tmp_path / "monitor.db")
    runner = CliRunner()
    result = runner.invoke(reclassify_cmd, ["--db", db, "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    labels = store.labels
    assert labels.get(phone).origin == "model" and labels.get(phone).relevant is False

    result = runner.invoke(label_cmd, [str(phone), "--action", "enforcement", "--theme", "+privacy",
                                       "--jurisdiction", "eu", "--db", db, "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(label_cmd, [str(bill), "--theme", "-autonomy", "--theme", "+fairness",
                                       "--db", db, "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    corrected = labels.get(phone)
    assert corrected.origin == "analyst" and corrected.relevant is True
    assert corrected.action == "enforcement" and corrected.themes == ["privacy"]
    assert labels.get(bill).themes == ["fairness"] and labels.get(bill).action == "legislation"
    version_before = corrected.version

    # Retrain with the analyst labels (from the database), then reclassify everything.
    data = write_jsonl(tmp_path / "tiny.jsonl", tiny_corpus())
    new_model = tmp_path / "new.joblib"
    result = runner.invoke(train_cmd, ["--data", str(data), "--no-corpus", "--db", db, "--out", str(new_model)])
    assert result.exit_code == 0, result.output
    assert "analyst labels from the database (2 records)" in result.output
    result = runner.invoke(reclassify_cmd, ["--db", db, "--model", str(new_model)])
    assert result.exit_code == 0, result.output
    assert "2 keep their analyst labels" in result.output

    after = labels.get(phone)
    assert after.origin == "analyst" and after.action == "enforcement" and after.jurisdiction == ["eu"]
    assert after.version == version_before
    model_only = labels.get_model(phone)
    assert model_only.model_version == Classifier.load(new_model).version
    assert labels.get(tier).origin == "model"

    # An analyst can hand an article back to the model.
    result = runner.invoke(label_cmd, [str(phone), "--clear", "--db", db])
    assert result.exit_code == 0 and labels.get(phone).origin == "model"
    store.close()


def test_label_rejects_unknown_ids_and_articles(tiny_model, tmp_path):
    store, (bill, _, _) = _archive(tmp_path)
    db = str(tmp_path / "monitor.db")
    runner = CliRunner()
    result = runner.invoke(label_cmd, [str(bill), "--theme", "+weather", "--db", db, "--model", str(tiny_model)])
    assert result.exit_code == 1 and "unknown themes 'weather'" in result.output
    result = runner.invoke(label_cmd, ["9999", "--action", "none", "--db", db])
    assert result.exit_code == 1 and "no article 9999" in result.output
    store.close()


def test_review_lists_the_least_certain_unlabelled_articles(tiny_model, tmp_path):
    store, (bill, phone, tier) = _archive(tmp_path)
    db = str(tmp_path / "monitor.db")
    runner = CliRunner()
    runner.invoke(reclassify_cmd, ["--db", db, "--model", str(tiny_model)])
    runner.invoke(label_cmd, [str(tier), "--relevant", "--db", db])
    result = runner.invoke(review_cmd, ["--db", db, "--json", "--limit", "5"])
    rows = json.loads(result.stdout)
    assert {r["id"] for r in rows} == {bill, phone}
    assert [r["certainty"] for r in rows] == sorted(r["certainty"] for r in rows)
    text = runner.invoke(review_cmd, ["--db", db]).output
    assert "monitor label ID" in text
    store.close()


def test_reclassify_missing_only_touches_articles_without_current_labels(tiny_model, tmp_path):
    store, ids = _archive(tmp_path)
    db = str(tmp_path / "monitor.db")
    runner = CliRunner()
    first = runner.invoke(reclassify_cmd, ["--db", db, "--model", str(tiny_model), "--missing"])
    assert "3 articles classified" in first.output
    again = runner.invoke(reclassify_cmd, ["--db", db, "--model", str(tiny_model), "--missing"])
    assert "0 articles classified" in again.output
    store.close()


def test_an_article_is_labelled_again_when_its_page_arrives_or_it_is_revised(classifier, tmp_path):
    from datetime import timedelta

    from monitor.classify.archive import classify_stored
    from monitor.store import Store
    from tests.alert_support import T0, add_article, article_record
    store = Store(tmp_path / "monitor.db")
    # What the feed carried: a headline and a line; the page had not been fetched yet.
    article = add_article(store, "news", "Utah governor acts", text="The governor spoke on Tuesday.")
    labels = store.labels
    assert classify_stored(store, classifier, only_missing=True).classified == 1
    assert labels.get(article).relevant is False
    assert classify_stored(store, classifier, only_missing=True).classified == 0

    page = ("The governor of Utah signed the AI safety bill into law on Tuesday. The legislation requires "
            "developers of frontier AI models to publish safety frameworks and report incidents. Lawmakers "
            "passed the bill after months of debate in the state legislature.")
    with store.transaction():
        store.articles.save_full_text(article, page, T0 + timedelta(hours=1))
    assert classify_stored(store, classifier, only_missing=True).classified == 1
    assert labels.get(article).relevant is True and labels.get(article).action == "legislation"
    assert classify_stored(store, classifier, only_missing=True).classified == 0

    revised = dataclasses.replace(article_record("news", "Utah governor acts", text=page + " Critics vowed to sue."),
                                  text_source="page", seen_at=T0 + timedelta(hours=2))
    with store.transaction():
        store.articles.revise(article, revised)
    assert classify_stored(store, classifier, only_missing=True).classified == 1
    store.close()


def test_worker_processes_label_a_backlog_as_this_process_would(classifier, tmp_path):
    from monitor.classify.archive import classify_stored
    from monitor.store import Store
    from tests.alert_support import add_article
    texts = [("Utah governor signs AI safety bill", "The governor signed the AI safety bill into law. "
              "Developers of frontier AI models must publish safety frameworks."),
             ("Team wins football final", "The team won the final on Sunday in front of a home crowd."),
             ("FTC sues AI chatbot maker", "The FTC sued the maker of an AI chatbot over deceptive claims.")]
    stores = {}
    for name in ("inline", "workers"):
        store = stores[name] = Store(tmp_path / f"{name}.db")
        for i in range(30):
            title, text = texts[i % 3]
            add_article(store, "news", f"{title} ({i})", text=text, url=f"https://news.example/{i}")
    batches = []
    inline = classify_stored(stores["inline"], classifier, only_missing=True, batch=4, workers=0)
    pooled = classify_stored(stores["workers"], classifier, only_missing=True, batch=4, workers=2,
                             on_progress=batches.append)
    assert inline.classified == pooled.classified == 30 and inline.relevant == pooled.relevant > 0
    assert batches == [4] * 7 + [2]  # in order, as each batch was written
    labels = {name: [store.labels.get(i) for i in range(1, 31)] for name, store in stores.items()}
    assert [(lab.relevant, lab.action, lab.themes, lab.scores) for lab in labels["workers"]] == \
           [(lab.relevant, lab.action, lab.themes, lab.scores) for lab in labels["inline"]]
    for store in stores.values():
        store.close()


def test_training_with_too_little_data_says_what_to_do(tmp_path):
    data = write_jsonl(tmp_path / "few.jsonl", tiny_corpus()[:3])
    result = CliRunner().invoke(train_cmd, ["--data", str(data), "--no-corpus", "--no-db",
                                            "--out", str(tmp_path / "m.joblib")])
    assert result.exit_code == 1 and "too little labelled data" in result.output


def test_the_model_card_names_its_data_plainly_and_shows_every_fold_seed(tmp_path):
    result = train_tiny(tmp_path / "m.joblib", cv_folds=2, cv_seeds=(3, 5))
    card = (tmp_path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert str(tmp_path) not in card and f"  - tiny.jsonl ({len(tiny_corpus())} records)" in card
    assert "| seed 3 | seed 5 | mean | target |" in card
    by_seed = result.cv["by_seed"]
    mean = (by_seed[3]["feed_items"]["precision"] + by_seed[5]["feed_items"]["precision"]) / 2
    assert result.cv["mean"]["feed_items"]["precision"] == round(mean, 3)
    assert "## How far the gold labels agree with themselves" in card
    assert "## Speed" in card and "articles a second" in card
    assert "### digests" not in card  # the tiny corpus has none


def test_training_files_are_named_relative_to_the_repository_or_the_shared_folder(tmp_path):
    from monitor.classify.train import REPOSITORY, display_path
    assert display_path(REPOSITORY / "tests" / "data" / "label_probes.jsonl") == "tests/data/label_probes.jsonl"
    shared = REPOSITORY.parent / "shared" / "corpus" / "labelled.jsonl"
    assert display_path(shared) == "../shared/corpus/labelled.jsonl"
    assert display_path(tmp_path / "mine.jsonl") == "mine.jsonl"


def test_cv_seeds_must_be_integers(tmp_path):
    data = write_jsonl(tmp_path / "tiny.jsonl", tiny_corpus())
    result = CliRunner().invoke(train_cmd, ["--data", str(data), "--no-corpus", "--no-db", "--cv", "2",
                                            "--cv-seeds", "13,x", "--out", str(tmp_path / "m.joblib")])
    assert result.exit_code == 2 and "--cv-seeds" in result.output and "13,x" in result.output


def test_fast_params_are_used_for_tests():
    assert FAST.inner_folds == 2


# --- short feed items: headlines and digests ---------------------------------------------------


def test_digest_titles_are_read_story_by_story():
    from monitor.classify.features import headline_segments
    assert headline_segments("The Batch: Robots Cook, California Regulates AI, Faster Chips, New Data") == [
        "Robots Cook", "California Regulates AI", "Faster Chips", "New Data"]
    assert headline_segments("Bengio Worries; LAION Tests Copyright Law; Abu Dhabi Builds a Model") == [
        "Bengio Worries", "LAION Tests Copyright Law", "Abu Dhabi Builds a Model"]
    # An ordinary headline, even with a comma, is one story.
    assert headline_segments("EU fines Acme AI, says more cases will follow") == []
    assert headline_segments("") == []


def test_one_risky_story_lifts_a_digest_above_an_all_benign_one(classifier):
    benign = {"id": "d1", "text": "This week in tech.",
              "title": "Acme AI Launches Smartphone, Beta Labs Reports Record Revenue, Faster Cameras"}
    risky = {**benign, "id": "d2",
             "title": "Acme AI Launches Smartphone, Utah Governor Signs AI Safety Bill Into Law, Faster Cameras"}
    out = {o["id"]: o for o in classifier.classify([benign, risky])}
    assert out["d2"]["scores"]["relevant"] > out["d1"]["scores"]["relevant"]
    assert out["d1"]["relevant"] is False


def test_a_digest_takes_the_labels_of_its_first_relevant_story(classifier):
    # LABELLING.md R6: in title order, the first story that is relevant alone gives the labels.
    suit = "Authors Sue Zeta Labs Over AI Training on Copyrighted Books"
    bill = "Ohio Governor Signs AI Safety Bill Into Law"
    benign = "Zeta Labs Launches New Smartphone With Faster Chip"
    summary = "Also this week: what our readers built over the holidays."
    first_suit, first_bill = classifier.classify([
        {"id": "d1", "title": f"The Batch: {benign}, {suit}, {bill}", "text": summary},
        {"id": "d2", "title": f"The Batch: {benign}, {bill}, {suit}", "text": summary},
    ])
    assert first_suit["relevant"] and first_bill["relevant"]
    assert (first_suit["action"], first_suit["themes"]) == ("litigation", ["ip"])
    assert first_suit["evidence"][0] == suit  # the story the digest is labelled by
    assert (first_bill["action"], first_bill["jurisdiction"]) == ("legislation", ["us_state"])


def test_a_story_scored_relevant_that_names_no_risk_or_move_gives_way_to_the_next(classifier, monkeypatch):
    benign = "Zeta Labs Launches New Smartphone With Faster Chip"
    suit = "Authors Sue Zeta Labs Over AI Training on Copyrighted Books"
    digest = {"id": "d", "title": f"Issue 9: {benign}, {suit}, Cheaper Cameras", "text": "Hello readers."}
    monkeypatch.setattr(classifier.model, "short_threshold", 0.0)
    monkeypatch.setattr(classifier.model, "story_threshold", 0.0)  # every story counts as relevant
    (out,) = classifier.classify([digest])
    assert out["action"] == "litigation"  # not the launch, which names neither a risk nor a move


def test_a_relevant_item_with_no_move_has_a_theme_or_is_not_relevant(classifier, monkeypatch):
    # LABELLING.md R1. The tiny corpus labels such research stories `none` with `autonomy`.
    study = {"id": "r", "title": "Researchers at Zeta Labs find AI agents can deceive their overseers",
             "text": "A new study shows that AI agents sometimes hide their goals from human oversight and "
                     "attempt to disable monitoring. The researchers call for better alignment methods."}
    (plain,) = classifier.classify([study])
    assert plain["relevant"] and plain["action"] == "none" and plain["themes"] == ["autonomy"]
    model = classifier.model
    # No theme over its threshold: the best theme is taken when credible, else the item is dropped.
    monkeypatch.setattr(model, "theme_thresholds", {t: 0.999 for t in model.theme_thresholds})
    monkeypatch.setattr(model, "credible_theme", 0.0)
    (credible,) = classifier.classify([study])
    assert credible["relevant"] and credible["themes"] == ["autonomy"]
    monkeypatch.setattr(model, "credible_theme", 1.0)
    (dropped,) = classifier.classify([study])
    assert not dropped["relevant"] and dropped["themes"] == [] and dropped["action"] == "none"


def test_the_credible_theme_share_is_tuned_to_tell_relevant_items_from_others():
    records = [{"title": f"item {i}", "text": "x"} for i in range(6)]
    themes = [0.30, 0.25, 0.20, 0.05, 0.04, 0.02]  # best theme score of each, threshold 0.5
    oof = [{"relevant": 0.9, "action": {"none": 0.8, "standard": 0.2}, "themes": {"cyber": p}} for p in themes]
    y = {"relevant": np.array([1, 1, 1, 0, 0, 0])}
    thresholds = {"relevant": 0.5, "relevant_short": 0.5, "themes": {"cyber": 0.5}}
    share = model_io._tune_credible_theme(records, oof, y, thresholds)
    assert 0.05 / 0.5 < share <= 0.20 / 0.5


def test_routine_ai_news_words_are_their_own_cue_group():
    from monitor.classify.rules import CueSet
    cues = CueSet.from_taxonomy(load_taxonomy(use_env=False))
    assert cues.names[:3] == ["ai", "risk", "routine"]
    launch = cues.hits("Acme AI launches a faster model for enterprise customers")
    assert "routine" in launch and "risk" not in launch
    assert "routine" not in cues.hits("Regulator fines Acme AI over chatbot data")


def test_french_and_german_regulator_words_are_cues():
    from monitor.classify.rules import CueSet
    cues = CueSet.from_taxonomy(load_taxonomy(use_env=False))
    fine = cues.hits("Sanction : la CNIL inflige une amende à une société d'IA pour ses données personnelles")
    assert {"ai", "risk", "action:enforcement", "theme:privacy", "jur:eu"} <= set(fine)
    assert "ai" in cues.hits("Die Bundesregierung regelt künstliche Intelligenz")
    assert "ai" not in cues.hits("La CNIL publie son rapport annuel")


def test_the_uk_labour_party_is_no_labour_theme_cue():
    from monitor.classify.rules import CueSet
    cues = CueSet.from_taxonomy(load_taxonomy(use_env=False))
    assert "theme:labor" not in cues.hits("The Labour government delayed its AI bill to align with Washington")
    assert "theme:labor" in cues.hits("AI is reshaping the labour market for graduates")
    assert "theme:labor" in cues.hits("The Department of Labor issued guidance on AI hiring tools")

def test_selling_ai_to_regulated_industries_is_routine_not_regulation():
    from monitor.classify.rules import CueSet
    cues = CueSet.from_taxonomy(load_taxonomy(use_env=False))
    sale = cues.hits("Acme AI and Beta Labs partner to bring Claude to regulated industries")
    assert "routine" in sale and "risk" not in sale
    assert "risk" in cues.hits("Lawmakers say frontier AI must be regulated")
    assert "risk" in cues.hits("The state regulated AI chatbots last year")


def test_names_of_laws_and_treaties_are_no_standard_cue():
    from monitor.classify.rules import CueSet
    cues = CueSet.from_taxonomy(load_taxonomy(use_env=False))
    act = cues.hits("Korea's Framework Act on Artificial Intelligence takes effect")
    assert "action:standard" not in act and "action:legislation" in act
    treaty = cues.hits("Ministers sign the Framework Convention on AI")
    assert "action:standard" not in treaty and "action:international" in treaty
    assert "action:standard" in cues.hits("NIST publishes a risk framework for AI agents")


@pytest.mark.parametrize("group, phrase, plain", [
    ("theme:national_security", "A law on artificial intelligence", "US intelligence agencies will test it"),
    ("theme:national_security", "Our threat intelligence team banned the accounts", "Intelligence officials said"),
    ("theme:autonomy", "Hackers staged a data exfiltration", "The model tried to exfiltrate its weights"),
    ("action:legislation", "A First Amendment challenge", "The Senate passed an amendment"),
])
def test_a_cue_inside_an_unrelated_phrase_does_not_count(group, phrase, plain):
    from monitor.classify.rules import CueSet
    cues = CueSet.from_taxonomy(load_taxonomy(use_env=False))
    assert group not in cues.hits(phrase)
    assert group in cues.hits(plain)


def test_action_and_jurisdiction_models_do_not_see_the_relevance_cues(tiny_model):
    trained = model_io.load(tiny_model)
    features = trained.features
    record = {"title": "Regulator fines Acme AI over chatbot safety", "text": "The artificial intelligence firm "
              "launched a faster product for enterprise customers. The watchdog said the risk was high."}
    X = features.transform([record])
    cue_start = X.shape[1] - features.n_cue_columns()
    relevance_cols = [cue_start + 3 * g + k for g, name in enumerate(features.cues.names)
                      if name in model_io.RELEVANCE_CUES for k in range(3)]
    assert X[:, relevance_cols].nnz > 0  # the record does light them up
    for family in ("action", "jur"):
        seen = model_io.family_view(features, X, family, trained.blind_cues)
        assert seen[:, relevance_cols].nnz == 0
        assert seen[:, :cue_start].nnz == X[:, :cue_start].nnz  # words are untouched
    themes_view = model_io.family_view(features, X, "theme", trained.blind_cues)
    assert themes_view[:, relevance_cols].nnz == X[:, relevance_cols].nnz


def test_cross_validation_folds_keep_copies_of_a_story_together():
    from monitor.crawl import dedupe
    records = tiny_corpus()
    stories = dedupe.group_copies([(r["title"], r["text"]) for r in records])
    assert len(set(stories)) < len(records)  # the templated corpus has copies to keep together
    for _, test_idx in model_io.folds_for(records, 3):
        held_out = {stories[i] for i in test_idx}
        assert all(stories[i] in held_out for i in range(len(records)) if stories[i] in held_out)
        assert all(stories[i] not in held_out for i in range(len(records)) if i not in set(test_idx))


def test_data_with_fewer_stories_than_folds_gets_one_story_per_fold():
    from monitor.crawl import dedupe
    records = tiny_corpus()[:12]
    stories = len(set(dedupe.group_copies([(r["title"], r["text"]) for r in records])))
    assert stories < 10
    folds = model_io.folds_for(records, 10)
    assert len(folds) == max(2, stories)


def test_a_model_file_of_an_older_format_asks_for_retraining(tiny_model, tmp_path):
    payload = joblib.load(tiny_model)
    payload["format"] = model_io.FORMAT - 1
    old = tmp_path / "old-format.joblib"
    joblib.dump(payload, old)
    with pytest.raises(ModelError, match="monitor train"):
        Classifier.load(old)


def test_a_theme_the_text_names_again_and_again_scores_higher_than_a_passing_word(classifier):
    model = classifier.model
    assert set(model.stackers) == {"themes", "jurisdiction"}
    learned = {j for j, m in model.jurisdictions.items() if m is not None}
    assert set(model.stackers["jurisdiction"][0]) <= learned  # gazetteer places are not stacked
    labels, stacker = model.stackers["themes"]
    assert (stacker.coef_[:-1] >= 0).all()  # more naming of a risk never makes it less likely
    focused = {"id": "f", "title": "AI glasses raise privacy fears over facial recognition",
               "text": "Facial recognition in the glasses identifies strangers; biometric data and personal "
                       "data are kept without consent, privacy groups said, calling it surveillance."}
    passing = {"id": "p", "title": "AI model helps hospitals plan shifts",
               "text": "The tool plans nurses' shifts a month ahead; it never sees biometric data."}
    scores = model.scores([focused, passing])["themes"]
    assert "privacy" in labels and scores["privacy"][0] > scores["privacy"][1]
    # The text model alone, without the stacker, scores the focused text lower.
    saved = model.stackers
    try:
        model.stackers = {}
        plain = model.scores([focused])["themes"]["privacy"][0]
    finally:
        model.stackers = saved
    assert scores["privacy"][0] > plain


def test_the_stacker_keeps_coefficients_non_negative_where_asked():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (X[:, 0] - X[:, 1] + 0.5 * X[:, 2] > 0).astype(int)  # column 1 truly counts against
    fitted = model_io.MonotoneLogit(c=10.0, free=(2,)).fit(X, y)
    assert fitted.coef_[0] > 0 and fitted.coef_[1] == 0.0 and fitted.coef_[2] > 0
    p = fitted.predict_proba(X)
    assert p.shape == (400, 2) and np.allclose(p.sum(axis=1), 1.0)
    assert ((p[:, 1] > 0.5) == y).mean() > 0.7


def test_jurisdictions_with_too_few_examples_come_from_the_title(classifier):
    # The tiny corpus has no article for `other` or `intl`: the model leaves both to the gazetteer.
    assert {"other", "intl"} <= set(classifier.model.gazetteer_jurisdictions)
    text = ("The ministry said developers of AI chatbots must publish safety frameworks and report "
            "incidents; the regulation takes effect next year after the legislation passed.")
    national, summit, elsewhere = classifier.classify([
        {"id": "jp", "title": "Japan regulator issues AI chatbot safety rules", "text": text},
        {"id": "summit", "title": "Leaders at Tokyo summit sign international AI safety treaty", "text": text},
        {"id": "body", "title": "Regulator issues AI chatbot safety rules", "text": text + " Japan agreed."},
    ])
    assert national["relevant"] and "other" in national["jurisdiction"]
    assert summit["relevant"] and "intl" in summit["jurisdiction"] and "other" not in summit["jurisdiction"]
    assert elsewhere["relevant"] and "other" not in elsewhere["jurisdiction"]


@pytest.mark.parametrize("title,place", [
    ("IMDA seeks views on guardrails for AI agents", "other"),
    ("CCI directs probe into AI cloud credits tie-up", "other"),
    ("Nairobi sets rules for AI in public services", "other"),
    ("Peers add AI hiring safeguards to employment bill", "uk"),
    ("Warsaw orders audit of AI tools in ministries", "eu"),
])
def test_the_gazetteer_knows_regulators_capitals_and_chambers(title: str, place: str) -> None:
    assert f"jur:{place}" in CueSet.from_taxonomy(load_taxonomy()).hits(title)


def test_a_feed_items_title_names_its_jurisdictions(classifier, monkeypatch):
    monkeypatch.setitem(classifier.model.jurisdiction_thresholds, "us", 0.99)
    item = {"id": "feed", "title": "FTC fines Acme AI over chatbot training data",
            "text": "The regulator fined the company for processing personal data of users to train its AI chatbot."}
    article = {**item, "id": "article",
               "text": item["text"] + " The agency posted the decision and its reasons on its website." * 15}
    feed_item, full = classifier.classify([item, article])
    assert feed_item["relevant"] and full["relevant"]
    assert "us" in feed_item["jurisdiction"]  # the FTC, named in the title
    assert "us" not in full["jurisdiction"]  # the model alone decides for a full article


def test_an_ai_publishers_post_naming_only_a_product_is_about_ai(classifier):
    features = classifier.model.features
    no_ai = 3 * len(features.cues.names) + 3  # the no-AI column of the cue block
    post = {"title": "Redeploying Fable 5", "text": "We are making the model available again."}
    rows = features.transform([{**post, "url": "https://www.anthropic.com/news/redeploying-fable-5"},
                               {**post, "url": "https://example.com/redeploying-fable-5"},
                               {"title": "Regulator probes Nvidia over chip sales", "text": ""}])
    column = rows[:, rows.shape[1] - features.n_cue_columns() + no_ai].toarray().ravel()
    assert list(column) == [0.0, 1.0, 0.0]


def test_a_us_state_is_a_jurisdiction_only_where_the_text_names_one(classifier, monkeypatch):
    monkeypatch.setitem(classifier.model.jurisdiction_thresholds, "us_state", 0.0)  # the model says us_state always
    body = " The bill sets fines for companies that deploy AI chatbots without disclosure to users." * 12
    federal = {"id": "federal", "title": "Senators pass AI chatbot disclosure bill",
               "text": "The US Senate passed a bill on AI chatbots." + body}
    state = {**federal, "id": "state", "text": "California lawmakers passed a bill on AI chatbots." + body}
    by_id = {p["id"]: p for p in classifier.classify([federal, state])}
    assert by_id["federal"]["relevant"] and by_id["state"]["relevant"]
    assert "us_state" not in by_id["federal"]["jurisdiction"]
    assert "us_state" in by_id["state"]["jurisdiction"]
