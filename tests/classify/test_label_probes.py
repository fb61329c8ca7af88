"""The bundled model on the label probes: news-style texts written for this project that no
training file holds (tests/data/label_probes.jsonl), scored as `monitor eval` scores them.

The floors sit a little under what the model reaches, so a change that makes it generalise worse
(a gate that drops AI stories which never say "AI", a cue list that admits other news) fails here
before it reaches anyone's alerts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.classify import Classifier
from monitor.classify.evaluate import evaluate

PROBES = Path(__file__).resolve().parents[1] / "data" / "label_probes.jsonl"


@pytest.fixture(scope="module")
def report() -> dict:
    records = [json.loads(line) for line in PROBES.open(encoding="utf-8") if line.strip()]
    return evaluate(Classifier.load(), records)


def test_relevance_on_unseen_probes(report):
    assert report["relevant"]["precision"] >= 0.9 and report["relevant"]["recall"] >= 0.9, report["relevant"]


def test_labels_on_unseen_probes(report):
    assert report["jurisdiction"]["micro_f1"] >= 0.88
    assert report["themes"]["micro_f1"] >= 0.8
    assert report["action"]["macro_f1"] >= 0.7


def test_a_move_on_ai_that_the_headline_names_makes_the_story_relevant():
    classifier = Classifier.load()
    fined, tutorial = classifier.classify([
        # the relevance model alone scores this 0.50, under its threshold: the fine is the news
        {"title": "Garante fines AI dubbing app for moving voice data abroad",
         "text": "Italy's Garante per la protezione dei dati personali fined a dubbing app 2 million euros for "
                 "moving users' voice data abroad without safeguards."},
        # a move's word in a headline that announces none ("blocks")
        {"title": "The Building Blocks of AI Agents: From Prompts to Pipelines",
         "text": "A tutorial on how to build AI agents from prompts, tools and pipelines, with code samples."},
    ])
    assert fined["relevant"] and fined["action"] == "enforcement"
    assert not tutorial["relevant"] and tutorial["action"] == "none"
