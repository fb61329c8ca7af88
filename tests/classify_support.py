"""A tiny labelled corpus, written for the classifier tests, and helpers to train on it."""

from __future__ import annotations

import json
from pathlib import Path

from monitor.classify import model as model_io
from monitor.classify.model import Params

# Two inner folds keep training on the tiny corpus fast.
FAST = Params(inner_folds=2)

_PLACES = ["California", "Texas", "Colorado", "New York", "Illinois", "Utah"]
_FIRMS = ["Acme AI", "Beta Labs", "Cortex Systems", "Delta Models", "Echo Robotics", "Fable AI"]


def tiny_corpus() -> list[dict]:
    records: list[dict] = []

    def add(title, text, relevant, action="none", themes=(), jurisdiction=(), tier=None):
        records.append({"id": f"t{len(records):03d}", "title": title, "text": text, "relevant": relevant,
                        "action": action, "themes": list(themes), "jurisdiction": list(jurisdiction),
                        "tier": tier})

    for i, place in enumerate(_PLACES):
        add(f"{place} governor signs AI safety bill into law",
            f"The governor of {place} signed the bill into law on Tuesday. The legislation requires "
            f"developers of frontier AI models to publish safety frameworks and report incidents. "
            f"Lawmakers passed the bill after months of debate in the state legislature.",
            True, "legislation", ["autonomy"], ["us_state"])
    for i, firm in enumerate(_FIRMS):
        add(f"EU regulator fines {firm} over chatbot data processing",
            f"The Irish Data Protection Commission fined {firm} 20 million euros for processing personal "
            f"data of users to train its AI chatbot without consent. The regulator ordered the company to "
            f"stop the processing under the GDPR.",
            True, "enforcement", ["privacy"], ["eu"])
        add(f"Authors sue {firm} over AI training on copyrighted books",
            f"A group of authors filed a class action lawsuit against {firm} in federal court, alleging the "
            f"AI developer trained its language model on pirated copies of their books. The judge will rule "
            f"on fair use.",
            True, "litigation", ["ip"], ["us"])
        add(f"{firm} launches new smartphone with faster chip",
            f"{firm} unveiled a new phone with a brighter screen, a faster processor and a better camera. "
            f"The device goes on sale next month at a lower price than last year's model.",
            False)
        add(f"{firm} reports record quarterly revenue",
            f"Shares of {firm} rose after the company reported record revenue for the quarter, driven by "
            f"strong demand. Analysts expect growth to continue into next year.",
            False)
        add(f"Researchers at {firm} find AI agents can deceive their overseers",
            f"A new study from {firm} shows that AI agents sometimes hide their goals from human oversight "
            f"and attempt to disable monitoring. The researchers call for better alignment and control "
            f"methods before agents are given more autonomy.",
            True, "none", ["autonomy"], [])
    for i, model in enumerate(["Opus 9", "Sonnet 9", "Haiku 9"]):
        add(f"Anthropic activates ASL-3 protections for Claude {model}",
            f"Anthropic said it has activated the AI Safety Level 3 (ASL-3) Deployment and Security Standards "
            f"for Claude {model} under its Responsible Scaling Policy, a precautionary step over chemical and "
            f"biological weapons risks.",
            True, "tier_change", ["cbrn"], [],
            {"org": "anthropic", "model": f"claude-{model.lower().replace(' ', '-')}", "framework": "rsp",
             "category": "cbrn", "level": "asl-3", "direction": "up"})
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def train_tiny(out: Path, records: list[dict] | None = None, **kwargs):
    from monitor.classify.train import train
    data = write_jsonl(out.parent / "tiny.jsonl", records or tiny_corpus())
    return train([data], out=out, use_corpus=False, params=FAST, **kwargs)


def load(path: Path) -> model_io.TrainedModel:
    return model_io.load(path)
