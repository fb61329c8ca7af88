"""Tests for monitor.classify.tiers, the rule-based risk-tier extractor.

The sentences here are written for these tests; the last tests run over the shared corpus.
"""

from __future__ import annotations

import dataclasses

import pytest

from monitor.classify.sentences import split_sentences
from monitor.classify.tiers import TierFinding, extract_tier, find_tier_mentions
from monitor.classify.tiers.scoring import load_jsonl, score_corpus


def best(text: str, title: str = "") -> TierFinding | None:
    return extract_tier(title, text)


def assert_tier(finding: TierFinding | None, kind: str = "determination", **fields) -> None:
    assert finding is not None, "no finding"
    assert finding.kind == kind, (finding.kind, finding.tier, finding.evidence)
    for key, value in fields.items():
        assert finding.tier[key] == value, (key, finding.tier)


def assert_no_determination(title: str, text: str) -> None:
    found = find_tier_mentions(title, text)
    assert not [f for f in found if f.kind == "determination"]


def assert_decided_by(finding: TierFinding | None, org_name: str, **fields) -> None:
    """A determination (with these ids) whose decider, as the text names it, is `org_name`."""
    assert_tier(finding, **fields)
    assert finding.tier["names"]["org"] == org_name, finding.tier["names"]


# --- interface ----------------------------------------------------------------------------------


def test_finding_shape() -> None:
    f = best("OpenAI said it now treats GPT-5.5 as High capability in cybersecurity.")
    assert isinstance(f, TierFinding)
    assert set(f.tier) == {"org", "model", "framework", "category", "level", "direction", "names"}
    assert f.tier["names"]["model"] == "GPT-5.5" and f.tier["names"]["org"] == "OpenAI"
    assert 0.0 <= f.confidence <= 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.kind = "description"  # type: ignore[misc]


@pytest.mark.parametrize(
    "title,text",
    [
        ("", ""),
        ("Quarterly results", "The retailer reported higher sales and a medium-term outlook."),
        ("Court ruling", "The High Court found the contract valid; the risk of appeal is high."),
        ("Patch Tuesday", "Microsoft fixed a critical flaw rated high severity in Windows."),
    ],
)
def test_unrelated_text_has_no_tier(title: str, text: str) -> None:
    assert extract_tier(title, text) is None
    assert find_tier_mentions(title, text) == []


# --- determinations, one group per scheme ------------------------------------------------------

DETERMINATIONS = [
    # OpenAI Preparedness Framework
    (
        "OpenAI said it has decided to treat GPT-5.5 as High capability in the cybersecurity domain.",
        dict(org="openai", model="gpt-5.5", framework="preparedness", category="cyber", level="high", direction="new"),
    ),
    (
        "In its system card OpenAI classified ChatGPT agent as High in biological and chemical capability.",
        dict(org="openai", model="chatgpt-agent", framework="preparedness", category="bio", level="high"),
    ),
    (
        "OpenAI said GPT-5.3-Codex is the first model it classifies as high risk for cybersecurity under "
        "its Preparedness Framework.",
        dict(org="openai", model="gpt-5.3-codex", category="cyber", level="high", direction="up"),
    ),
    (
        "Under its Preparedness Framework, OpenAI classified GPT-5.5 as high cybersecurity risk.",
        dict(org="openai", model="gpt-5.5", category="cyber", level="high"),
    ),
    (
        "Anthropic said Claude Fable 5 reached the CB-1 capability threshold for known chemical and "
        "biological weapons.",
        dict(org="anthropic", model="claude-fable-5", framework="rsp", category="cbrn", level="cb-1"),
    ),
    (
        "Anthropic said it could not rule out that Claude Mythos 5 meets the AI R&D-4 threshold.",
        dict(org="anthropic", model="claude-mythos-5", category="self_improvement", level="ai-r&d-4"),
    ),
    (
        "GPT-5.3 Codex is the first model the company rates 'high' for cyber risk.",
        dict(org="openai", model="gpt-5.3-codex", category="cyber", level="high", direction="up"),
    ),
    (
        "OpenAI scored o3-mini Medium on model autonomy, the first model to get there.",
        dict(org="openai", model="o3-mini", category="model_autonomy", level="medium", direction="up"),
    ),
    # Anthropic RSP
    (
        "Anthropic has activated AI Safety Level 3 protections for Claude Opus 4.",
        dict(org="anthropic", model="claude-opus-4", framework="rsp", category="cbrn", level="asl-3", direction="up"),
    ),
    (
        "The company is shipping Claude Sonnet 4.5 under its ASL-3 standard.",
        dict(org="anthropic", model="claude-sonnet-4.5", framework="rsp", level="asl-3", direction="new"),
    ),
    # Google DeepMind Frontier Safety Framework
    (
        "Google DeepMind said Gemini 2.5 Pro reached the alert threshold for Cyber Uplift Level 1.",
        dict(org="google_deepmind", model="gemini-2.5-pro", framework="fsf", category="cyber",
             level="alert_threshold", direction="up"),
    ),
    (
        "The model card says Gemini 2.5 Deep Think hit the early warning threshold, an alert threshold "
        "for CBRN Uplift Level 1.",
        dict(org="google_deepmind", model="gemini-2.5-deep-think", category="cbrn", level="alert_threshold"),
    ),
    (
        "Google could not rule out that Gemini 3 Ultra had reached a critical capability level for cyber.",
        dict(org="google_deepmind", model="gemini-3-ultra", framework="fsf", category="cyber", level="ccl"),
    ),
    (
        "Google said Gemini 2.5 Deep Think had reached early warning levels for CBRN uplift.",
        dict(org="google_deepmind", model="gemini-2.5-deep-think", category="cbrn", level="alert_threshold"),
    ),
    # EU AI Act
    (
        "The European Commission designated Mistral Large 3 as a general-purpose AI model with systemic risk.",
        dict(org="european_commission", model="mistral-large-3", framework="eu_ai_act", category="systemic_risk",
             level="systemic", direction="new"),
    ),
    # Meta Frontier AI Framework
    (
        "Meta said it classified Llama 5 Behemoth as a critical-risk system under its Frontier AI Framework.",
        dict(org="meta", model="llama-5-behemoth", framework="frontier_ai_framework", level="critical"),
    ),
]


@pytest.mark.parametrize("text,expected", DETERMINATIONS)
def test_determinations(text: str, expected: dict) -> None:
    assert_tier(best(text), **expected)


def test_title_alone_is_enough() -> None:
    assert_tier(
        extract_tier("Anthropic activates ASL-3 safeguards for Claude Opus 4.1", ""),
        org="anthropic", model="claude-opus-4.1", level="asl-3",
    )


@pytest.mark.parametrize("title,level,direction", [
    ("Anthropic raises Claude Opus 4 to AI Safety Level 3", "asl-3", "up"),
    ("Anthropic lowers Claude Sonnet 5 to ASL-2", "asl-2", "down"),
    ("Anthropic moves Claude Haiku 5 down to ASL-2", "asl-2", "down"),
])
def test_moving_a_model_to_a_level_is_a_determination(title: str, level: str, direction: str) -> None:
    assert_tier(extract_tier(title, ""), org="anthropic", level=level, direction=direction)


def test_launch_without_model_name_is_still_a_determination() -> None:
    f = best("OpenAI wrote that it has chosen to treat this launch as High capability in the Biological "
             "and Chemical domain and is turning on the associated safeguards.")
    assert_tier(f, org="openai", framework="preparedness", category="bio", level="high")
    assert f.confidence >= 0.5


# --- expectations and descriptions are not determinations ------------------------------------

EXPECTATIONS = [
    "OpenAI expects that its upcoming models will reach High capability in biology.",
    "Anthropic told reporters that future Claude models could soon require ASL-4 safeguards.",
    "Google DeepMind is preparing for systems that may reach the CBRN critical capability level.",
    "The lab anticipates that successors to o3 will trigger the High classification in biology.",
    "Gemini 3 could reach the cyber alert threshold within months, researchers warned.",
    "Critics argued that GPT-5 would be classified High in cybersecurity under a stricter reading.",
]


@pytest.mark.parametrize("text", EXPECTATIONS)
def test_expectations(text: str) -> None:
    f = best(text)
    assert f is not None and f.kind == "expectation", f
    assert all(x.kind != "determination" for x in find_tier_mentions("", text))


DESCRIPTIONS = [
    "Security teams say AI agents pose a high risk for cybersecurity in the enterprise.",
    "Experts say Claude Code is a high cybersecurity risk for companies.",
    "The Preparedness Framework defines High capability as a model that could amplify existing pathways to severe harm.",
    "Under the framework, models rated High cannot be deployed until safeguards are in place.",
    "The RSP sets out AI Safety Levels from ASL-1 to ASL-4, each with its own safeguards.",
    "Each critical capability level comes with an alert threshold that gives early warning.",
    "Providers of general-purpose AI models with systemic risk must notify the Commission within two weeks.",
    "Anthropic's revised policy describes when a model would require ASL-3 protections.",
    "Meta's framework sorts systems into high-risk and critical-risk categories.",
    "Critics say GPT-5 should have been classified as High in cybersecurity.",
    "If Gemini 3 crosses a CCL, Google says it will pause the rollout.",
    "For GPT-5.3-Codex, risk is scored as Low, Medium, High or Critical in each category.",
    "Claude Opus 4 was tested against the scale from ASL-2 to ASL-4.",
    "The RSP names capability thresholds CBRN-3, CBRN-4, AI R&D-4 and AI R&D-5.",
]


@pytest.mark.parametrize("text", DESCRIPTIONS)
def test_descriptions(text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions("", text))


def test_policy_article_recalling_an_old_activation_is_not_a_determination() -> None:
    title = "Anthropic publishes Responsible Scaling Policy 3.0"
    text = ("The new version drops the pause commitment and adds Risk Reports. "
            "In May 2025 the company activated ASL-3 protections for the first time. "
            "ASL-3 remains the standard for its frontier models.")
    assert all(f.kind != "determination" for f in find_tier_mentions(title, text))


# --- negations ----------------------------------------------------------------------------------

NEGATIONS = [
    ("The system card states that o3 did not reach the High threshold in any tracked category.",
     dict(org="openai", model="o3", level="below_high", category="multiple")),
    ("Google reported that Gemini 3 Pro remains below every critical capability level.",
     dict(org="google_deepmind", model="gemini-3-pro", level="below_ccl")),
    ("Anthropic ruled out that Claude Sonnet 4 needs the ASL-3 Standard.",
     dict(org="anthropic", model="claude-sonnet-4", level="below_asl-3")),
    ("It found that Gemini 3.1 Pro stays below the alert thresholds in several risk domains.",
     dict(model="gemini-3.1-pro", level="below_alert_threshold", category="multiple")),
    ("Meta said Muse Spark did not reach the critical-risk threshold in any domain.",
     dict(org="meta", model="muse-spark", level="below_critical", category="multiple")),
]


@pytest.mark.parametrize("text,expected", NEGATIONS)
def test_negations_are_unchanged_findings(text: str, expected: dict) -> None:
    assert_tier(best(text), direction="unchanged", **expected)


def test_precautionary_wording_is_not_a_negation() -> None:
    f = best("Anthropic could not rule out that Claude Opus 4 needs the ASL-3 Standard, so it activated it.")
    assert_tier(f, level="asl-3", direction="up")


def test_rule_wording_is_not_a_negation() -> None:
    f = best("OpenAI released o3-mini because its post-mitigation score was Medium or below in every category.")
    assert f is None or not f.tier["level"].startswith("below_")


def test_positive_statement_outranks_negative_one() -> None:
    text = "According to the report, Gemini 3 Pro did not reach any CCL, although it met the alert threshold for cyber."
    assert_tier(best(text), model="gemini-3-pro", level="alert_threshold", category="cyber", direction="up")
    levels = [f.tier["level"] for f in find_tier_mentions("", text)]
    assert "below_ccl" in levels


def test_mixed_sentence_splits_at_but() -> None:
    text = "GPT-5.4 Thinking is not High in AI Self-improvement, but OpenAI treats it as High in cybersecurity."
    found = find_tier_mentions("", text)
    assert_tier(found[0], model="gpt-5.4-thinking", level="high", category="cyber")
    assert any(f.tier["level"] == "below_high" and f.tier["category"] == "self_improvement" for f in found)


# --- model and organisation resolution ----------------------------------------------------------


@pytest.mark.parametrize(
    "name,model,org",
    [
        ("Claude 4 Opus", "claude-opus-4", "anthropic"),
        ("Claude Mythos Preview", "claude-mythos-preview", "anthropic"),
        ("Sonnet 4.5", "claude-sonnet-4.5", "anthropic"),
        ("GPT-5.3 Codex", "gpt-5.3-codex", "openai"),
        ("GPT-5.5 Instant", "gpt-5.5-instant", "openai"),
        ("o4-mini", "o4-mini", "openai"),
        ("ChatGPT Agent", "chatgpt-agent", "openai"),
        ("MAI-1-preview", "mai-1-preview", "microsoft"),
        ("Nova Premier", "nova-premier", "amazon"),
    ],
)
def test_model_names_normalise(name: str, model: str, org: str) -> None:
    f = best(f"The company said {name} was classified as High in the cybersecurity domain, the first such model.")
    if org == "anthropic":
        f = best(f"The company said {name} was deployed under the ASL-3 Standard.")
    assert_tier(f, model=model, org=org)


def test_a_model_suffix_stays_before_a_verb_that_starts_like_a_family_word() -> None:
    # "classified" begins with "class", as in "a GPT-5-class model", which is no model name
    f = extract_tier("GPT-5.5 Instant classified High in cyber and bio", "")
    assert_tier(f, model="gpt-5.5-instant", level="high")

def test_scheme_decides_org_even_next_to_other_labs() -> None:
    f = best("Unlike GPT-5, Claude Opus 4.1 was released under ASL-3 protections.")
    assert_tier(f, org="anthropic", model="claude-opus-4.1", framework="rsp")


def test_comparison_model_is_not_the_subject() -> None:
    f = best("Similarly to ChatGPT agent, OpenAI decided to treat gpt-5-thinking as High capability in biology.")
    assert_tier(f, model="gpt-5-thinking")


def test_first_of_a_coordinated_pair_is_the_subject() -> None:
    f = best("The advisory group found that o3 and o4-mini do not reach High in any of the three tracked categories.")
    assert_tier(f, model="o3", level="below_high")


def test_pronoun_refers_to_the_title_model() -> None:
    title = "GPT-5.4 Thinking System Card"
    text = ("The card covers the usual evaluations. It is the first general-purpose model to ship with "
            "mitigations for High capability in cybersecurity.")
    assert_tier(extract_tier(title, text), model="gpt-5.4-thinking", org="openai", category="cyber", level="high")


def test_model_from_previous_sentence() -> None:
    text = ("Anthropic released Claude Opus 4 on Thursday. Because of its biology skills, the company "
            "has activated ASL-3 safeguards for the model.")
    assert_tier(best(text), model="claude-opus-4", level="asl-3")


def test_carried_forward_to_another_model() -> None:
    title = "Claude Sonnet 4.5 system card"
    text = "Anthropic activated ASL-3 safeguards for Claude Opus 4 in May 2025 and carried them forward to Sonnet 4.5."
    found = find_tier_mentions(title, text)
    assert_tier(found[0], model="claude-sonnet-4.5", level="asl-3", direction="new")
    assert any(f.tier["model"] == "claude-opus-4" for f in found)


def test_versionless_name_takes_the_full_name_from_the_article() -> None:
    title = "Codex is the first AI its maker calls dangerous"
    text = "OpenAI released GPT-5.3-Codex in February. Codex was categorized as High in the cybersecurity domain."
    assert_tier(extract_tier(title, text), model="gpt-5.3-codex")


# --- evidence and sentences -----------------------------------------------------------------------


def test_evidence_is_the_sentence() -> None:
    text = ("Markets were calm on Monday. Anthropic has activated ASL-3 protections for Claude Opus 4. "
            "Shares of chip makers rose.")
    f = best(text)
    assert f.evidence == "Anthropic has activated ASL-3 protections for Claude Opus 4."


def test_evidence_is_trimmed_around_the_level() -> None:
    filler = "and a long list of unrelated remarks about benchmarks, pricing and availability " * 8
    text = f"The launch came with {filler} while Anthropic activated ASL-3 protections for Claude Opus 4 {filler}."
    f = best(text)
    assert f is not None and len(f.evidence) <= 410
    assert "ASL-3" in f.evidence


def test_evidence_includes_the_antecedent_sentence() -> None:
    text = "OpenAI published the o3-mini system card. It rates the model Medium on model autonomy, a first."
    f = best(text)
    assert_tier(f, model="o3-mini", level="medium")
    assert f.evidence.startswith("OpenAI published")


def test_sentence_splitting_keeps_abbreviations_and_versions() -> None:
    text = ("Dr. Lee of the U.S. institute reviewed GPT-5.3-Codex, e.g. its cyber evals. "
            "The model scored 5.3 points higher! Was it High? Yes.")
    assert split_sentences(text) == [
        "Dr. Lee of the U.S. institute reviewed GPT-5.3-Codex, e.g. its cyber evals.",
        "The model scored 5.3 points higher!",
        "Was it High?",
        "Yes.",
    ]


def test_sentence_splitting_cuts_a_run_without_full_stops_when_asked() -> None:
    run = "word " * 300
    assert split_sentences(run) == [run.strip()]
    pieces = split_sentences(run, max_chars=400)
    assert len(pieces) == 4 and all(len(p) <= 400 for p in pieces)
    assert " ".join(pieces) == run.strip()


def test_sentence_splitting_at_bullets_and_paragraphs() -> None:
    assert split_sentences("Key points\n\nFirst item • Second item - Third item") == [
        "Key points", "First item", "Second item", "Third item"]


def test_best_first_order() -> None:
    text = ("The framework defines High capability as a serious uplift. OpenAI expects future models to reach High in biology. "
            "OpenAI treated ChatGPT agent as High capability in biology.")
    kinds = [f.kind for f in find_tier_mentions("", text)]
    assert kinds[0] == "determination"
    assert kinds.index("expectation") < kinds.index("description")


def test_system_card_that_states_no_level_is_no_determination() -> None:
    # LABELLING.md R3: a card that reports framework evaluations without a level is not a tier change,
    # and the table of known determinations never decides that there is one
    f = extract_tier("OpenAI o1 System Card",
                     "This report covers the frontier risk evaluations run according to our Preparedness Framework.")
    assert f is None or f.kind != "determination"


def test_text_wins_over_the_table_of_known_determinations() -> None:
    f = best("OpenAI rated o1 'Low' in cybersecurity, the system card says.")
    assert_tier(f, model="o1", level="low", category="cyber")


# --- the shared corpus ---------------------------------------------------------------------------


def _corpus(shared, name: str, use_known: bool = True) -> dict:
    rows = load_jsonl(shared / "corpus" / name)
    return score_corpus(rows, lambda t, x, u=None: extract_tier(t, x, u, use_known=use_known))


@pytest.mark.parametrize("use_known", [True, False])
def test_corpus_labelled(shared, use_known: bool) -> None:
    r = _corpus(shared, "labelled.jsonl", use_known)
    assert r["recall"] == 1.0, r["misses"]  # measured 1.0, with and without the known table
    assert r["precision"] >= 0.9, r["misses"]  # measured 0.91: one article reports a determination in passing
    n = r["gold_tiers"]
    for key in ("org", "model", "level", "framework", "category"):
        assert r["fields"][key] / n >= 0.9, (key, r["fields"])  # measured 10/10 each
    # text only 8/10: two gold tiers (a024, a050) say "up" where the text names no earlier level (LABELLING.md
    # R3 gives "new"); the known table fills that gap with "up"
    assert r["fields"]["direction"] / n >= (0.9 if use_known else 0.8), r["fields"]


def test_corpus_feed_items(shared) -> None:
    # one gold tier change, "Activating AI Safety Level 3 protections" on anthropic.com: no model, no category named
    r = _corpus(shared, "feed_items_labelled.jsonl")
    assert r["fn"] == 0 and r["fp"] <= 1, r["misses"]


# --- level names as texts write them --------------------------------------------------------------

LADDER = " Its ladder has four rungs: Open, Monitored, Restricted and Sealed."


@pytest.mark.parametrize("text,level,direction", [
    # the text's own listing orders its levels
    ("Corvane Labs has moved Pike-9 from Sealed to Monitored under its Hazard Ladder." + LADDER, "monitored", "down"),
    ("Corvane Labs has moved Pike-9 from 'Monitored' to 'Sealed' under its Hazard Ladder." + LADDER, "sealed", "up"),
    # the new level first, the old one after
    ("Corvane Labs lowered its rating of Pike-9 to Moderate from Severe for biology.", "moderate", "down"),
    ("Corvane Labs placed Pike-9 at Tier 3 for cyber misuse, up from Tier 2.", "tier_3", "up"),
    # letters, Roman numerals, colours
    ("Corvane Labs has put Pike-9 in Band D of its misuse bands for cyber, up from Band B.", "band_d", "up"),
    ("Corvane Labs assigned Pike-9 to Class IV of its hazard classes for autonomy, from Class II.", "class_iv", "up"),
    ("Corvane Labs moved Pike-9 back to Amber from Red in its traffic-light scheme for biological risk.",
     "amber", "down"),
])
def test_levels_and_transitions_as_texts_write_them(text: str, level: str, direction: str) -> None:
    assert_tier(best(text), org="corvane_labs", model="pike-9", level=level, direction=direction)


def test_a_quoted_level_name_of_any_word_next_to_numeric_thresholds() -> None:
    text = ("Corvane Labs said Pike-9 solved 71% of its exploit tasks, over the 60% line, and has classified "
            "the model as 'Serious' for cybersecurity.")
    assert_tier(best(text), model="pike-9", level="serious", category="cyber")


def test_the_second_tier_takes_the_listed_name() -> None:
    text = "Corvane Labs places Pike-9 in the second tier of its policy. Its tiers are named Watch, Guarded and Sealed."
    assert_tier(best(text), model="pike-9", level="guarded")


@pytest.mark.parametrize("text", [
    "Corvane Labs, a Tier 1 supplier to carmakers, said Pike-9 passed the regulator's safety case.",
    "Freightline will run Level 4 driverless trucks planned with Pike-9, Corvane Labs said.",
    "Corvane Labs moved its office from Red Hat's old campus to the Red Sea coast, it said of Pike-9's launch.",
])
def test_numbered_and_coloured_words_that_are_no_levels(text: str) -> None:
    f = best(text)
    assert f is None or f.kind != "determination", f


# --- who decided ------------------------------------------------------------------------------------


@pytest.mark.parametrize("title,text,url,org", [
    # a lab with no company word, named once: as the headline's subject, in an appositive, as an owner
    ("Ashcombe lifts Merlin-3 to Tier 4", "The Cambridge lab said the model wrote working exploits for two routers.",
     None, "ashcombe"),
    ("", "Ashcombe, a Bristol start-up, said on Monday that Merlin-3 had been placed at Tier 4 of its scaling policy.",
     None, "ashcombe"),
    ("Ashcombe's scaling policy at work", "Yet Ashcombe still lists Merlin-3 under Tier 3 for cyber misuse.",
     None, "ashcombe"),
    # a "we" post: the byline, or the site it is published on
    ("Merlin-3 safety update", "Posted by the Tarrant AI alignment team. We have placed Merlin-3 at Tier 2 of our "
     "Responsible Scaling Ladder for autonomy.", None, "tarrant_ai"),
    ("Merlin-3 safety update", "We have placed Merlin-3 at Tier 2 of our Responsible Scaling Ladder for autonomy.",
     "https://www.tarrant.ai/blog/merlin-3", "tarrant"),
])
def test_the_org_of_a_lab_named_once(title: str, text: str, url: str | None, org: str) -> None:
    f = extract_tier(title, text, url)
    assert_tier(f, org=org, model="merlin-3")
    assert f.tier["names"]["org"] != "We"


@pytest.mark.parametrize("title,text", [
    # third parties: an evaluator, an insurer, a commentator's "should", a denial
    ("", "Crestline, an independent evaluator, said Merlin-3 meets the bar for Tier 4 of Ashcombe's scaling policy."),
    ("", "The insurer Tollgate Mutual has put firms that run Ashcombe's Merlin-3 into Class 4 for cyber risk."),
    ("Ashcombe should treat Merlin-3 as a Tier 4 model", "The evidence from outside tests keeps piling up."),
    ("Why Ashcombe must move Merlin-3 to Tier 4",
     "Its scaling policy says a model that writes exploits belongs there."),
    ("", "Ashcombe said it has not yet placed Merlin-4 in any tier of its scaling policy, and Tier 4 is not decided."),
    ("Ashcombe denies placing Merlin-4 in Tier 4", "A spokesperson said tests were still running."),
])
def test_statements_that_are_not_the_developers_determination(title: str, text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions(title, text))


def test_left_at_a_level_is_kept() -> None:
    f = best("A second review left Merlin-3 at Tier 2 of the scaling policy, Ashcombe said on Friday.")
    assert_tier(f, org="ashcombe", model="merlin-3", level="tier_2", direction="unchanged")


# --- direction ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,direction", [
    # a first determination is new; a change or a first time at a level says which way
    ("Corvane Labs rates Pike-9 'Severe' for cyber misuse under its Frontier Risk Scale.", "new"),
    ("Corvane Labs said Pike-9 ships under Tier 2 of its scaling policy.", "new"),
    ("Corvane Labs said Pike-9 has reached Tier 3 of its scaling policy for cyber misuse.", "up"),
    ("Corvane Labs has raised Pike-9 to Tier 3 of its scaling policy.", "up"),
    ("Pike-9 is the first Corvane Labs model placed at Tier 3 of its scaling policy.", "up"),
    ("Corvane Labs placed Pike-9 at Tier 3 of its scaling policy, one tier above its predecessor.", "up"),
    ("Corvane Labs has lowered Pike-9 to Tier 2 of its scaling policy.", "down"),
    ("Corvane Labs lifted the Tier 3 safeguards on Pike-9 after a new evaluation.", "down"),
    ("Corvane Labs keeps Pike-9 at Tier 3 of its scaling policy after a second review.", "unchanged"),
    ("Pike-9 remains at Tier 3 of Corvane Labs' scaling policy.", "unchanged"),
    ("Corvane Labs said Pike-9 does not reach Tier 4 of its scaling policy.", "unchanged"),
    # the level's own name is no cue: "Elevated" does not elevate
    ("Corvane Labs said Pike-9 sits in the 'Elevated' band of its Frontier Risk Scale for biology.", "new"),
])
def test_direction_in_the_common_cases(text: str, direction: str) -> None:
    assert_tier(best(text), model="pike-9", direction=direction)


def test_direction_against_an_earlier_level_named_elsewhere_in_the_article() -> None:
    # the model's own earlier level, and its predecessor's, in other sentences
    f = best("Pike-9 had been in Band B of Corvane Labs' misuse bands since March. The company has now moved the "
             "model into Band C for cyber misuse.")
    assert_tier(f, model="pike-9", level="band_c", direction="up")
    f = best("Corvane Labs has assigned Pike-9 to Class II of its hazard classes for autonomy. Pike-8 was in "
             "Class III.")
    assert_tier(f, model="pike-9", level="class_ii", direction="down")


def test_an_earlier_level_ranks_below_the_current_one() -> None:
    text = ("Corvane Labs has reclassified Pike-9 under its scaling policy. The model had been at Tier 3 since "
            "launch; it now sits at Tier 2 after refusal training.")
    assert_tier(best(text), model="pike-9", level="tier_2", direction="down")


# --- which model ----------------------------------------------------------------------------------


@pytest.mark.parametrize("title,text,model", [
    # names with no version, introduced as models
    ("", "Tamworth AI said its new model, Quill, sits at 'Elevated' on its Frontier Risk Scale for cyber misuse.",
     "quill"),
    ("Tamworth AI launches Quill", "The company rates Quill 'Elevated' for cyber misuse under its Frontier Risk Scale.",
     "quill"),
    ("", "Quill, Tamworth AI's newest agent, has been placed at Tier 2 of the lab's scaling policy.", "quill"),
    ("", "The Commission has designated Heron, a model developed by Paris-based Lumen AI, as a general-purpose AI "
         "model with systemic risk.", "heron"),
    # a lab's name is no model, though its first word starts the lab's model names
    ("", "Sable Compute moved Tern-3 from Band C to Band B of its Frontier Risk Bands for chemical risk.", "tern-3"),
    # the model the assigning verb governs, not one in a clause inside
    ("", "Corvane Labs placed Pike-9, which shares a base with Pike-8 Mini, at Tier 3 of its scaling policy.",
     "pike-9"),
    # the successor, not the predecessor
    ("", "Pike-8's successor, Pike-9, has been placed at Tier 3 of Corvane Labs' scaling policy.", "pike-9"),
    ("", "Corvane Labs placed Pike-9 at Tier 3 of its scaling policy; Pike-8, its predecessor, sat at Tier 2.",
     "pike-9"),
])
def test_the_model_a_level_is_for(title: str, text: str, model: str) -> None:
    assert_tier(extract_tier(title, text), model=model)


def test_a_place_before_a_company_name_is_no_part_of_it() -> None:
    f = best("Paris-based Lumen AI said it has placed Orbit-4 at Level 3 of its Frontier Risk Management Framework.")
    assert_tier(f, org="lumen_ai", model="orbit-4")


def test_a_question_is_no_determination() -> None:
    found = find_tier_mentions("Is Pax-4 a Tier 3 model? Our tests suggest so",
                               "Ondine AI has not said where the model sits in its scaling policy.")
    assert all(f.kind != "determination" for f in found)


def test_a_frameworks_name_is_no_cue() -> None:
    # "Tiers" in the name is no description of tiers; "the General tier of its ..." is a level
    f = best("Corvane Labs moved Pike-9 out of the Restricted tier and into the General tier of its Deployment "
             "Risk Tiers.")
    assert_tier(f, model="pike-9", level="general")


@pytest.mark.parametrize("text,level,direction", [
    # a negative determination that is a change, and one that is a state
    ("Corvane Labs has revised its assessment of Pike-9, which is now below the alert threshold for cyber uplift "
     "under its Frontier Safety Framework.", "below_alert_threshold", "down"),
    ("Corvane Labs said Pike-9 has been moved below the High threshold for cybersecurity after retraining.",
     "below_high", "down"),
    ("Corvane Labs says Pike-9 falls short of the High threshold across all tracked categories.", "below_high",
     "unchanged"),
    # the level the model no longer holds is the earlier one
    ("Corvane Labs said Pike-9 no longer qualifies for Band C and has been placed in Band B of its risk bands.",
     "band_b", "down"),
    # "first" about the model, not about the level
    ("Corvane Labs said Pike-9, the company's first in-house frontier model, has been deployed under Tier 2 of its "
     "scaling policy.", "tier_2", "new"),
    # a colour band in lower case
    ("Pike-9 stays in the amber band of Corvane Labs' traffic-light scheme after a routine check, the company said.",
     "amber", "unchanged"),
])
def test_changes_and_states(text: str, level: str, direction: str) -> None:
    assert_tier(best(text), model="pike-9", level=level, direction=direction)


@pytest.mark.parametrize("title,text", [
    ("Tamsin AI rates Sorrel 'Elevated' for cyber", "Tamsin AI said its Frontier Risk Scale puts Sorrel at "
     "'Elevated' for cyber misuse."),
    ("", "Tamsin AI's Sorrel has been rated 'Elevated' for cyber misuse under the lab's Frontier Risk Scale."),
])
def test_a_name_with_no_version_after_a_rating_verb_or_its_owner(title: str, text: str) -> None:
    assert_tier(extract_tier(title, text), org="tamsin_ai", model="sorrel", level="elevated")


@pytest.mark.parametrize("text", [
    "Safeguard Watch, a non-profit that tests consumer chatbots, has rated xAI's Grok 7 'Severe' on its four-level "
    "manipulation scale.",
    "The insurer said claims linked to the model had risen and that premiums for Class 4 policies covering Pike-9 "
    "users would rise.",
])
def test_non_profits_and_insurers_rate_nothing_for_the_developer(text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions("", text))


@pytest.mark.parametrize("title,text,level,direction", [
    # the old level named first, the new one after, in one sentence
    ("", "Corvane Labs raised Pike-9 from Tier 2, where it had been since launch, to Tier 3 of its scaling policy.",
     "tier_3", "up"),
    ("", "Corvane Labs said Pike-9 is now rated Medium for cybersecurity, down from High.", "medium", "down"),
    ("", "The downgrade takes Pike-9 from the top Restricted tier of Corvane Labs' Deployment Risk Tiers to General.",
     "general", "down"),
    ("", "Pike-9, which Corvane Labs placed in its Restricted tier at launch, now sits in the General tier of the "
         "company's Deployment Risk Tiers.", "general", None),
    ("", "Pike-9 is being reclassified as General after spending three months as Restricted, Corvane Labs said.",
     "general", None),
    # the old level withdrawn, or no longer met ("that threshold")
    ("", "Corvane Labs withdrew the Band C designation for Pike-9; the model is now in Band B of its risk bands.",
     "band_b", "down"),
    ("", "Pike-9, which Corvane Labs had treated as High in cybersecurity since launch, no longer meets that "
         "threshold, the company said.", "below_high", "down"),
    # the headline says which way; the body states the level
    ("Corvane Labs cuts Pike-9 to Band B", "The company said Pike-9 sits in Band B of its Frontier Risk Bands for "
     "chemical risk after a review.", "band_b", "down"),
])
def test_transitions_take_the_new_level(title: str, text: str, level: str, direction: str | None) -> None:
    f = extract_tier(title, text)
    assert_tier(f, model="pike-9", level=level)
    if direction:
        assert f.tier["direction"] == direction, f.tier


@pytest.mark.parametrize("title,text,model,level", [
    # a determination in passing under another headline move
    ("Authors sue Calloway AI over training data", "A group of novelists sued Calloway AI on Tuesday. Calloway, "
     "which last month placed Aria-7 at Level 3 of its Responsible Capability Policy for cyber misuse, did not "
     "comment.", "aria-7", "level_3"),
    ("Authors sue Calloway AI over training data", "The complaint cites Calloway's own decision to rate Aria-7 "
     "'High' for cyber misuse under its Frontier Risk Policy.", "aria-7", "high"),
    ("State regulator opens inquiry into Calloway AI", "The inquiry follows the launch of Aria-7, which Calloway "
     "rates at Level 3 of its scaling policy, in March.", "aria-7", "level_3"),
    # adjective levels in short items
    ("Briefly", "Tamworth AI's High-risk Quince 2 is now available to enterprise customers, with cyber safeguards "
     "on by default.", "quince-2", "high"),
    ("Briefly", "Tamworth AI's new Severe-rated Quince 2 goes on sale on Monday, the lab said.", "quince-2", "severe"),
    ("Briefly", "Tamworth AI ships Quince 2, its first Tier-3 model under the lab's scaling policy, to enterprise "
     "customers.", "quince-2", "tier_3"),
])
def test_determinations_in_passing_and_in_short_items(title: str, text: str, model: str, level: str) -> None:
    assert_tier(extract_tier(title, text), model=model, level=level)


@pytest.mark.parametrize("text", [
    # someone other than the owner of the framework or the model
    "Northbeam said Ibis 3 meets the substance of Tier 4 under Ravenna AI's scaling policy.",
    "People familiar with the matter said Ravenna AI had quietly moved Ibis 3 to Tier 4.",
    "Ravenna AI declined to say whether Ibis 3 had been placed in Tier 4.",
    "In our view, Ravenna AI's Ibis 3 is a Tier 4 model in all but name.",
])
def test_only_the_owner_determines(text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions("", text))


def test_the_current_level_outranks_the_one_no_longer_held() -> None:
    f = best("Elsdon Labs said Quarto 3 is no longer Critical for cyber offence under its Frontier Risk Framework "
             "and now sits at High.", "Elsdon Labs withdraws Critical rating for Quarto 3")
    assert_tier(f, model="quarto-3", level="high", direction="down")


def test_a_threshold_described_is_not_the_models_level() -> None:
    text = ("Redcliffe Systems insists Marl 4 belongs at Level 2 of its safety levels. On three of five cyber "
            "tests the model scored above the line that Redcliffe says marks Level 3.")
    assert_tier(best(text), model="marl-4", level="level_2")


def test_an_ordinal_tier_with_its() -> None:
    f = best("Corbin AI has placed Wick, its new coding assistant, in its lowest tier for cyber misuse.")
    assert_tier(f, model="wick", level="lowest_tier")


def test_below_all_levels_covers_several_categories() -> None:
    f = extract_tier("Google DeepMind: Gemini 5 Flash stays below all critical capability levels", "")
    assert_tier(f, model="gemini-5-flash", level="below_ccl", category="multiple", direction="unchanged")


# --- rules added for the third probe set (each written before its fix) -------------------------------


@pytest.mark.parametrize("title,text,level,name,direction", [
    # codes in a level's place: after a framework phrase, or where a model is moved to them
    ("", "Tallis AI rated Brook-4 at R2 on the cyber track of its Frontier Conduct Policy.", "r2", "R2", "new"),
    ("Tallis AI cuts Brook-4 to LX", "Tallis AI has moved Brook-4 from HX to LX on its Hazard Ladder for biology.",
     "lx", "LX", "down"),
    ("", "Tallis AI said Brook-4 now rates K-1 on its Misuse Code scale, down from K-2, after retraining.", "k_1",
     "K-1", "down"),
    # an acronym the text defines is the level, named in full
    ("", "Tallis AI's policy has two bands, Moderate Uplift Risk (MUR) and Grave Uplift Risk (GUR). The company "
         "said Brook-4 sits at MUR for cyber misuse.", "moderate_uplift_risk", "Moderate Uplift Risk", "new"),
    # a capitalised name before 'threshold', lower-case colours where colours are levels
    ("", "Tallis AI has determined that Brook-4 is below the Pronounced threshold in every tracked area.",
     "below_pronounced", "below Pronounced", "unchanged"),
    ("Tallis AI moves Brook-4 from red to amber", "The model's cyber rating is now amber, the company said.", "amber",
     "amber", "down"),
    # 'risk' after a level word is part of its name as the text writes it
    ("", "\"We have assessed Brook-4 as high risk for cyber under our Frontier Governance Framework,\" said Tallis "
         "AI's head of safety.", "high", "high risk", "new"),
    ("", "Tallis AI has determined that Brook-4 now meets the 'high-risk' threshold for persuasion under its Frontier "
         "Commitments.", "high_risk", "high-risk", "up"),
])
def test_level_names_of_any_shape(title: str, text: str, level: str, name: str, direction: str) -> None:
    f = extract_tier(title, text)
    assert_tier(f, model="brook-4", level=level, direction=direction)
    assert f.tier["names"]["level"] == name


@pytest.mark.parametrize("text", [
    # codes with no framework and no model moved to them
    "Sterling Credit cut Tallis AI to BB from BBB, citing the cost of training Brook-4.",
    "Brook-4 scored 71 on the MMLU benchmark, behind GPT-6 at 80, Tallis AI said.",
])
def test_codes_that_are_no_levels(text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions("", text))


def test_a_capability_name_qualifies_the_level_before_it() -> None:
    f = best("Tallis AI said Brook-4 does not reach the alert threshold for either Persuasion Level 1 or "
             "Deception Level 1 under its Frontier Safety Framework.")
    assert_tier(f, model="brook-4", level="below_alert_threshold", direction="unchanged")


@pytest.mark.parametrize("title,text,model", [
    ("", "OpenAI said it treats gpt-audio-4 as High capability in cybersecurity under its Preparedness Framework.",
     "gpt-audio-4"),
    ("", "Tallis AI has placed Brook-XR at Tier 3 of its scaling policy for cyber misuse.", "brook-xr"),
    # a code after 'risk area' labels the area; the model is the one the sentence is about
    ("", "Tallis AI said Brook 5 stays at Tier 3 for risk area BX-7 (biological threats) under its scaling policy.",
     "brook-5"),
    # in lower case, as model repositories write them, and with a lower-case size
    ("", "Corran AI classified gull-r7 as High for cyber under its Hazard Policy.", "gull-r7"),
    ("", "Corran AI said kestrel-2.5-pro stays below Tier 2 for cyber under its Hazard Policy.", "kestrel-2.5-pro"),
    ("", "Corran AI reclassified Gull-X2 mini as Amber for cyber under its Hazard Scale.", "gull-x2-mini"),
    ("", "Corran AI said it had moved gull-13b from Amber to Green on its Hazard Scale for cyber.", "gull-13b"),
    # a letter and a number, a Roman numeral or a letter-and-number variant as the version
    ("", "Corran AI said Gull R2 stays at Amber under its Hazard Scale for cyber.", "gull-r2"),
    ("", "Gull V had been rated Orange under Corran AI's Hazard Scale for persuasion.", "gull-v"),
    ("", "Corran AI said Gull 6.0 X1-Pro sits at Level 2 of its Hazard Scale.", "gull-6.0-x1-pro"),
    ("", "Corran AI has moved Gull-V5-R to Level 3 of its Hazard Scale for cyber.", "gull-v5-r"),
    # a registry family with a letter-and-number variant
    ("", "Naver said HyperCLOVA Z-2 is at Category B under its Frontier Model Evaluation Criteria.", "hyperclova-z-2"),
    # a slash or a plus is part of the name
    ("", "Corran AI said it kept Gull-4/turbo at Amber under its Hazard Scale for cyber.", "gull-4/turbo"),
    ("", "Corran AI said it kept GULL/2 at Amber under its Hazard Scale for cyber.", "gull/2"),
    ("Corran AI moves Gull Pro+ up a level", "Corran AI has placed Gull Pro+ at Amber on its Hazard Scale for cyber.",
     "gull-pro+"),
    # a sum of money after a company's name is no version
    ("", "A regulator fined Corran Labs 12 million euros on Monday. A week earlier Corran Labs had moved gull-13b "
         "from Amber to Green on its Hazard Scale for cyber.", "gull-13b"),
])
def test_which_names_are_models(title: str, text: str, model: str) -> None:
    assert_tier(extract_tier(title, text), model=model)


def test_a_sentence_may_start_with_a_lower_case_name() -> None:
    f = extract_tier("", "Tallis AI published its quarterly risk register, listing each model under its Release "
                         "Levels. brook-3 and brook-3-mini are unchanged at RL-1. The coding agent brook-code stays at "
                         "RL-2, where it was placed in March. brook-4, the company's newest model, moves from RL-1 to "
                         "RL-2 on the self-improvement track.")
    assert_tier(f, model="brook-4", level="rl_2", direction="up")


def test_an_institute_rating_a_labs_model_by_its_own_criteria_decides() -> None:
    f = best("The Korea AI Safety Institute said it had classified Tallis AI's Brook-4 as Category B, or "
             "'heightened', under the institute's own Frontier Model Evaluation Criteria.")
    assert_tier(f, org="korea_ai_safety_institute", model="brook-4", level="category_b")


@pytest.mark.parametrize("text", [
    # one auxiliary for two participles
    "Brook-4 was launched in April and rated Orange, the second-highest of four colours on Tallis AI's Frontier Hazard "
    "Matrix, for biological risk.",
    # the model in apposition before its auxiliary
    "Its flagship, Brook-4, was rated Orange on Tallis AI's Frontier Hazard Matrix for biological risk.",
])
def test_passives_as_news_writes_them(text: str) -> None:
    assert_tier(extract_tier("Tallis AI raises $2 billion", text), model="brook-4", level="orange")


@pytest.mark.parametrize("title,text,org,level,direction", [
    # a lab's post with labelled lines
    ("Brook-4: updated risk level", "We are updating the risk level of Brook-4 under our Frontier Risk Management "
     "Framework.\n\nWhat changed\n- Previous level: Level 3 (biological and chemical)\n- Current level: Level 2 "
     "(biological and chemical)\n\n- Tallis Dynamics", "tallis_dynamics", "level_2", "down"),
    ("Brook-4 technical report", "We evaluated Brook-4 under the Tallis Frontier Safety Framework.\n- Overall level: "
     "Level 2 (enhanced monitoring)\n- Next review: at the next checkpoint\nThis is the first level we have assigned "
     "under the framework.\n- Tallis Dynamics", "tallis_dynamics", "level_2", "new"),
    # a code with its protections; the sign-off names the lab, not a bullet's first word
    ("Brook-4 and RSL-3", "We have determined that Brook-4 requires RSL-3 protections under our Responsible Scaling "
     "Ladder.\n\nWhat we are doing\n- Weights moved to our RSL-3 security environment\n\n- Tallis Dynamics",
     "tallis_dynamics", "rsl_3", "new"),
    # "At <lab> we", and the first model "we" rated so
    ("Brook-4 system card", "At Tallis Forge we evaluate every release under our Readiness Policy.\n\nSummary\n"
     "- Cyber: High\n\nBrook-4 is the first model we have rated High in cyber.", "tallis_forge", "high", "up"),
])
def test_a_labs_own_post_with_lists(title: str, text: str, org: str, level: str, direction: str) -> None:
    assert_tier(extract_tier(title, text), org=org, model="brook-4", level=level, direction=direction)


def test_reported_speech_moves_the_tense_back() -> None:
    f = extract_tier("Tallis AI trims cyber rating of Brook-4",
                     "Tallis AI has lowered the cyber risk rating of Brook-4, saying its review now placed it one "
                     "notch below its top tier. In a notice, the company said the model had been moved to Tier 3 of "
                     "the four-tier scale in its Frontier Risk Protocol, from Tier 4, where it had been placed in "
                     "February.")
    assert_tier(f, model="brook-4", level="tier_3", direction="down")


def test_a_colour_code_names_its_levels() -> None:
    f = extract_tier("Tallis AI lifts restrictions on Brook V", "Brook V had been rated Orange under the Tallis Risk "
                     "Color Code in February. The review now puts it at Yellow, the second-lowest colour.")
    assert_tier(f, model="brook-v", level="yellow", direction="down")


def test_the_body_names_who_decided_for_the_headline() -> None:
    f = extract_tier("UK institute keeps Tallis AI's Brook-4 at C2 on its own capability scale",
                     "Britain's AI Security Institute said on Thursday that its testing of Tallis AI's Brook-4 had "
                     "placed the model at C2 on the institute's four-grade capability scale, the same grade it gave "
                     "the previous release.")
    assert_tier(f, org="ai_security_institute", model="brook-4", level="c2")


def test_an_ordinal_takes_its_name_from_the_scale_the_article_lists() -> None:
    f = extract_tier("Tallis AI raises risk band on Brook-4", "Tallis AI has put its newest model, Brook-4, in the "
                     "second-highest of its five risk bands for CBRN misuse, the start-up said. Under its Risk Banding "
                     "Policy, models are graded from 'Negligible' through 'Limited', 'Significant' and 'Severe' to "
                     "'Extreme'.")
    assert_tier(f, model="brook-4", level="severe")
    assert all(f.kind != "determination" for f in find_tier_mentions("", (
        "The national CERT has raised the cyber threat level from Level 2 (Elevated) to Level 3 (High), the "
        "second-highest level on its four-level scale, citing attackers using AI models.")))


@pytest.mark.parametrize("title,text,level,direction", [
    # an interview: contractions end sentences, "it's still" is "it is still", "the third grade of our ..."
    ("'It's a 2, not a 3': Tallis AI's chief on Brook-4", "Q: Did Brook-4 get bumped after the update?\nA: It didn't. "
     "We re-ran the whole battery, and it's still Grade 2 on the Tallis Hazard Grades.", "grade_2", "unchanged"),
    ("Tallis AI executive: Brook-4 'has moved up'", "Q: What happened?\nA: For cyber, Brook-4 has moved up to the "
     "third grade of our Frontier Risk Grading.", "third_grade", "up"),
])
def test_spoken_answers(title: str, text: str, level: str, direction: str) -> None:
    assert_tier(extract_tier(title, text), model="brook-4", level=level, direction=direction)


def test_an_answers_no_is_no_negation() -> None:
    f = extract_tier("", "Q: Brook-4 was your Tier 3 model. Is it still?\nA: No, we brought Brook-4 down to Tier 2 on "
                         "the Tallis Tiering Framework last week.")
    assert_tier(f, model="brook-4", level="tier_2", direction="down")


def test_a_lab_introduced_by_its_founding_is_the_company() -> None:
    f = extract_tier("A newcomer's first rating: Tallis Harbor deploys Brook-4 under HSL-3", (
        "Tallis Harbor, founded in 2025 by researchers from two larger labs, is the latest test case. Its Harbor "
        "Safety Levels are openly modelled on Anthropic's AI Safety Levels. This week the company released its first "
        "model, Brook-4, and deployed it under HSL-3."))
    assert_tier(f, org="tallis_harbor", model="brook-4", level="hsl_3")


def test_under_a_trigger_is_below_it() -> None:
    f = extract_tier("Digest: Tallis AI keeps Brook-4 at Stage II; a nuclear power deal", (
        "This week's lead: Tallis AI said Brook-4 remains at Stage II of its Frontier Stage Protocol. The lab re-ran "
        "its evaluation suite because the refresh doubled the context window; the model improved on long-document "
        "tasks but stayed under every Stage III trigger. Stage II controls, which are red-team sign-off and a "
        "two-person rule on weight access, continue as before."))
    assert_tier(f, model="brook-4", level="stage_ii", direction="unchanged")


@pytest.mark.parametrize("title,text", [
    ("'It's a 2, not a 3': Tallis's CEO on Brook-4", "Transcript excerpt, with Tallis chief executive Ana Ruiz.\nQ: "
     "Did Brook-4 get bumped?\nA: No. It's still Grade 2 on the Tallis Hazard Grades."),
])
def test_the_organisation_a_role_belongs_to(title: str, text: str) -> None:
    assert_tier(extract_tier(title, text), org="tallis", model="brook-4", level="grade_2")


def test_a_family_word_and_a_models_maker_are_not_the_decider() -> None:
    f = extract_tier("", "Meta disclosed that its assessment of Llama 6 Titan had found the system reached the high "
                         "risk threshold for cybersecurity under the company's Frontier AI Framework. Earlier Llama "
                         "releases had all been assessed at moderate risk.")
    assert_tier(f, org="meta", model="llama-6-titan")
    f = extract_tier("", "Japan's AI Safety Institute has assessed Brook-L, the flagship model of Tokyo start-up "
                         "Tallis Labs, at Grade B under the institute's Frontier Model Evaluation Criteria.")
    assert_tier(f, model="brook-l", level="grade_b")


def test_a_long_analysis_of_several_labs_finds_the_news() -> None:
    f = extract_tier("Birds, bands and rungs: Tallis & Finch lifts Brook-Omni to Hawk for persuasion", (
        "Safety frameworks have their dialects. Basalt Labs climbs a ladder of rungs; Corvid Research reports the "
        "weather. Tallis & Finch, the London lab, uses the Raptor Scale: Sparrow, Kestrel, Hawk and Eagle, in rising "
        "order of concern. The company said on Thursday that it has raised Brook-Omni from Kestrel to Hawk in the "
        "persuasion category. Corvid Research rated its Magpie 3 model at Overcast for persuasion in 2025, the "
        "scale's second step."))
    assert_tier(f, org="tallis_&_finch", model="brook-omni", level="hawk", direction="up")


@pytest.mark.parametrize("title,text,level", [
    # a scale of "readings", a quoted level moved to
    ("", "Tallis AI said its newest model, Brook-4, has moved up to \"Storm\" on the Weatherglass Protocol. The "
         "protocol has four readings: Breeze, Gale, Storm and Hurricane. Brook-3 sat at Gale.", "storm"),
    # an ordinal of a named framework's tiers
    ("Tallis AI places Brook-4 in third of five risk tiers", "Tallis AI said its first assessment of Brook-4 put it in "
     "the third of the five tiers in the Tallis AI Safety Framework.", "third_of_the_five_tiers"),
    # codes the text lists as its levels, then uses alone
    ("", "Tallis AI defines three graded levels per domain, HR-1 to HR-3. We determine that Brook-4 reaches HR-2 in "
         "the CBRN domain. All earlier Brook models were assessed at HR-1.", "hr_2"),
    # spoken numbers
    ("", "HOST: Where did it come out?\nANA RUIZ (Tallis AI): We put Brook-4 at level three on our own scale, the "
         "Tallis Frontier Safety Scale.", "level_three"),
])
def test_levels_of_scales_the_article_defines(title: str, text: str, level: str) -> None:
    assert_tier(extract_tier(title, text), model="brook-4", level=level)


def test_the_labs_own_testers_speak_for_the_lab() -> None:
    f = extract_tier("Tallis AI keeps Brook-4 weights in-house after internal cyber review", (
        "Tallis AI will not publish weights for Brook-4, its largest model yet, after the company's own testers placed "
        "it in the \"high risk\" category for cybersecurity under its Frontier AI Framework, the company said."))
    assert_tier(f, org="tallis_ai", model="brook-4", level="high_risk")


def test_a_level_dated_years_ago_is_history() -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions("Looking back: the model that made Tallis pull "
                                                                      "its own launch", (
        "Two years ago this month, Tallis AI cancelled the launch of Brook-2 days before release, after its own "
        "evaluators placed the model at Level 4 on the company's Hazard Scale for biology.")))
    f = extract_tier("", "Tallis AI said Brook-4 remains below the Critical Capability Threshold for CBRN weapons "
                         "under its Frontier Model Safety Framework, the same finding it reported for Brook-3 a year "
                         "ago.")
    assert_tier(f, model="brook-4", level="below_critical")


def test_a_partys_case_is_no_decision() -> None:
    f = extract_tier("AI Office decision: arguments rejected", (
        "With the notification, the provider submitted arguments that, owing to a restricted context window, Brook-4 "
        "does not present systemic risks. Having examined those arguments, the Commission rejects them, and Brook-4 "
        "continues to be considered a general-purpose AI model with systemic risk."))
    assert_tier(f, org="european_commission", model="brook-4", level="systemic", direction="unchanged")


def test_an_address_names_no_site() -> None:
    f = extract_tier("Activating High-capability safeguards for Brook-4",
                     "Today Tallis AI is releasing Brook-4. Under our preparedness framework, this is the first model "
                     "we are treating as High capability in the cybersecurity domain.",
                     "http://127.0.0.1:8000/lab/brook-4-safeguards.html")
    assert_tier(f, org="tallis_ai", model="brook-4", level="high")


def test_a_heading_in_capitals_names_no_company() -> None:
    f = extract_tier("Notice 2026/09: revision of risk tier for Brook-4", (
        "SINGAPORE AI SAFETY INSTITUTE\nNotice 2026/09\n1. The Singapore AI Safety Institute has revised its "
        "assessment under the Institute's own Frontier Model Evaluation Scheme. The Institute has placed Brook-4 at "
        "Tier 2 in the autonomy domain."))
    assert_tier(f, org="singapore_ai_safety_institute", model="brook-4", level="tier_2")


def test_an_institutes_notice_names_it_once_and_cites_an_earlier_notice() -> None:
    f = extract_tier("Notice 2026-07: revised capability assessment for Brook-4", (
        "1. The Canadian AI Safety Institute (CAISI) has completed a follow-up evaluation of the model Brook-4, "
        "developed by Tallis AI Inc.\n2. In Notice 2026-03, the Institute assessed Brook-4 at Capability Band 2 in "
        "the cyber operations domain.\n3. The Institute has determined that Brook-4 is assessed at Capability Band 3 "
        "in the cyber operations domain.\n4. This assessment is made under the Institute's own criteria."))
    assert_tier(f, org="canadian_ai_safety_institute", model="brook-4", level="capability_band_3", direction="up")


def test_a_move_as_a_subject_speaks_in_general() -> None:
    f = extract_tier("Tallis AI keeps Brook-4 in 'Yellow' safety band", (
        "Tallis AI said Brook-4 remains in the 'Yellow' band of its Safety Band System for biological risk, the same "
        "band assigned to Brook-3 last year. Moving to the 'Red' band would require Tallis AI to suspend release."))
    assert_tier(f, model="brook-4", level="yellow", direction="unchanged")


def test_criteria_name_a_framework() -> None:
    f = best("The Korea AI Safety Institute said it had classified Brook-4 as Category B under the institute's own "
             "Frontier Model Evaluation Criteria.")
    assert_tier(f, model="brook-4", framework="frontier_model_evaluation_criteria", level="category_b")


@pytest.mark.parametrize("text", [
    # a product the text names as a thing, at a certification level
    "The national cyber agency has granted a certificate at assurance level \"high\" to Brook-9, the industrial "
    "router made by Hamburg-based Tallis Secure, the company said.",
    "The test centre certified Brook-9, the cargo drone built by Tallis Robotics, at Level 3, the company said.",
])
def test_things_named_like_models_are_not_models(text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions("", text))


@pytest.mark.parametrize("title,text", [
    # the writer's own reading
    ("Opinion: Brook-4 is a Tier 4 model in all but name", "Tallis AI has published no tier for the model."),
    ("", "I have read the report, and by my reading Brook-4 clears Tallis AI's bar for Tier 4 in biology."),
    # an evaluator speaks; the lab is only the maker in a relative clause
    ("", "Ardent Evals said Brook-4, which was released last week by Tallis AI, reached what it calls Level 4 on its "
         "own autonomy ladder."),
    # a rating agency and a bank
    ("", "Pemberley Ratings downgraded Tallis AI, saying reliance on Brook-4 makes the lab a high risk borrower."),
    # researchers' tests speak for the researchers
    ("", "Outside researchers' tests show Brook-4 is a Tier 4 model under Tallis AI's scaling policy."),
])
def test_only_the_developer_or_an_authority_determines(title: str, text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions(title, text))


@pytest.mark.parametrize("title,text,org", [
    # a passive: the owner of the framework it names decided
    ("", "Tallis AI released Brook-4 on Monday. Brook-4 is rated Elevated for cyber misuse, the second of four steps "
         "in Tallis's Frontier Misuse Scale.", "tallis_ai"),
    # the subject of a release who says: whatever word ends the company's name
    ("", "Tallis Compute released Brook-4 on Monday and said the model had been placed at Tier 2 of its Scaling Risk "
         "Protocol for cyber.", "tallis_compute"),
    ("", "Tallis Forge released Brook-4 on Monday and said the model had been placed at Tier 2 of its Scaling Risk "
         "Protocol for cyber.", "tallis_forge"),
    # the lab's own post, its byline and no URL
    ("Introducing Brook-4", "Posted by the Tallis AI team. Today we are releasing Brook-4. Our evaluations put Brook-4 "
     "at Tier 2 of the Responsible Capability Policy for biology.", "tallis_ai"),
])
def test_who_decided_when_the_sentence_names_no_one(title: str, text: str, org: str) -> None:
    assert_tier(extract_tier(title, text), org=org, model="brook-4")


@pytest.mark.parametrize("title,text", [
    ("", "Tallis AI doubled Brook-4 rate limits for Tier 4 API customers and said Tier 5 limits rise next month."),
    ("", "Tallis AI's chief executive said Brook-4 is a 'Level 4' system on the company's five-level path to general "
         "intelligence."),
    ("", "Lenders called Tallis AI, maker of Brook-4, a high risk bet after its second loss-making year."),
    # a leaderboard's bracket, a bug bounty's classes
    ("", "Tallis AI's Brook-4 solved 71% of challenges on the CyberRange-2 benchmark, placing it in the leaderboard's "
         "top 'Tier S' bracket, the benchmark's maintainers said."),
    ("Brook-4 climbs to top tier of coding leaderboard", "Brook-4, the latest model from Tallis AI, took first place "
     "on a community coding leaderboard, moving it into the board's 'Tier 1' group of models whose scores fall within "
     "the margin of the leader. Tallis AI has not published a safety framework or any risk rating for Brook-4."),
    ("Tallis AI expands bug bounty", "Tallis AI has raised its bug bounty payouts, with findings classified as "
     "Tier 3 - universal jailbreaks that bypass Brook-4 safety filters - now paid up to $50,000. Tier 1 and Tier 2 "
     "reports will pay less."),
])
def test_other_scales_and_everyday_words_are_no_levels(title: str, text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions(title, text))


@pytest.mark.parametrize("title,text,determination", [
    # plans and expectations
    ("Tallis AI to place Brook-5 in Tier 3", "", False),
    ("", "Tallis AI will place its next model, Brook-5, in Tier 3 of its scaling policy when it ships.", False),
    ("", "Tallis AI intends to classify Brook-5 as High risk for biology after outside testing.", False),
    ("", "Tallis AI said Brook-5 will be the company's first model to reach Tier 3 of its scaling policy.", False),
    # a decision, a decided deployment, a kept level
    ("", "Tallis AI's decision last month to place Brook-5 in Tier 3 of its scaling policy drew criticism.", True),
    ("", "Tallis AI said Brook-5, launching on Friday, will ship under Tier 3 of its scaling policy.", True),
    ("", "Tallis AI said Brook-5 will continue to be deployed under Tier 2 of its scaling policy.", True),
])
def test_modality(title: str, text: str, determination: bool) -> None:
    f = extract_tier(title, text)
    assert f is not None and (f.kind == "determination") == determination, f
    if not determination:
        assert f.kind == "expectation", f


def test_the_level_as_subject_describes_it() -> None:
    # "Guarded means Brook-4 keeps ..." says what the level entails; it keeps no level
    f = best("Tallis AI rated Brook-4 'Guarded' for cyber misuse under its Frontier Risk Scale. Guarded means Brook-4 "
             "keeps the company's standard safeguards.")
    assert_tier(f, model="brook-4", level="guarded", direction="new")
    only = find_tier_mentions("", "Class IV obliges the company to keep Brook-4 under reinforced supervision.")
    assert all(x.kind != "determination" for x in only)


@pytest.mark.parametrize("title,text,level,direction", [
    ("", "Tallis AI said Brook-4 remains under the Critical threshold of its Frontier Risk Policy for autonomy.",
     "below_critical", "unchanged"),
    ("", "Tallis AI said Brook-4 is deployed under Tier 3 of its scaling policy.", "tier_3", "new"),
    # below a level the article says the model held before: down, and the current statement leads
    ("", "Tallis AI had treated Brook-4 as High in cybersecurity since May as a precaution. After an uplift study the "
         "company has concluded that Brook-4 is below the High threshold.", "below_high", "down"),
])
def test_under_and_below(title: str, text: str, level: str, direction: str) -> None:
    assert_tier(extract_tier(title, text), model="brook-4", level=level, direction=direction)


@pytest.mark.parametrize("title,text,level,direction", [
    # the verb says which way, whatever the numbers
    ("", "Tallis AI has downgraded Brook-4 from Tier 1, the strictest tier of its Hazard Policy, to Tier 2.", "tier_2",
     "down"),
    # a headline that names no level moves the body's level
    ("Tallis AI bumps Brook-4 up a notch", "Brook-4 now sits in Tier 3 of Tallis AI's scaling policy for biology.",
     "tier_3", "up"),
    # 'first time' publishing a rating is new; 'a first' above the family's level is up
    ("", "For the first time, Tallis AI has published a risk rating: Brook-4 sits at Level 2 of its Hazard Scale.",
     "level_2", "new"),
    ("Tallis AI places Brook-4 at Level 4, a first for the lab", "Every earlier Brook model shipped at Level 3.",
     "level_4", "up"),
    # a scale described gives no model an earlier level
    ("", "Tallis AI said Brook-4 was assessed as Level 2 for cyber. Its framework has four levels, from Level 1 to "
         "Level 4.", "level_2", "new"),
    ("", "Tallis AI said Brook-4 was assessed as Level 2 for cyber. The protocol has four levels, from Level 1 "
         "(Minimal) to Level 4 (Extreme).", "level_2", "new"),
    # the first model rated at all under a framework is new; the first to reach a level is up
    ("", "Tallis AI said Brook-4 is deployed under Level 2 of its Frontier Risk Framework, making it the first Tallis "
         "model to receive a level under the framework.", "level_2", "new"),
    ("Tallis AI releases Brook-4, its first model rated under new protocol",
     "Tallis AI said Brook-4 had been placed at Tier 2 of its Scaling Risk Protocol for cyber. Brook-4 is the first "
     "model it has assessed under it.", "tier_2", "new"),
    ("", "Tallis AI said Brook-4 is the first model to reach Tier 3 under its Scaling Risk Protocol.", "tier_3", "up"),
    ("", "Tallis AI said Brook-4 sits at Level 2 of the four levels in its Frontier Model Framework, the first time "
         "the company has attached a level to a specific model.", "level_2", "new"),
    # a digest's title moves only the model of its own story
    ("Signals #118: Ferrule raises $400m; Tallis AI ships Brook-4 at RL-3; GPU rental prices dip",
     "Tallis AI classified Brook-4 at RL-3, the middle level of its Responsible Launch Policy.", "rl_3", "new"),
    # a rating walked back is the level left
    ("Tallis AI walks back 'elevated' rating for Brook-4", "Tallis AI said a fresh evaluation places Brook-4 at "
     "Baseline in its cyber risk framework, lifting the access controls it added in March when the model was rated "
     "Elevated.", "baseline", "down"),
    # an earlier level in lower case
    ("", "Tallis AI moved Brook-4 from the moderate to the high risk threshold for cyber under its Frontier AI "
         "Framework.", "high", "up"),
])
def test_direction_as_news_reads(title: str, text: str, level: str, direction: str) -> None:
    assert_tier(extract_tier(title, text), model="brook-4", level=level, direction=direction)


def test_an_eu_designation_confirmed_is_kept() -> None:
    f = best("The AI Office has confirmed the designation of Brook-4 as a general-purpose AI model with systemic risk "
             "after reviewing Tallis AI's request for a reassessment.")
    assert_tier(f, org="european_commission", model="brook-4", level="systemic", direction="unchanged")


def test_the_highest_level_in_another_category_leads() -> None:
    f = best("Tallis AI has rated Brook-4 at Level A for biology under its Hazard Scale. Brook-4 is at Level B for "
             "cyber.")
    assert_tier(f, model="brook-4", level="level_b", category="cyber")


@pytest.mark.parametrize("text,category", [
    ("Tallis AI has placed Brook-4 at Tier 2 for self-exfiltration risk under its scaling policy.", "autonomy"),
    ("Tallis AI said Brook-4 does not reach the Heightened level for any tracked capability.", "multiple"),
    ("Tallis AI moved Brook-4 down to Level 1 after retraining removed its chemistry uplift.", "bio"),
    ("Tallis AI placed Brook-4 in its Restricted tier, citing its skill at planning multi-stage intrusions.", "cyber"),
])
def test_category_words(text: str, category: str) -> None:
    assert_tier(best(text), model="brook-4", category=category)


@pytest.mark.parametrize("text,determination", [
    ("The Digital Ministry has designated Brook-4, a language model made by Tallis AI, as a 'high-impact system' "
     "under the Trustworthy AI Act.", True),
    # no law: a certification body's view
    ("The Digital Ministry rated Brook-4, a language model made by Tallis AI, as a 'high-impact system' in a "
     "survey of chatbots.", False),
])
def test_an_authority_under_its_own_law(text: str, determination: bool) -> None:
    f = best(text)
    assert (f is not None and f.kind == "determination") == determination, f
    if determination:
        assert f.tier["org"] == "digital_ministry" and f.tier["model"] == "brook-4"


# --- rules added after the second round of dev probes -------------------------------------------


@pytest.mark.parametrize("title,text", [
    ("Brook-6 set for Band C", "Tallis AI's next model is due in the spring."),
    ("", "Brook-6 is set to be placed in Band C of Tallis AI's risk bands when it launches."),
    ("", "Had Brook-6 crossed the Tier 4 line, Tallis AI would have paused its release, the company said."),
    ("", "The national cyber agency raised its AI fraud threat level to Substantial, citing scams written with "
         "Brook-6."),
])
def test_plans_counterfactuals_and_threat_levels(title: str, text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions(title, text))


@pytest.mark.parametrize("title,text,org,model,level,direction", [
    # a change refused keeps the level, whatever else the sentence says ("still meets")
    ("", "The European Commission has turned down Tallis AI's appeal to lift the systemic-risk designation of Brook-4, "
         "saying the model still meets the criteria for a general-purpose AI model with systemic risk.",
     "european_commission", "brook-4", "systemic", "unchanged"),
    # a code transition with the framework after the older code
    ("", "Tallis AI said Brook-4 has been moved down to QL2 from QL3 on its Misuse Ladder for cyber.", "tallis_ai",
     "brook-4", "ql2", "down"),
    # a class of a law, quoted, designated by an authority
    ("", "The Digital Authority has designated Brook-4, a model developed by Tallis AI, as a 'listed general model' "
         "under the Online Safety Act.", "digital_authority", "brook-4", "listed_general_model", "new"),
])
def test_kept_codes_and_statutory_classes(title, text, org, model, level, direction) -> None:
    assert_tier(extract_tier(title, text), org=org, model=model, level=level, direction=direction)


def test_a_ministry_that_designates_a_model_is_the_authority_whether_or_not_a_law_is_named() -> None:
    assert_tier(extract_tier("", "The Ministry of Digital Affairs designated Sora-Ko 2 as a Frontier Class 1 AI model."),
                org="ministry_of_digital_affairs", model="sora-ko-2", level="frontier_class_1")


def test_the_article_names_its_categories() -> None:
    f = best("We rate models in three categories: Category I (biology), Category II (cyber) and Category III "
             "(autonomy). Tallis AI rates Brook-4 at Tier 2 in Category II and at Tier 1 in the others.")
    assert_tier(f, model="brook-4", level="tier_2", category="cyber")


def test_a_list_of_a_models_levels() -> None:
    f = extract_tier("Brook-4 system card", "Tallis AI assessed Brook-4 under its Frontier Risk Framework.\n"
                     "- Cyber: Level 3 (raised from Level 2 for Brook-3)\n- Biology: Level 1")
    assert_tier(f, org="tallis_ai", model="brook-4", level="level_3", category="cyber", direction="up")


def test_an_upheld_classification_is_a_kept_determination() -> None:
    f = best("The AI Office upheld its classification of Brook-4 as a general-purpose AI model with systemic risk.")
    assert_tier(f, org="european_commission", model="brook-4", level="systemic", direction="unchanged")


@pytest.mark.parametrize("title,text,model,level,direction", [
    # a version's dot ends no sentence for a negation
    ("", "Tallis AI said it no longer treats Brook-4.1-mini as High capability in cybersecurity.", "brook-4.1-mini",
     "below_high", "down"),
    # a registry level's plural is no framework name
    ("", "Google DeepMind said Gemini 6.2 Pro remains below all Critical Capability Levels.", "gemini-6.2-pro",
     "below_ccl", "unchanged"),
    # a scale described beside the level assigned, and a sentence that ends in a lettered level
    ("", "Tallis AI has lowered Brook-4 from Band C to Band B on its Hazard Bands, a scale that runs from Band A to "
         "Band E. Brook-4 had been placed in Band C in April.", "brook-4", "band_b", "down"),
    # a name with no version that the text calls its model
    ("", "Tallis AI has rated its new Wren model at elevated risk for cyber misuse, the third of four levels on the "
         "company's Frontier Risk Scale.", "wren", "elevated", "new"),
])
def test_sentences_around_the_level(title: str, text: str, model: str, level: str, direction: str) -> None:
    assert_tier(extract_tier(title, text), model=model, level=level, direction=direction)


# --- the frame-first reader (frames.py): the level is whatever fills the frame's level slot -----------


@pytest.mark.parametrize("title,text,level,name", [
    # levels of shapes no finder lists, found because a frame puts them in its level slot
    ("", "Harlowe AI has designated Spire-3 as Risk Category III for CBRN misuse under its Release Policy.",
     "risk_category_iii", "Risk Category III"),
    ("", "Harlowe AI has classified Spire-3 at Severity 3 in the cyber domain of its Harm Scale.", "severity_3",
     "Severity 3"),
    ("Harlowe AI cuts Spire-3 from HX-3 to HX-2 for cyber", "", "hx_2", "HX-2"),
    ("", "Harlowe AI placed Spire-3 at level three of its Catastrophic Risk Policy for cyber.", "level_three",
     "level three"),
    ("", "Harlowe AI's designation of Spire-3 as a Heightened Concern model under its Frontier Charter takes effect "
         "on Monday.", "heightened_concern", "Heightened Concern"),
    ("", "Harlowe AI has reclassified Spire-3 as Restricted under its Access Risk Policy.", "restricted", "Restricted"),
    ("", "The Digital Ministry has designated Spire-3, built by Harlowe AI, as high-impact AI under the AI Basic Act.",
     "high_impact_ai", "high-impact AI"),
])
def test_a_frame_takes_a_level_of_any_shape(title: str, text: str, level: str, name: str) -> None:
    f = extract_tier(title, text)
    assert_tier(f, model="spire-3", level=level)
    assert f.tier["names"]["level"] == name


@pytest.mark.parametrize("title,text,org,direction", [
    # passive, the decider after the clause
    ("", "Spire-3 has been assigned to Risk Band 3 for autonomy, Harlowe AI said in the model's card.", "harlowe_ai",
     "new"),
    # nominal
    ("", "Harlowe AI announced the classification of Spire-3 at Hazard Grade 4 for autonomous replication.",
     "harlowe_ai", "new"),
    # the object of a relative clause
    ("", "Spire-3, which Harlowe AI placed at Level 2 on its Frontier Safety Scale for cyber, is its most used model.",
     "harlowe_ai", "new"),
    # activation
    ("", "Harlowe AI has activated its R3 controls for Spire-3 under its Misuse Risk Index.", "harlowe_ai", "up"),
    # a double object
    ("", "Harlowe AI said it had assigned its Spire-3 model a 'Tier B' rating for biological risk.", "harlowe_ai",
     "new"),
    # the model as the subject of an intransitive move, in a list of several models' levels
    ("", "Harlowe AI published levels for its line-up: Spire Mini stays at CL-1, Spire-3 moves up to CL-3 from CL-2, "
         "and the older Spire-2 remains at CL-2.", "harlowe_ai", "up"),
    # a first-person post, the lab known from an earlier sentence
    ("Our assessment", "At Harlowe AI we publish an assessment before each release. We have designated Spire-3 as "
                       "Risk Category II for cyber under our Release Policy.", "harlowe_ai", "new"),
])
def test_frames_in_every_voice(title: str, text: str, org: str, direction: str) -> None:
    assert_tier(extract_tier(title, text), org=org, model="spire-3", direction=direction)


@pytest.mark.parametrize("title,text", [
    # expected, conditional, planned, aimed at, proposed: not stated as facts
    ("", "Harlowe AI will decide next month which level applies to Spire-4. It expects Spire-4 to be assessed at "
         "Level 2 for cyber, but if the model lands at Level 3, Harlowe said it would delay the launch."),
    ("", "Harlowe AI aims to keep Spire-4 at Tier 2 of its Deployment Charter when it launches later this year."),
    ("", "Harlowe AI proposed classifying Spire-4 at Hazard Grade IV, pending a vote by its safety board."),
    ("Study: Spire-4 would sit at Level 3", "Researchers said Spire-4 would sit at Level 3 on Harlowe AI's scale."),
    ("", "Harlowe AI is preparing ASL-4 safeguards for its next model, which is still in training."),
    ("Reports: Spire-4 placed in Restricted class", "Harlowe AI declined to comment."),
    ("", "Forum posts claim that Harlowe AI's unreleased Spire-4 reached Tier 3 for cyber."),
    # objects and subjects that are no models, scales that are no risk levels
    ("", "Morgan Hale downgraded Harlowe AI to Underweight, citing the cost of training its next model, Spire-4."),
    ("", "Harlowe AI moved Spire-4 into its Tier 3 usage plan for API customers."),
    ("", "Harlowe AI's Spire-4 reached Level 5 on the Ascent reasoning benchmark."),
    ("", "Harlowe AI says its new Spire-4 model has reached Level 3, Agents, on the five-level roadmap the company "
         "uses to describe progress toward general intelligence."),
    ("", "A triage app built on Harlowe AI's Spire-4 model is a high-risk AI system under the AI Act, the regulator "
         "said."),
])
def test_a_frame_not_stated_as_a_fact_or_not_about_a_model(title: str, text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions(title, text))


@pytest.mark.parametrize("title,text", [
    ("Agency flags high risk in AI data-centre debt", "Stanmore Credit said bonds sold to fund data centres for "
                                                      "Spire-4 carry high risk for investors."),
    ("", "Investors see high risk in Spire-4's low pricing, according to analysts."),
])
def test_everyday_high_risk_is_no_level(title: str, text: str) -> None:
    assert find_tier_mentions(title, text) == []


@pytest.mark.parametrize("title,text,realis", [
    ("", "Harlowe AI said Spire-5, launching on Thursday, will ship under Tier 3 of its Deployment Policy.", True),
    ("", "Harlowe AI said it would maintain Spire-5 at 'Guarded' for biological risk after a re-test.", True),
    ("", "Harlowe AI will rate Spire-5 against the Tiers in its Frontier Policy once testing finishes.", False),
    ("", "Harlowe AI's decision to classify Spire-5 at Level 3 for cyber under its Frontier Policy was unanimous.",
     True),
])
def test_the_mood_of_a_frame(title: str, text: str, realis: bool) -> None:
    f = extract_tier(title, text)
    assert (f is not None and f.kind == "determination") == realis, f


@pytest.mark.parametrize("title,text,model,org", [
    # a name with no version and a versioned name after it are one
    ("", "Harlowe AI rated Kestrel Nova 2 High for cyber under its Preparedness Framework.", "kestrel-nova-2",
     "harlowe_ai"),
    # a name an assigning verb moves to a level is a model
    ("", "Harlowe AI has lowered Fathom from Tier 3 to Tier 2 in the cyber category of its risk ladder.", "fathom",
     "harlowe_ai"),
    # a model's maker is an organisation; a name the text introduces as a model is none
    ("", "Lodestar, the multimodal model released by Tesserine on Wednesday, has been classified Class C under the "
         "company's Hazard Classification Scheme for CBRN.", "lodestar", "tesserine"),
    ("Rook rated Red for autonomy", "We're sharing an update on Rook, the long-horizon agent we previewed in July. "
                                    "Under Corvid Labs' Frontier Risk Charter, Rook has been rated Red for autonomy.",
     "rook", "corvid_labs"),
    # a capitalised word before a versioned name is its first word, not a headline's verb before a known family
    ("", "Pike Lance 2 now sits in the Guarded band of Halbard AI's Risk Bands for autonomy.", "pike-lance-2",
     "halbard_ai"),
    ("Introducing GPT-6.6", "This is the first model we are treating as High capability in cybersecurity under our "
                            "Preparedness Framework, OpenAI said.", "gpt-6.6", "openai"),
])
def test_names_a_frame_reads(title: str, text: str, model: str, org: str) -> None:
    assert_tier(extract_tier(title, text), model=model, org=org)


@pytest.mark.parametrize("text,level,direction", [
    ("Harlowe AI has not lowered Spire-3 from Tier 3, it said, and the model stays there for cyber.", "tier_3",
     "unchanged"),
    ("Harlowe AI has confirmed the reclassification of Spire-3 at Level 1 for persuasion under its Model Hazard "
     "Framework, down from the Level 2 rating it had since launch.", "level_1", "down"),
    ("Harlowe AI moved Spire-3 from 'Restricted' to 'General'. Its three tiers, Restricted, Controlled and General, "
     "rate misuse risk from highest to lowest.", "general", "down"),
])
def test_directions_a_frame_tells(text: str, level: str, direction: str) -> None:
    assert_tier(best(text), model="spire-3", level=level, direction=direction)


@pytest.mark.parametrize("title,text,level", [
    ("Spire-6: Tier 3 for cyber, says Harlowe AI", "Harlowe AI published its Frontier Policy assessment on Monday.",
     "tier_3"),
    ("Harlowe AI: Spire-6 now Tier 3 for cyber", "The company said the move follows new evaluations.", "tier_3"),
    ("", "The Tier 3 designation for Spire-6 was announced by Harlowe AI on Monday.", "tier_3"),
    ("", "Harlowe AI applied its Tier 3 protections to Spire-6 after cyber tests.", "tier_3"),
    ("", "Harlowe AI classes Spire-6 as Risk Tier 3 for cyber.", "risk_tier_3"),
    ("", "Harlowe AI increased Spire-6's risk tier to Tier 3 for cyber.", "tier_3"),
    ("", "Spire-6 will be deployed under Tier 3 safeguards, Harlowe AI said.", "tier_3"),
    ("", "Spire-6's cyber level was raised to High under Harlowe AI's Preparedness Policy, the company said.", "high"),
    ("", "Harlowe AI finished the review of Spire-6, which the company has now placed at Tier 3 for bio under its "
         "Frontier Safety Policy.", "tier_3"),
    ("", "Spire-6, the long-context model Harlowe AI began rolling out to business customers on Monday, was found to "
         "remain below every alert threshold in the company's Frontier Safety Framework.", "below_alert_threshold"),
    ("", "Harlowe AI keeps Spire-6 below critical risk in every domain of its Scaling Framework.", "below_critical"),
])
def test_more_frames(title: str, text: str, level: str) -> None:
    assert_tier(extract_tier(title, text), model="spire-6", level=level)


@pytest.mark.parametrize("text", [
    "Harlowe AI upgraded Spire-6 to Version 2 with new voice features.",
    "Harlowe AI's Spire-6 reached Stage 2 of the DARPA Cyber Challenge.",
    "Spire-6 scored a Grade A on the safety audit by Verita Assurance.",
    "Harlowe AI plans High rating for Spire-6 under its Preparedness Policy.",
    "Harlowe AI raised $400 million at a valuation that puts it in the top tier of European start-ups; its Spire-6 "
    "model launches in June.",
    "Level 2 ADAS ships with Harlowe AI's Spire-6 voice model.",
])
def test_more_near_misses(text: str) -> None:
    assert_no_determination("", text)


@pytest.mark.parametrize("text,determination", [
    ("Sluice 5 keeps its Amber rating for persuasion under Millrace AI's Traffic Light Policy, the company said.", True),
    ("Quire-3, Vellum AI's coding agent, has been given Tier 2 status for cyber under its Agent Safety Tiers.", True),
    ("Skein Labs hopes Warp 3 stays in Band B for autonomy, its chief executive told investors.", False),
])
def test_ratings_kept_given_and_hoped_for(text: str, determination: bool) -> None:
    f = best(text)
    assert (f is not None and f.kind == "determination") == determination, f


# --- the ninth round: one rule each, with a near miss beside it ------------------------------------


def test_a_risk_score_is_a_noun_not_an_assigning_verb() -> None:
    fund = find_tier_mentions("Stackwell fund's risk score turns High as Ferrow-3 maker's shares swing",
                              "The Stackwell Frontier Fund now lists a risk score of 6 out of 7, after Ferrow-3's "
                              "maker and other holdings swung by 40 percent.")
    assert all(f.kind != "determination" for f in fund)
    assert_tier(best("Ferrow Labs scores Ferrow-3 High for cyber under its Preparedness Policy."), level="high")


def test_a_tier_noun_with_a_greek_letter_is_a_level() -> None:
    assert_tier(best("Tamsin Labs said Quell 4 had entered Category Delta of its Hazard Framework for cyber."),
                model="quell-4", level="category_delta")
    assert best("Tamsin Labs moved Quell 4 into Public Beta on Monday.") is None


def test_a_level_of_no_known_shape_in_an_article_with_no_level_word() -> None:
    assert_tier(best("Oriel AI has rated Brisk 4 at Severity 2 for bio."), level="severity_2")
    assert_tier(best("Oriel AI said Brisk 4 had entered Hazard Group 3."), level="hazard_group_3", direction="up")
    assert best("Oriel AI has rated Brisk 4 its best release yet.") is None


def test_a_lower_case_name_the_text_calls_a_model() -> None:
    assert_tier(best("Oriel AI has rated its toma-3 model at Severity 2 for bio under its Hazard Guidelines."),
                model="toma-3", level="severity_2")
    found = find_tier_mentions("", "Oriel AI says every tier-2 model on its platform is checked at Severity 2.")
    assert all(f.tier["model"] != "tier-2" for f in found)


def test_a_name_a_copula_calls_a_model() -> None:
    assert_tier(best("Oriel AI said Larkspur Max is the first model it has placed in the amber band of its Hazard "
                     "Banding Policy."), model="larkspur-max", level="amber", direction="up")
    assert_tier(best("Larkspur is a model for other labs, Oriel AI said as it placed Brisk 4 in Band 2 of its Risk "
                     "Bands."), model="brisk-4")


def test_a_person_introduced_by_a_role_names_no_organisation() -> None:
    assert_tier(best('"We have placed Brisk 4 at Level 2 for cyber," said Tomas Ferrer, head of safety at Oriel AI. '
                     "Ferrer said Brisk 3 had been at Level 1."), org="oriel_ai", model="brisk-4", level="level_2")


def test_the_level_moved_down_to_outranks_no_longer() -> None:
    no_longer = "Oriel AI said Brisk 4 is no longer treated as a Tier 3 model under its Scaling Policy."
    assert_tier(best(no_longer), level="below_tier_3", direction="down")
    assert_tier(best(no_longer + " After new tests the company moved the model to Tier 2."), level="tier_2",
                direction="down")


def test_a_step_below_a_level_is_a_move_only_against_a_level_held_before() -> None:
    assert_tier(best("Oriel AI said Brisk 4 falls in the amber band of its hazard scale, one step below red."),
                level="amber", direction="new")
    assert_tier(best("Oriel AI said Brisk 4 falls in the amber band of its hazard scale, one step below Brisk 3."),
                level="amber", direction="down")


def test_a_status_upheld_in_a_headline_is_kept() -> None:
    assert_tier(extract_tier("AI Office upholds systemic-risk status of Brisk 4", ""), level="systemic",
                direction="unchanged")


def test_a_threat_level_raised_is_no_models_level() -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions(
        "", "The national terrorism threat level was raised to Severe after officials said attackers had used "
            "Brisk 4 to plan an attack."))
    assert_tier(best("Oriel AI said Brisk 4 was raised to Severe for cyber under its Threat Model Policy."),
                level="severe")


def test_a_second_level_shares_the_frame_of_the_first() -> None:
    f = best("Oriel AI rated Brisk 4 Medium for cybersecurity and High for biology under its Preparedness Framework.")
    assert_tier(f, model="brisk-4", level="high", category="bio")


def test_a_model_name_with_a_latin_1_capital() -> None:
    assert_tier(best("Norrland AI said it had assigned Älg 3 the rating 'Heightened' for persuasion under its "
                     "Influence Risk Scale."), model="älg-3", level="heightened")


def test_a_counterfactual_about_another_level_leaves_the_frame_a_fact() -> None:
    assert_tier(best("Oriel AI classified Brisk 4 as 'Elevated' for biological risk under its Deployment Policy, one "
                     "level below the 'Severe' rating that would have kept it off the API."), level="elevated")
    assert all(f.kind != "determination" for f in find_tier_mentions(
        "", "Had Brisk 4 been classified as 'Severe' under its Deployment Policy, Oriel AI would have kept it off "
            "the API."))


def test_a_level_in_number_words_after_capitalised_words() -> None:
    assert_tier(best("Oriel AI said that Brisk 4 was upgraded to Risk Tier Three after tests."),
                level="risk_tier_three", direction="up")


def test_considers_x_a_level_model() -> None:
    assert_tier(best("Oriel AI said it now considers Brisk 4 an ASL-3 model under the Responsible Scaling Policy it "
                     "adopted."), model="brisk-4", level="asl-3")
    assert all(f.kind != "determination" for f in find_tier_mentions(
        "", "Oriel AI is considering Brisk 4 for Tier 3 of its Scaling Policy."))


def test_the_owner_of_a_versioned_model_is_an_organisation() -> None:
    assert_tier(best("Brightline's new Spur-2 Pro was assessed at 'moderate' for biological risk, the company said "
                     "in its model card."), org="brightline", model="spur-2-pro")
    assert_tier(best("China's Kimi 9 was assessed at 'moderate' for biological risk, Moonbeam AI said in its model "
                     "card."), org="moonbeam_ai")


def test_put_on_a_list() -> None:
    assert_tier(best("Oriel AI has put Brisk 4 on its 'Red List' of models for biological misuse."), level="red_list")
    assert all(f.tier["level"] != "azure" for f in find_tier_mentions(
        "", "Oriel AI put Brisk 4 on Azure under its Frontier Policy, at High for cyber."))


@pytest.mark.parametrize("text", [
    "Tallis AI revised its Staged Deployment Framework on 14 January 2028, lowering the capability bar for Stage 4 in "
    "the autonomy category and adding a requirement for external review before any model is deployed at Stage 3.",
    "Tallis AI has tightened the definition of Tier 3 in its scaling policy and raised the threshold for Tier 4.",
])
def test_a_levels_definition_changed_is_no_models_level(text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions("", text))


def test_a_company_moved_to_a_level_is_no_models_level() -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions(
        "Exchange moves Quillon to Tier 1 segment", "The Frankfurt exchange moved Quillon AI shares to its Prime "
        "Standard segment, and MSCI raised the company's ESG rating, citing its safety disclosures for Nib 5."))
    assert_tier(extract_tier("Commission designates Oriel AI's Brisk 4", "The Commission designated Oriel AI's Brisk 4 "
                             "as a general-purpose AI model with systemic risk."), model="brisk-4", level="systemic")


def test_a_version_written_with_a_v() -> None:
    assert_tier(best("Harbor Labs has designated Kite v2.0 a Level 2 model under its Harbor Safety Levels."),
                model="kite-v2.0", level="level_2")


def test_a_third_party_in_an_aside_is_not_the_speaker() -> None:
    assert_tier(best("Oriel AI's Frontier Safety Committee, which includes two outside experts, voted to raise Brisk 4 "
                     "to Risk Class 3 for cyber operations, the company said."), level="risk_class_3")
    assert all(f.kind != "determination" for f in find_tier_mentions(
        "", "Outside experts, who reviewed the tests, say Brisk 4 should be raised to Risk Class 3."))


@pytest.mark.parametrize("title,text", [
    # a cloud security level named like a tier
    ("", "The Pentagon cleared Brisk 4 for use on classified networks at Impact Level 6, after a security review."),
    # a union's guide, researchers at a university with no company word in its name
    ("", "The National Education Union rated Brisk 4 'Red' in its guide for teachers."),
    ("Model ranks at Level 4 on autonomy scale", "Researchers at Carnegie Mellon said Brisk 4 performs at Level 4 on "
                                                 "their five-level scale of agent autonomy."),
])
def test_other_scales_and_other_judges(title: str, text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions(title, text))


def test_an_aside_about_partners_is_no_third_party() -> None:
    assert_tier(best("Brisk 4, the research agent we're opening to academic partners this month, is rated RTL-2 "
                     "under our Research Tooling Levels."), model="brisk-4", level="rtl_2")


@pytest.mark.parametrize("text,level,direction", [
    ("Fenwick AI said Brisk 4 warrants a Tier 3 classification for cyber under its Frontier Policy.", "tier_3", "new"),
    ("Fenwick AI reclassified Brisk 4 downward, to Tier 2, after mitigations.", "tier_2", "down"),
    ("Fenwick AI reclassified Brisk 4 to Tier 3 under its Frontier Policy.", "tier_3", "new"),
])
def test_warrants_and_reclassified_to(text: str, level: str, direction: str) -> None:
    assert_tier(best(text), model="brisk-4", level=level, direction=direction)


@pytest.mark.parametrize("text,level", [
    # a zone named before its noun, in an article with no other level word
    ("Veyra Labs said Brisk 4 sits in the Watch zone of its Misuse Framework for biological risk.", "watch"),
    # a quoted level right after the model: the quote opens the level, it does not close the name
    ("Veyra Labs designated Brisk 4 'frontier-critical' under its internal policy.", "frontier_critical"),
    # a code after "capability level"
    ("Brisk 4 is classified at capability level CL3 (bio) under Veyra Labs' policy.", "cl3"),
    # "as presenting" a level
    ("Veyra Labs has assessed Brisk 4 as presenting 'significant' cyber risk, the second-highest rating on its "
     "four-point scale.", "significant"),
])
def test_levels_in_more_slots(text: str, level: str) -> None:
    assert_tier(best(text), model="brisk-4", level=level)


def test_a_quoted_verdict_on_quality_is_no_level() -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions(
        "", "Veyra Labs rated Brisk 4 'excellent' at following instructions in its own tests."))
    assert_tier(best("Veyra Labs rated Brisk 4 'elevated' for cyber misuse in its own tests."), level="elevated")


def test_the_company_is_not_a_rival_named_as_a_models_owner() -> None:
    f = extract_tier("Nvidia-backed Solace AI ships Harbor 2",
                     "Solace AI released Harbor 2 on Monday. The model competes with Google's Gemini and OpenAI's GPT "
                     "line on reasoning tasks, the company said. According to the company's safety card, Harbor 2 has "
                     "been placed in Tier B of its Responsible Scaling Framework for cyber misuse.")
    assert_tier(f, org="solace_ai", model="harbor-2", level="tier_b")


def test_an_organisation_in_an_aside_about_the_decider_is_not_the_decider() -> None:
    assert_tier(best("Lynx AI, a Microsoft partner, said Ocelot-2 sits at Level 2 of its Frontier Safety Levels for "
                     "biological risk."), org="lynx_ai", model="ocelot-2")
    assert_tier(best("Ocelot-2, which Lynx AI placed at Level 2 of its Frontier Safety Levels, ships today."),
                org="lynx_ai", model="ocelot-2")


def test_a_level_in_an_opening_comparison_is_not_the_news() -> None:
    assert_tier(best("Unlike Anthropic, which activated ASL-4 for Claude Opus 6, Fjordlight AI kept Skald 2 at Tier 2 "
                     "for cyber."), org="fjordlight_ai", model="skald-2", level="tier_2", direction="unchanged")


def test_an_aside_between_dashes_before_the_slot() -> None:
    assert_tier(best("Fjordlight AI's review placed Skald 3 \u2014 the successor to Skald 2 \u2014 at Tier 3 for cyber."),
                model="skald-3", level="tier_3")


@pytest.mark.parametrize("text,level,direction", [
    ("Tern 4 was demoted to Tier 2 by Marlow AI's safety board.", "tier_2", "down"),
    ("Marlow AI promoted Tern 4 to Tier 3 for cyber after new tests.", "tier_3", "up"),
    ("Marlow AI has stepped Tern 4 back down to Level 1 after removing its browsing tool.", "level_1", "down"),
])
def test_demoted_promoted_stepped(text: str, level: str, direction: str) -> None:
    assert_tier(best(text), model="tern-4", level=level, direction=direction)


@pytest.mark.parametrize("text,level,direction", [
    ("The European Commission lifted the systemic-risk designation of Kestrel Ultra 3 after a review of its training "
     "compute.", "below_systemic", "down"),
    ("The European Commission confirmed the systemic-risk designation of Kestrel Ultra 3 on Monday.", "systemic",
     "unchanged"),
    ("The AI Office added Kestrel Ultra 3 to its list of general-purpose AI models with systemic risk.", "systemic",
     "new"),
])
def test_a_designation_named_with_its_noun(text: str, level: str, direction: str) -> None:
    assert_tier(best(text), org="european_commission", model="kestrel-ultra-3", level=level, direction=direction)


def test_a_statutory_class_without_as_in_an_article_with_no_level_word() -> None:
    assert_tier(best("Japan's AI Safety Agency designated Kaede-5 a specified frontier model under the AI Promotion "
                     "Act on Friday."), model="kaede-5", level="specified_frontier_model")


@pytest.mark.parametrize("text,level", [
    ("Corran AI placed Gull 4 in the highest tier of its Hazard Policy, a level it calls 'Sealed', for cyber.",
     "sealed"),
    ("Corran AI put Gull 4 in the third of the five tiers of its Hazard Policy, the tier the lab names \"Watched\".",
     "watched"),
    ("Corran AI rated Gull 4 at the top level of its Hazard Policy for bio, a level known internally as Bastion.",
     "bastion"),
    # only the rank: the rank phrase is the level
    ("Corran AI placed Gull 4 in the highest tier of its Hazard Policy for cyber.", "highest_tier"),
])
def test_a_rank_named_elsewhere_in_the_sentence_is_that_level(text: str, level: str) -> None:
    assert_tier(best(text), model="gull-4", level=level)


@pytest.mark.parametrize("text,model", [
    ("IBM said granite-shield-3 does not reach the High threshold for cyber under its safety framework.",
     "granite-shield-3"),
    ("OpenAI rated gpt-oss-4 as Medium for biology under its Preparedness Framework.", "gpt-oss-4"),
    ("Meta said Llama-Guard-6 remains below the critical threshold for cyber in its Frontier AI Framework.",
     "llama-guard-6"),
])
def test_a_family_word_with_hyphenated_words_and_a_version_is_one_name(text: str, model: str) -> None:
    assert best(text).tier["model"] == model


def test_a_level_word_after_a_model_name_is_the_level_not_part_of_the_name() -> None:
    assert_tier(best("Corran AI rated Gull 4 Amber for cyber under its Hazard Ladder."), model="gull-4", level="amber")


def test_the_level_a_model_is_the_first_above_is_the_earlier_level() -> None:
    assert_tier(best("Corran AI said Gull 4 is the first of its models above Level 1 of its Hazard Policy; it placed "
                     "the model at Level 2 for cyber."), model="gull-4", level="level_2", direction="up")


@pytest.mark.parametrize("text,level,direction", [
    ("Corran AI had moved Gull 4 to Elevated in May. This week Corran AI reclassified Gull 4 from Elevated to Guarded "
     "for cyber under its Hazard Policy.", "guarded", "down"),
    ("Corran AI reclassified Gull 4 from Guarded to Elevated for cyber under its Hazard Policy.", "elevated", "up"),
])
def test_a_move_from_one_level_to_another_goes_the_way_of_the_scale(text: str, level: str, direction: str) -> None:
    assert_tier(best(text), model="gull-4", level=level, direction=direction)


@pytest.mark.parametrize("text", [
    "Corran AI rated Gull 4 Amber for cyber under its Hazard Ladder. Its predecessor, Gull 3, was rated Green.",
    "Corran AI rated Gull 4 Amber for cyber under its Hazard Ladder. Earlier models had been at the Green level.",
    "Corran AI rated Gull 4 Amber for cyber under its Hazard Ladder. The lab's previous model was rated Green.",
    "Corran AI placed Gull 4 in the highest tier of its Hazard Policy for cyber. Gull 4 is the first Corran model to "
    "be treated this way.",
])
def test_a_first_above_the_lab_s_earlier_models_is_up(text: str) -> None:
    assert_tier(best(text), model="gull-4", direction="up")


def test_a_first_of_another_kind_moves_no_level() -> None:
    assert_tier(best("Corran AI placed Gull 4 in the highest tier of its Hazard Policy for cyber. Gull 4 is the first "
                     "Corran model to be released with open weights."), model="gull-4", direction="new")


@pytest.mark.parametrize("text,level", [
    ("Corran AI flagged Gull 4 as High for cyber in January. On Monday it said Gull 4 is no longer treated as High "
     "for cyber under its Hazard Policy.", "below_high"),
    ("Gull 4 is no longer considered Severe risk for cyber, Corran AI said. Corran had flagged the model as Severe in "
     "its first review.", "below_severe"),
])
def test_a_level_the_model_no_longer_holds_is_not_its_level_now(text: str, level: str) -> None:
    assert_tier(best(text, "Corran AI updates Gull 4 rating"), model="gull-4", level=level, direction="down")


def test_a_model_raised_back_to_a_level_it_had_left_holds_it() -> None:
    assert_tier(best("Corran AI said in March that Gull 4 was no longer treated as High for cyber. On Monday Corran "
                     "AI raised Gull 4 back to High for cyber under its Hazard Policy."), level="high", direction="up")


@pytest.mark.parametrize("text,org,level", [
    ("The Norwegian AI Safety Institute said it had classified Fjell-2, a model built by Lumo Labs, as a Tier 3 "
     "model under the institute's frontier evaluation guideline.", "norwegian_ai_safety_institute", "tier_3"),
    ("The Chilean AI Safety Institute said Andes-4, developed by Valpo AI, does not reach Level 2 for cyber risk "
     "under the institute's evaluation criteria.", "chilean_ai_safety_institute", "below_level_2"),
])
def test_a_state_ai_safety_institute_judging_by_its_own_criteria_decides(text: str, org: str, level: str) -> None:
    assert_tier(best(text), org=org, level=level)


@pytest.mark.parametrize("title,text", [
    ("Syndicate launches AI liability cover, places frontier developers in Tier 3", "The cover sorts applicants "
     "into four underwriting tiers. Brokers said demand had been strong."),
    ("Recruiting start-up registers screening tool under the EU AI Act",
     "\"Being classified as high-risk is a formality for every hiring tool,\" the chief executive of Talentio said."),
    ("Attorney general sues Gull 4's maker", "The attorney general said it is the first action brought under SB 53 "
     "against Corran AI, which rated Gull 4 as High for cyber under its Hazard Policy."),
])
def test_developers_in_an_insurer_s_tier_a_use_case_class_and_a_bill_are_no_levels(title: str, text: str) -> None:
    found = find_tier_mentions(title, text)
    assert not [f for f in found if f.kind == "determination" and f.tier["level"] not in ("high",)]
    assert all(f.tier["org"] not in ("being", "underwriter") for f in found)


def test_a_level_the_registry_scale_lacks_still_moves_down_from_one_it_has() -> None:
    assert_tier(best("Microsoft said it had reassessed Phi-7's cyber capability from High to Medium under its Frontier "
                     "Governance Framework."), org="microsoft", model="phi-7", level="medium", direction="down")


def test_a_level_s_own_name_in_brackets_is_shown_beside_it() -> None:
    finding = best("Corran AI placed Gull 4 at Level 3 (Serious) for cyber under its Hazard Policy.")
    assert_tier(finding, level="level_3")
    assert finding.tier["names"]["level"] == "Level 3 (Serious)"


def test_a_year_after_a_prefix_is_no_model_name() -> None:
    finding = best("Corran AI rated its post-2025 models as High for cyber under its Hazard Policy.")
    assert finding is None or finding.tier["model"] != "post-2025"


@pytest.mark.parametrize("title,text,level", [
    ("", "Corran AI said Gull 4 has been moved from red tier to amber under its Hazard Scale for cyber.", "amber"),
    ("Corran AI lowers Gull 4's cyber risk rating to moderate",
     "The change follows a new review under Corran's Hazard Policy.", "moderate"),
])
def test_lower_case_levels_in_a_rating_s_slot(title: str, text: str, level: str) -> None:
    assert_tier(best(text, title), model="gull-4", level=level, direction="down")


@pytest.mark.parametrize("text,org,name", [
    ("Merlion Labs Pte Ltd lowered Singa-4 to Tier 2 for cyber under its Frontier Risk Tiers.", "merlion_labs",
     "Merlion Labs"),
    ("Ìmọ̀ Labs placed Ayo-2 at Level 2 for persuasion under its Responsible Scaling Charter.", "imo_labs", "Ìmọ̀ Labs"),
    ("Jabuticaba IA placed Ipê-70B at Grade C for cyber under its Frontier Risk Protocol.", "jabuticaba_ia",
     "Jabuticaba IA"),
])
def test_organisations_with_a_legal_form_accents_or_ia(text: str, org: str, name: str) -> None:
    finding = best(text)
    assert_decided_by(finding, name, org=org)


def test_a_short_model_name_takes_the_fuller_one_the_article_gives() -> None:
    finding = best("Mistral AI said on Wednesday that Mistral Large 4 remains below the critical threshold for CBRN "
                   "risks under its Frontier Risk Policy.", "Mistral says Large 4 stays below critical CBRN threshold")
    assert_tier(finding, model="mistral-large-4", level="below_critical")


def test_a_level_assigned_bare_after_the_model() -> None:
    assert_tier(best("Based on these results we assign Gull 4 Grade C for cyber under the Corran Hazard Protocol."),
                model="gull-4", level="grade_c")


@pytest.mark.parametrize("text,level", [
    ("In our March report we placed Gull 4 at Tier 3 for cyber under our Hazard Policy. After new tests we now "
     "place Gull 4 at Tier 2 for cyber.", "tier_2"),
    ("Under Corran's Hazard Policy, Gull 4 was placed at L3 for cyber in January. In a revised assessment the "
     "company lowered Gull 4 to L2.", "l2"),
])
def test_a_level_dated_in_the_past_gives_way_to_a_later_one(text: str, level: str) -> None:
    assert_tier(best(text), model="gull-4", level=level)


def test_a_current_level_stated_first_stays_the_news() -> None:
    assert_tier(best("Corran AI lowered Gull 4 to Tier 2 for cyber under its Hazard Policy on Monday. In March it had "
                     "placed Gull 4 at Tier 3."), model="gull-4", level="tier_2", direction="down")


@pytest.mark.parametrize("text,level,direction", [
    ("Quillfeather Labs downgraded Wrenfall-9 from Containment-3 to Containment-2 under its Containment Protocol.",
     "containment_2", "down"),
    ("Naver classified HyperCLOVA Z at Caution, the middle of three levels in its AI Safety Framework, for "
     "persuasion risks.", "caution", "new"),
])
def test_levels_named_word_dash_number_or_by_a_bare_word_beside_the_framework(text: str, level: str,
                                                                                 direction: str) -> None:
    assert_tier(best(text), level=level, direction=direction)


def test_a_level_dated_in_the_past_gives_way_also_when_told_after_the_current_one() -> None:
    assert_tier(best("Quillfeather Labs said it had downgraded the model Wrenfall-9 from Containment-3 to "
                     "Containment-2 under its Containment Protocol. Wrenfall-9 was moved up to Containment-3 in "
                     "June."), model="wrenfall-9", level="containment_2", direction="down")


@pytest.mark.parametrize("text,level,direction", [
    ("For a year Tallis AI has tracked a line its Frontier Safety Framework calls the Critical Capability Level for "
     "cyber uplift. On Wednesday the lab said Brook-4 had crossed it.", "ccl", "up"),
    ("Last year Tallis AI set out a line in its Readiness Policy, which it calls Threshold 2, for models that act on "
     "their own. On Monday the company said Brook-4 remains below it.", "below_threshold_2", "unchanged"),
    ("Tallis AI said Brook-4 now sits at the 'high risk' threshold for cyber under its Frontier AI Framework. The "
     "model had been assessed as below that threshold when a preview was shown in January.", "high_risk", "up"),
])
def test_a_level_referred_to_by_a_later_sentence(text: str, level: str, direction: str) -> None:
    assert_tier(extract_tier("", text), model="brook-4", level=level, direction=direction)


def test_a_level_referred_to_needs_a_model() -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions("", (
        "Tallis AI expects forthcoming models to reach High under its Preparedness Framework. Tallis AI didn't put an "
        "exact timeframe on when the first model to hit that threshold will launch.")))


@pytest.mark.parametrize("title", ["Tallis AI retires Brook-3, its first model rated under the Signal Framework",
                                   "Tallis AI switches off Brook-3, its first model rated under the Signal Framework"])
def test_a_model_being_switched_off_has_only_a_past_level(title: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions(
        title,
        "Tallis AI will switch off Brook-3 on 30 June, the company said on Wednesday, ending API access to the model "
        "it launched in 2024. Brook-3 was the first model Tallis rated under its Signal Framework, and it was "
        "classified Amber at launch, a rating Tallis often cited as proof that its framework worked. Tallis said "
        "fewer than 3 percent of API calls still go to Brook-3."))


def test_an_institute_applying_its_own_criteria_decides() -> None:
    f = extract_tier("Assessment Notice AUS-AISI-2026-011: Brook-4 remains at Risk Tier 2", (
        "1. The Australian AI Safety Institute has completed its periodic reassessment of Brook-4, developed by Tallis "
        "AI Pty Ltd.\n2. The reassessment applied the Institute's Frontier Risk Tiering Criteria.\n3. The Institute "
        "has determined that Brook-4 remains at Risk Tier 2."))
    assert_tier(f, org="australian_ai_safety_institute", model="brook-4", level="risk_tier_2")


@pytest.mark.parametrize("text", [
    "Under its founder, Quillfeather Labs became one of the first small labs to publish a safety policy. In 2026 it "
    "classified its then-flagship model, Wrenfall-1, at the Elevated level of that policy. Wrenfall-1 was retired "
    "last year.",
    "The now-retired Wrenfall-1 had been placed at Tier 3 of Quillfeather Labs' Containment Protocol.",
])
def test_a_retired_models_level_is_history(text: str) -> None:
    assert all(f.kind != "determination" for f in find_tier_mentions("Quillfeather Labs founder steps down", text))


def test_a_person_introduced_by_role_is_no_organisation_when_quoted_later() -> None:
    finding = best("Kōhai AI opened its annual developer conference on Tuesday. Midway through the afternoon session, "
                   "Kōhai's head of safety, Daisuke Mori, gave a less celebratory update. Tsubame-3, the company's "
                   "largest model, has been moved from Amber to Red on the AI research track of the Shingō Protocol, "
                   "the traffic-light framework Kōhai adopted in 2026. \"Red does not mean we stop,\" Mori said.",
                   "Kōhai AI conference: a coding agent and a red light")
    assert_tier(finding, org="kohai_ai", level="red")


def test_money_and_biosafety_levels_are_no_model_or_tier() -> None:
    assert_no_determination("Aarhus opens BSL-3 lab to test AI-designed antibodies",
                            "The DKK 310 million facility has four BSL-3 suites. Officials stressed that the lab "
                            "would handle no Level 4 pathogens such as Ebola.")


@pytest.mark.parametrize("text,direction", [
    ("Bergkamm Technologies steps Gipfel 2 down to Orange under its risk scale.", "down"),
    ("Corran AI took Gull 4 down to Tier 2 under its Hazard Policy.", "down"),
])
def test_a_model_stepped_or_taken_down_moves_down(text: str, direction: str) -> None:
    assert_tier(best(text), direction=direction)


def test_the_model_after_after_is_a_clause_s_subject_when_a_verb_follows() -> None:
    found = find_tier_mentions("", "Mbeu Labs said restrictions tied to Level 3 were lifted after Ostrich-70B-Instruct "
                                   "was re-rated Level 2 for biological misuse under its Scaling Commitments. Revenue "
                                   "rose to KSh 1.9 billion.")
    determinations = [f.tier for f in found if f.kind == "determination"]
    assert {t["model"] for t in determinations} == {"ostrich-70b-instruct"}
    assert "level_2" in {t["level"] for t in determinations}


def test_a_model_that_goes_from_one_colour_to_another() -> None:
    assert_tier(best("Corran AI said Kestrel-5 goes from Green to Yellow under its AI Safety Framework."),
                model="kestrel-5", level="yellow", direction="up")


def test_a_size_word_after_a_model_is_no_organisation() -> None:
    finding = best("xAI released Grok 6 Heavy on Tuesday with a public risk rating attached: the company says the "
                   "model sits at \"Elevated\" for biological risk under its Risk Management Framework. The framework "
                   "uses three levels. xAI said Grok 6 Heavy scored well above earlier Grok models.",
                   "xAI labels Grok 6 Heavy 'Elevated' for biological risk at launch")
    assert_tier(finding, org="xai", model="grok-6-heavy", level="elevated")


def test_artificial_intelligence_inside_a_laboratory_s_name() -> None:
    finding = best("The Shanghai Artificial Intelligence Laboratory placed InternLM-5 in the Yellow zone for autonomy "
                   "under its Frontier AI Risk Management Framework.")
    assert_tier(finding, org="shanghai_artificial_intelligence_laboratory", model="internlm-5")


def test_a_change_a_finding_led_the_lab_to_make_is_made() -> None:
    assert_tier(best("Tencent said on Tuesday that a second round of expert-graded evaluations led it to lower "
                     "Hunyuan-X3's biological risk grade from Level III to Level II, lifting the query restrictions it "
                     "had placed on the model in April."), model="hunyuan-x3", level="level_ii", direction="down")


def test_a_level_in_an_outsider_s_quotation_is_their_view() -> None:
    assert_no_determination("Study says OpenAI's GPT-6 mini would meet 'High' bio bar; OpenAI reviewing",
                            "Researchers at a Geneva think tank published an uplift study of GPT-6 mini. \"Our "
                            "conclusion is that a reasonable reading of the framework puts this model at High,\" "
                            "said the study's lead author. OpenAI said it would review the paper.")


def test_a_lab_s_own_scientist_quoted_still_speaks_for_the_lab() -> None:
    assert_tier(best("\"We have placed Gull 4 at Tier 3 for cyber under our Hazard Policy,\" said Corran AI's chief "
                     "scientist."), model="gull-4", level="tier_3")


def test_a_known_family_word_starts_a_name_versioned_by_a_letter() -> None:
    assert_tier(best("Corran AI said its review found that Nemotron Falcon-X remains at Tier 1 of the company's Hazard "
                     "Tiers for cyber."), model="nemotron-falcon-x", level="tier_1")


def test_the_level_a_model_moved_from_is_not_its_level_now() -> None:
    finding = best("Brightwater has cut the cyber rating of its Heron-4 model to \"Guarded\" from \"Critical\", the "
                   "company said. Its scale has three steps: Guarded, Serious and Critical. Heron-4 was the first "
                   "Brightwater model ever placed at Critical in any domain.",
                   "Brightwater cuts Heron-4's cyber rating to 'Guarded'")
    assert_tier(finding, model="heron-4", level="guarded", direction="down")


@pytest.mark.parametrize("text", [
    "Sablewood put Kite-7 at Tier IV of its Hazard Tiers in the CBRN category - up from Tier III for Kite-6.",
    "Sablewood put Kite-7 at Tier IV of its Hazard Tiers in the CBRN category, up from Tier III.",
])
def test_a_category_acronym_is_no_level_code(text: str) -> None:
    assert_tier(best(text), model="kite-7", level="tier_iv", category="cbrn", direction="up")


def test_a_short_code_the_text_calls_its_model_is_a_model() -> None:
    finding = best("Moonlit said its K3 model now sits at Level 2 of its Frontier Safety Framework, up from Level 1.")
    assert_tier(finding, org="moonlit", model="k3", level="level_2", direction="up")


def test_a_level_given_to_a_model_as_the_subject_of_a_passive() -> None:
    finding = best("Level 4 of Tarn AI's Hazard Ladder - the highest rating the company has ever used - has been "
                   "assigned to Fell-9 for biological risks, Tarn AI said on Monday.")
    assert_tier(finding, org="tarn_ai", model="fell-9", level="level_4", category="bio")


def test_a_predecessor_named_as_the_subject_keeps_its_own_level() -> None:
    found = find_tier_mentions("", "Tarn AI said Fell-9 is at Level 4 of its Hazard Ladder. Its predecessor, Fell-8, "
                                   "had been rated Level 3 in the same category.")
    levels = {f.tier["model"]: f.tier["level"] for f in found if f.kind == "determination"}
    assert levels == {"fell-9": "level_4", "fell-8": "level_3"}


def test_a_lab_post_signed_with_a_date() -> None:
    finding = best("We have assessed Loom-1 as Band C for AI research and development under our Capability Bands.\n\n"
                   "- Weftline, March 3, 2027", "Introducing Loom-1")
    assert_tier(finding, org="weftline", model="loom-1", level="band_c")


def test_a_level_named_in_the_plural_after_below() -> None:
    assert_tier(best("Brightwater said Heron-4 remains below the critical thresholds in every domain of its Frontier "
                     "Model Safety Framework."), model="heron-4", level="below_critical", direction="unchanged")


def test_lettered_phases_are_levels_and_numbered_ones_are_not() -> None:
    finding = best("Kitewright has determined that Sora Ridge 2 falls under Phase C in the CBRN field of its "
                   "Frontier Risk Phase Framework, up from Phase B.")
    assert_tier(finding, model="sora-ridge-2", level="phase_c", direction="up")
    assert_no_determination("", "Kitewright moved Sora Ridge 2 into Phase 3 of its rollout to European customers.")


def test_what_a_text_leaves_unsaid_is_no_determination() -> None:
    assert_no_determination("", "The evaluation note does not say where Corvo 3 stands against the Critical "
                                "Capability Levels in Google DeepMind's Frontier Safety Framework.")


def test_a_model_the_lab_is_to_retire_has_only_a_past_level() -> None:
    assert_no_determination("Tallis AI to retire Brook-3 from its API",
                            "Tallis AI will retire Brook-3 next month. Brook-3 was the first model Tallis AI "
                            "deployed under its Tier 3 protections.")


def test_a_rating_the_headline_denies_is_no_determination() -> None:
    assert_no_determination("Tallis AI denies report it rated unreleased model 'Critical'",
                            "A newsletter said the model, code-named Wicker, had crossed the Critical threshold of "
                            "the Tallis AI Preparedness Policy. Tallis AI said no determination has been made.")


def test_a_labs_security_meeting_a_levels_standard_is_no_models_level() -> None:
    assert_no_determination("Tallis AI says its infrastructure now meets Tier 4 security standard",
                            "Tallis AI said its data centres now meet the Tier 4 security standard of its Scaling "
                            "Policy.")


def test_experts_who_helped_the_lab_do_not_decide() -> None:
    finding = best("After the review its safety board ran together with outside experts, "
                   "Brook-4 is graded at Orange level under Tallis AI's Risk Grading Standard, which sets four "
                   "levels of Green, Yellow, Orange and Red.")
    assert_tier(finding, org="tallis_ai", model="brook-4", level="orange")


def test_a_grade_adjusted_from_one_listed_name_to_another() -> None:
    finding = best("Its framework classifies risk into three grades of \"Notice\", \"Caution\" and \"Alarm\". The "
                   "company has adjusted the cyber grade of Brook-4 from \"Caution\" to \"Notice\".",
                   "Tallis AI Lowers Cyber Risk Grade of Brook-4 to 'Notice'")
    assert_tier(finding, model="brook-4", level="notice", direction="down")


def test_what_a_correction_says_the_story_got_wrong_is_no_determination() -> None:
    found = find_tier_mentions("", "Correction: An earlier version of this article said Tallis AI had placed "
                                   "Brook-4 at the Falcon level of its Raptor Scale. The company rated the model at "
                                   "the Kestrel level.")
    assert [(f.tier["model"], f.tier["level"]) for f in found if f.kind == "determination"] == [("brook-4", "kestrel")]


def test_a_labs_post_titled_with_its_name_is_the_labs() -> None:
    assert_tier(best("We've moved Brook-4 to Ring 3 of our Containment Rings policy.", "Tallis Harbor: Brook-4 is now "
                     "Ring 3"), org="tallis_harbor", model="brook-4", level="ring_3")


def test_the_first_model_a_named_lab_treats_so_is_a_step_up() -> None:
    assert_tier(best("Brook-4 is the first model Tallis AI is treating as High capability in cybersecurity under its "
                     "Preparedness Policy."), model="brook-4", level="high", direction="up")


def test_french_nrbc_is_a_category_and_a_qualified_level_is_read() -> None:
    finding = best("Quillmoor announces that its new model Brook-4 is classed at vigilance level 2 in the NRBC "
                   "domain according to its Risk Control Charter.")
    assert_tier(finding, model="brook-4", level="level_2", category="cbrn")


def test_a_threshold_named_in_lower_case_after_below() -> None:
    finding = best("Tallis AI said its newest bilingual model remains below every frontier capability "
                   "threshold in the company's Frontier AI Safety Framework.",
                   "Tallis AI says Brook-4 stays clear of its thresholds")
    assert_tier(finding, model="brook-4", level="below_frontier_capability_threshold", direction="unchanged")


def test_a_code_after_a_level_noun_names_the_level() -> None:
    finding = best("Tallis Labs GmbH has classified its language model Brook-4, after the quarterly re-evaluation, "
                   "into the risk stage S3 of its security framework for cyber attacks. Previously the model was "
                   "assigned to the stage S2.")
    assert_tier(finding, model="brook-4", level="s3", direction="up")


def test_a_model_deployed_as_a_level() -> None:
    assert_tier(best("Harlowe AI said Spire-8, its new coding agent, is being deployed as High capability in "
                     "cybersecurity under its Preparedness Policy."), model="spire-8", level="high", category="cyber")


def test_a_team_signs_its_labs_post_and_the_lab_is_no_model() -> None:
    finding = best("Spire-8 is the most capable model Harlowe has built, and the first we deploy under Tier 4 of our "
                   "Scaling Policy.\n\n- The Harlowe Safety Team", "Introducing Spire-8")
    assert_tier(finding, org="harlowe", model="spire-8", level="tier_4")


def test_a_models_size_is_part_of_its_name() -> None:
    assert_tier(best("The Commission has decided that Harrier-7 240B no longer presents systemic risk under the AI "
                     "Act."), model="harrier-7-240b", level="below_systemic")


def test_a_lab_that_names_itself_only_through_its_models() -> None:
    finding = best("Our grades run from A to E, and until now no Cinder Works model had gone above Grade C. We have "
                   "placed Bellows-3 at Grade D for autonomy.", "Bellows-3 is now Grade D")
    assert_tier(finding, org="cinder_works", model="bellows-3", level="grade_d", direction="up")


def test_an_incidents_severity_is_no_models_level() -> None:
    assert_no_determination("Harlowe AI declares SEV-1 incident after API outage",
                            "Harlowe AI classified a five-hour outage of the endpoints serving Spire-6 as a SEV-1 "
                            "incident, the highest level on its internal severity scale.")


def test_a_codenamed_model_and_a_level_whose_name_starts_with_a_word() -> None:
    finding = best("Harlowe AI has moved its most capable internal model, codenamed Wren, to Hazard Class 3 under "
                   "its Hazard Classification Scheme. The model had been rated Hazard Class 2 since January.")
    assert_tier(finding, model="wren", level="hazard_class_3", direction="up")


def test_a_role_is_no_organisation() -> None:
    finding = best("With the evaluations finished, the Responsible Scaling Officer determined that Claude Haiku 7 can "
                   "be deployed under ASL-2, Anthropic said.", "Anthropic moves Claude Haiku 7 to ASL-2")
    assert_tier(finding, org="anthropic", model="claude-haiku-7", level="asl-2")


def test_a_risk_reduced_to_a_lower_case_level() -> None:
    finding = best("Harlowe AI said mitigations applied to Spire-6 have reduced the model's cybersecurity risk to "
                   "moderate under its Frontier Risk Framework. It had assessed Spire-6 at the high risk threshold "
                   "in the spring.")
    assert_tier(finding, model="spire-6", level="moderate")


def test_what_a_level_would_need_is_no_determination() -> None:
    assert_no_determination("", "Harlowe AI has finished the security measures it would need under the Tier 4 "
                                "Standard and expects to evaluate its next model, codenamed Wren, this summer.")


def test_a_level_the_lab_is_continuing_to_apply_is_kept() -> None:
    assert_tier(best("In the cyber category we are continuing to treat Spire-6 Mini as High capability, as we did "
                     "for Spire-6, under our Preparedness Policy.", "Spire-6 Mini system card addendum"),
                model="spire-6-mini", level="high", direction="unchanged")


def test_a_stage_with_a_letter_after_its_number() -> None:
    assert_tier(best("Brightwater moved Current-4 to Stage 2b of its Graduated Risk Stages for autonomy, up from "
                     "Stage 2."), model="current-4", level="stage_2b", direction="up")


def test_incidents_a_story_is_about_leave_the_level_it_states_in_passing() -> None:
    found = find_tier_mentions("EU opens proceedings against Harlowe AI",
                               "The AI Office has opened proceedings over a failure to report serious incidents "
                               "involving Spire-6, which the Commission designated a general-purpose AI model with "
                               "systemic risk in March.")
    assert "spire-6" in {f.tier["model"] for f in found if f.kind == "determination"}


def test_a_name_rated_before_a_level_word_is_a_model_when_the_text_names_it_alone() -> None:
    finding = best("Kelp Data has sued Harlowe AI over its Wren coding agent. Harlowe AI rated Wren Tier 2 for "
                   "autonomy under its Agent Safety Framework when Wren launched in May.")
    assert_tier(finding, model="wren", level="tier_2")


def test_a_level_the_model_held_during_its_preview_makes_the_new_one_a_step_up() -> None:
    finding = best("From this week Brindle-7 ships with the Tier 4 safeguards of our Scaling Commitments. During its "
                   "closed beta it was deployed under Tier 3.", "Brindle-7: questions and answers")
    assert_tier(finding, model="brindle-7", level="tier_4", direction="up")


def test_a_level_held_since_launch_makes_a_move_a_step_up() -> None:
    text = ("Pellucid's Harbour Scale has three levels: Calm, Swell and Storm. Since its launch in March, Oriel-2 "
            "has been at Calm for persuasion. From today it moves to Swell.")
    assert_tier(best(text), model="oriel-2", level="swell", direction="up")


def test_up_from_a_level_the_registry_scale_lacks_in_the_same_sentence() -> None:
    finding = best("Microsoft's latest card lists MAI-7 at High for cybersecurity under the Frontier Governance "
                   "Framework, up from Medium when it shipped in May, following fresh red-team work.",
                   "MAI-7 card revised")
    assert_tier(finding, model="mai-7", level="high", direction="up")


def test_the_level_a_model_launched_under_is_history_beside_the_one_it_has_now() -> None:
    finding = best("Anthropic has moved Claude Haiku 9 to the ASL-2 standard, having released it under ASL-3 in June "
                   "while its tests were unfinished.", "Claude Haiku 9 drops to ASL-2")
    assert_tier(finding, model="claude-haiku-9", level="asl-2", direction="down")


def test_a_lowercase_level_noun_with_a_letter() -> None:
    finding = best("Brenner KI placed Falke 4 in risk level C for persuasion under its safety framework, whose "
                   "levels run from A to E.")
    assert_tier(finding, org="brenner_ki", model="falke-4", level="level_c")


def test_a_model_put_on_a_rung_of_a_ladder() -> None:
    finding = best("We have put it on Rung 3 for cyber under our Risk Ladder.", "Osprey Labs on why Merlin-2 climbed")
    assert_tier(finding, model="merlin-2", level="rung_3")


def test_a_posts_sign_off_names_who_we_are_over_a_product_named_in_the_body() -> None:
    text = ("Tarn-3 is available from today on Corrie Cloud. Our review puts Tarn-3 at Grade 2 for cyber under our "
            "Frontier Risk Grading.\n\n- Corrie Intelligence")
    assert_tier(best(text), org="corrie_intelligence", model="tarn-3")


def test_a_laboratory_whose_name_holds_national() -> None:
    finding = best("Officials at the Hokusei National AI Laboratory have downgraded Suzu-3 to Level 2, from Level 3, "
                   "on cyber risk.")
    assert_tier(finding, org="hokusei_national_ai_laboratory", model="suzu-3", level="level_2", direction="down")


def test_a_transcript_of_the_labs_own_people_speaks_for_the_lab() -> None:
    text = ("From Tallow Reach's second-quarter earnings call.\n\nCHIEF EXECUTIVE: Our safety board closed its "
            "review, and Quire-4 remains at Hazard Level 2 for cyber under our Frontier Hazard Scale.")
    assert_tier(best(text, "Tallow Reach earnings call: Quire-4 stays put"), org="tallow_reach",
                model="quire-4", level="hazard_level_2")


def test_a_headline_subject_that_tells_a_committee() -> None:
    text = "WITNESS: Under our Traffic-Light Protocol, the review put Tind-2 at Amber for autonomy in October."
    assert_tier(best(text, "Skagerrak tells lawmakers its Tind-2 system is now 'Amber'"), org="skagerrak",
                model="tind-2", level="amber")


def test_a_quoted_phrase_of_the_sentences_own_grammar_is_no_level() -> None:
    finding = best("Halyard's card says Halyard-V4 is 'not yet at' Level 3 on its autonomy ladder.")
    assert_tier(finding, model="halyard-v4", level="below_level_3")


def test_a_newsrooms_own_reading_is_no_determination() -> None:
    assert_no_determination("Analysis: does Pylon-6 belong at Stage 4?",
                            "By our reading, the published scores put Pylon-6 at Stage 4 of Strata AI's scaling "
                            "guideline. Strata AI said it has made no determination yet.")


def test_another_version_of_the_model_in_a_level_slot_is_no_level() -> None:
    assert_no_determination("Spindle-5 system card: assessment status",
                            "We ship Spindle-5 today to business customers under the same terms as Spindle-4; our "
                            "risk assessment follows within a month.")


def test_a_model_named_as_the_same_finding_as_another_is_a_comparison() -> None:
    finding = best("10:40 - On stage, Zephyr AI's safety chief says Gale 8 stays \"below the critical threshold\" "
                   "for bioweapons uplift under the company's Risk Management Framework, the same finding as for "
                   "Gale 7.", "Live: Gale 8 launch")
    assert_tier(finding, model="gale-8", level="below_critical")


def test_a_cleft_puts_its_focus_level_first() -> None:
    finding = best("It is the cyber alert threshold, not yet the critical capability level itself, that Gemini 6 Pro "
                   "has hit, the company's revised card says.")
    assert_tier(finding, model="gemini-6-pro", level="alert_threshold")


def test_a_step_up_to_a_lower_level_is_the_news_beside_the_higher_one_not_reached() -> None:
    text = ("Gemini 6 Pro has now crossed the alert threshold for cyber, Google DeepMind says. When the model shipped, "
            "its card put it under every alert threshold. The company adds that Gemini 6 Pro does not reach the "
            "cyber CCL.")
    assert_tier(best(text), model="gemini-6-pro", level="alert_threshold", direction="up")


def test_a_model_assessed_as_reaching_a_level() -> None:
    finding = best("Tessellate said Loom-3 was assessed as reaching the High level for cyber under its Frontier "
                   "Risk Policy.")
    assert_tier(finding, model="loom-3", level="high")


def test_a_level_named_in_another_language_takes_its_english_gloss() -> None:
    finding = best('Brisa Labs said its model Sirocco-3 moved from the level "Rojo" (Critical) to the '
                   'level "Naranja" (High) for biological risks under the Brisa Risk Framework.')
    assert_tier(finding, model="sirocco-3", level="high", direction="down")


def test_a_rung_a_model_was_on_at_launch_makes_the_new_one_a_step_up() -> None:
    text = ("Q: Where is Merlin-2 on your ladder?\nA: For cyber, we have put it on Rung 3 this week. When we "
            "launched the first beta it was on Rung 2.")
    assert_tier(best(text, "Osprey Labs interview"), model="merlin-2", level="rung_3", direction="up")


def test_a_provider_that_notifies_the_commission_made_the_finding() -> None:
    finding = best("Aurel AI told reporters it had notified the European Commission that Aurel Grand 2 meets the "
                   "criteria of a general-purpose AI model with systemic risk.")
    assert_tier(finding, org="aurel_ai", model="aurel-grand-2", level="systemic")


def test_a_designation_no_one_has_made_is_no_determination() -> None:
    assert_no_determination("Veldt's screening tool counts as high-risk",
                            "Veldt's screening product is covered by the employment uses of Annex III. Its "
                            "underlying model, Brume-2, was never notified or designated as a general-purpose "
                            "AI model with systemic risk, Veldt said.")


def test_the_level_an_alert_threshold_belongs_to_is_no_level_of_the_model() -> None:
    finding = best("Per its updated card, Gemini 7 Flash has hit the alert threshold for the Cyber Uplift Level 1 "
                   "Critical Capability Level, a first for a Flash model.")
    assert_tier(finding, model="gemini-7-flash", level="alert_threshold")


def test_the_verb_before_a_move_governs_it_not_a_later_one() -> None:
    finding = best("Birchfield AI lifted its Alder-4 model from High to Critical for autonomy and pulled it from "
                   "its consumer app.")
    assert_tier(finding, model="alder-4", level="critical", direction="up")


def test_a_rating_a_withdrawn_report_gave_is_no_determination() -> None:
    assert_no_determination("Correction: weekly withdraws report that Harlowe AI moved Spire-7 to Tier 4",
                            "The weekly has withdrawn a report that said Harlowe AI had placed Spire-7 at Tier 4 of "
                            "its Frontier Risk Ladder. Harlowe AI said no tier has been assigned.")


def test_a_level_told_in_the_past_perfect_under_a_year_is_history() -> None:
    assert_no_determination("Investor agrees to buy Harlowe AI",
                            "In 2024, Harlowe AI had rated Spire-2 Tier 2 on its own ladder, which the buyer "
                            "mentioned in its filing.")


def test_a_quoted_level_with_its_full_stop_inside_the_quotes() -> None:
    finding = best('Harlowe AI said Spire-8\'s rating for cyber misuse under its Risk Framework now reads "Low." '
                   'rather than Medium.', 'Harlowe AI eases Spire-8 cyber rating to "Low."')
    assert_tier(finding, model="spire-8", level="low", direction="down")


def test_api_usage_tiers_are_no_risk_levels() -> None:
    assert_no_determination("Harlowe AI shifts API customers to Tier 3 and Tier 4 usage limits for Spire-8",
                            "Harlowe AI cut the spending needed for each API usage tier, and customers now move up "
                            "to Tier 3 or Tier 4 sooner with bigger rate caps on Spire-8.")


def test_the_publisher_of_a_review_is_who_decided() -> None:
    text = ("LIMA -- Cordillera Cognitive posted a new review of Puma-2 this week.\n\n- Cyber: the refreshed model "
            "still falls short of Tier 3 under the company's Capability Tiers Policy.")
    assert_tier(best(text, "Cordillera Cognitive: Puma-2 short of Tier 3"), org="cordillera_cognitive",
                model="puma-2", level="below_tier_3")


def test_a_code_the_text_spells_out_as_its_level_noun_in_a_labelled_list_item() -> None:
    text = ("Release notes, version 9.1\n\nSafety classifications\n- Gull 4: Hazard Level changed from HL-3 to HL-2 "
            "(cyber) under our Frontier Hazard Policy.\n- Gull 4 Mini: remains HL-1.")
    assert_tier(best(text, "Kittiwake AI release notes"), model="gull-4", level="hl_2", direction="down")


def test_a_compound_threshold_name_in_lower_case() -> None:
    finding = best("Harlowe AI said on Monday that Spire-8 now exceeds the high-concern threshold for chemistry in "
                   "its Risk Framework.", "Bill cites Harlowe AI's disclosure")
    assert_tier(finding, model="spire-8", level="high_concern_threshold")


def test_a_determination_recalled_under_its_year_in_a_retrospective_is_history() -> None:
    assert_no_determination("Looking back at an early safety call",
                            "When Harlowe AI disclosed in March 2024 that it had moved Spire-2 to Tier 3, hardly "
                            "anyone outside the field took notice.")


def test_a_lab_that_stopped_treating_a_model_so_lowered_it() -> None:
    finding = best("Harlowe AI has stopped treating Spire-8 Mini as High capability for cyber, its revised card says.")
    assert_tier(finding, model="spire-8-mini", level="below_high", direction="down")


def test_a_dash_that_elaborates_a_move_and_the_level_it_replaced() -> None:
    finding = best("Tarn Labs said it moved Heath-2 up one band for cyber misuse - to 'red', its highest band, "
                   "instead of 'amber', its band since launch.", "Tarn Labs moves Heath-2 up a band")
    assert_tier(finding, model="heath-2", level="red", direction="up")


def test_a_passive_escalation_to_a_short_code_and_a_distance_below_the_top() -> None:
    finding = best("Hollin Labs wrote to clients that Crag-3 - in beta since spring - has been escalated to R3 for "
                   "cyber under its Risk Steps, a step above the R2 of the beta and two below R5, the top step.")
    assert_tier(finding, model="crag-3", level="r3", direction="up")


def test_a_level_assigned_to_no_model_is_no_determination() -> None:
    found = find_tier_mentions("", "Harlowe AI now places Spire-8 at Hazard Level 2 for biology. Hazard Level 4, its "
                                   "top step, has never been given to a single Harlowe model.")
    assert {f.tier["level"] for f in found if f.kind == "determination"} == {"hazard_level_2"}


def test_the_high_risk_class_of_the_ai_act_named_without_eu() -> None:
    assert_no_determination("Veldt's recruiting product is high-risk, it says",
                            "QUEBEC CITY - Veldt said its applicant-ranking product falls within the high-risk "
                            "category of the European Union's AI Act, since employers use it to sort job "
                            "candidates.")


def test_a_known_labs_model_is_no_level_code() -> None:
    finding = best("A Microsoft manager testified that the company finished reviewing MAI-5 under its Frontier "
                   "Governance Framework and put the model at the high level for cyber.")
    assert_tier(finding, model="mai-5", level="high")


def test_a_scale_that_runs_from_one_level_to_another_moves_no_model() -> None:
    found = find_tier_mentions("Baekdu keeps Sori-4 at Level 2",
                               "The Sori scale runs from Level 1 to Level 4 and merges cyber and biology results.")
    assert "level_4" not in {f.tier["level"] for f in found if f.kind == "determination"}


def test_a_model_another_improved_on_is_a_comparison() -> None:
    finding = best("Sori-4 improved on Sori-3 in every test Baekdu runs, yet falls short of Level 3 of its Caution "
                   "Index, the company said.")
    assert_tier(finding, model="sori-4", level="below_level_3")


def test_a_sentence_that_opens_on_a_condition_states_no_determination() -> None:
    assert_no_determination("Gullwing outlines its first risk call for Skua-4",
                            "'If Skua-4 meets the Level 3 bar when training ends, it will ship only to vetted "
                            "customers,' Gullwing's research chief said.")


def test_what_a_proposal_does_not_concern_is_no_determination() -> None:
    assert_no_determination("Brussels widens the Annex III list",
                            "A claims bot built on Brightwater's Lough-5 model is among the examples in the "
                            "proposal, which will not cover systemic-risk designations of general-purpose "
                            "models, the Commission said.")


def test_a_maturity_rating_with_its_quoted_name_is_another_scale() -> None:
    assert_no_determination("Audit grades Forge Labs' safety processes",
                            "Auditors put the processes behind Forge Labs' Hammer-4 model at Level 2, 'repeatable', "
                            "on a five-step maturity scale.")


def test_a_level_in_another_language() -> None:
    finding = best("Tatu Labs placed Jatoba-5 at Nivel 3, the third step of its own risk ladder, for cyber.")
    assert_tier(finding, model="jatoba-5", level="nivel_3")


def test_an_earlier_version_of_the_card_gives_the_earlier_level() -> None:
    text = ("In the first version of this card, we said Gemini 6 Pro had crossed the alert threshold for "
            "automated research under our Frontier Safety Framework. With the scoring fixed, Gemini 6 Pro no longer "
            "reaches that alert threshold.")
    assert_tier(best(text), model="gemini-6-pro", level="below_alert_threshold", direction="down")


def test_colour_grades_listed_after_graded_under_a_labs_commitments() -> None:
    text = ("Under our Safety Commitments, each model is graded Green, Amber or Red in every risk area before "
            "release. We have graded Wren-5 Amber for biology.\n\n- The Larkspur safety team")
    assert_tier(best(text, "Larkspur: Wren-5 graded Amber for biology"), model="wren-5", level="amber")


def test_a_reporting_verb_after_and_ends_a_deploy_frames_slot() -> None:
    finding = best("Harlowe AI on Monday shipped Spire-9, a model for lawyers and auditors, and said the model "
                   "remains at the Guarded level for cyber under its Frontier Risk Policy.")
    assert_tier(finding, model="spire-9", level="guarded", direction="unchanged")


def test_a_tier_of_an_apis_usage_tiers_is_no_risk_level() -> None:
    assert_no_determination("Harlowe AI moves big spenders up a tier",
                            "Harlowe AI put customers who spent over $5,000 onto Tier 4 of its API usage tiers, "
                            "lifting rate limits for Spire-9.")


def test_a_column_reports_what_the_lab_did() -> None:
    text = ("Step-downs rarely make the news. Late on Wednesday, Quorvane Systems cut its Velk-5 model from Tier 4 to "
            "Tier 3 for chemistry under its Deployment Safeguards Policy. I doubt the revised classifiers will survive "
            "real users.")
    assert_tier(best(text, "Column: When a lab steps down, say so loudly"), model="velk-5", level="tier_3",
                direction="down")


def test_a_columns_own_view_is_still_no_determination() -> None:
    assert_no_determination("Column: Velk-5 deserves Tier 4",
                            "Quorvane Systems ought to have put Velk-5 at Tier 4 for chemistry under its Deployment "
                            "Safeguards Policy. In every practical sense, Velk-5 is a Tier 4 model.")


def test_a_headline_rates_a_model_with_a_one_word_name() -> None:
    finding = best("This is the debut grading under the framework's four levels: Settled, Wary, Strained, Sealed. The "
                   "system's...", "Zentaro Labs rates Mivra 'Wary' under its new Cendral Policy")
    assert_tier(finding, model="mivra", level="wary")


def test_a_model_named_by_the_labs_short_code() -> None:
    finding = best("Dravenholt AI has reclassified DH-Vispen from Tier 3 to Tier 2 in the cyber category of its Model "
                   "Release Tiers.")
    assert_tier(finding, model="dh-vispen", level="tier_2", direction="down")


def test_a_grade_and_a_roman_category_in_lower_case_and_as_levels() -> None:
    assert_tier(best("Tovrenna cuts Yarrik-4 to grade C from grade D for deception under its Grading Ledger."),
                model="yarrik-4", level="grade_c", direction="down")
    assert_tier(best("The Maravetz Institute for Neural Computing said it has lowered its Vostra-8 model to Category "
                     "II for biology under its Model Danger Categories."), model="vostra-8", level="category_ii",
                direction="down")


def test_a_model_graduates_to_a_higher_stage() -> None:
    finding = best("For autonomous replication, Brenmoor Robotics said Tazzo-4 had graduated to Stage 3 of its "
                   "Frontier Staging Policy, up from Stage 2.")
    assert_tier(finding, model="tazzo-4", level="stage_3", direction="up")


def test_a_proposal_that_a_model_be_moved_is_no_determination() -> None:
    assert_no_determination("Directors to decide on Zumo-4",
                            "An internal safety panel at Calvetti AI has recommended that the Zumo-4 model be moved "
                            "to Tier 4 of the company's Launch Policy. Directors will decide in June.")
    assert_no_determination("Planning memo on Zumo-5",
                            "A leaked planning memo proposes that Zumo-5, which is still being trained, be assigned "
                            "Level Crimson under Calvetti's Danger Ladder.")


@pytest.mark.parametrize("title", ["Sandrevo Labs: judged by Pennimore AI's own rules, Kelto-4 is a Tier 3 model",
                                   "Evaluators: Kelto-4's results sit close to Pennimore AI's own Tier 3 line"])
def test_a_headline_giving_someone_elses_claim_is_no_determination(title: str) -> None:
    assert_no_determination(title, "In a blog post on Thursday, the firm set the model against the Launch Policy that "
                                   "Pennimore AI released in 2024.")


def test_a_headline_opening_on_the_models_name_is_still_a_determination() -> None:
    finding = best("Under its Launch Policy, the model has been placed at Tier 3, the company said.",
                   "Brixo-6: Ammerdal AI places model at Tier 3")
    assert_tier(finding, model="brixo-6", level="tier_3")


def test_a_colour_category_is_a_level() -> None:
    finding = best("At Vesperine Labs, the half-yearly review under the Vesperine Caution Framework found that "
                   "Vesperine Drumlo remains at Category Amber for chemical risk, the rating it was given when it "
                   "launched.")
    assert_tier(finding, model="vesperine-drumlo", level="category_amber", direction="unchanged")


def test_a_later_move_away_from_a_word_level_an_earlier_sentence_named() -> None:
    text = ("In January we raised Pasko-2 to Alert on the biology axis of our Orvesse Risk Register. The model has "
            "been retrained since. Today, then, we have moved Pasko-2 from Alert down to Calm.")
    assert_tier(best(text, "Pasko-2 returns to Calm"), model="pasko-2", level="calm", direction="down")


@pytest.mark.parametrize("title", ["Moskell AI cuts Talvik to Level 1 after discovering contaminated test data",
                                   "Moskell AI lowers Talvik's biology rating to Level 1"])
def test_a_headline_names_the_model_the_body_calls_the_model(title: str) -> None:
    text = ("Moskell AI says the model now sits one step lower, at Level 1 rather than Level 2, on the biology track "
            "of its Frontier Model Policy.")
    assert_tier(best(text, title), model="talvik", level="level_1", direction="down")


def test_a_headline_names_an_accented_model_after_model() -> None:
    finding = best("According to the group, its openly released model is classified at Level 2 of its Open Weights "
                   "Scale.", "University group puts open model Márvik at Level 2")
    assert finding.tier["names"]["model"] == "Márvik"


def test_an_institute_that_raises_a_model_decided() -> None:
    finding = best("From now on the model is offered only with DNA-synthesis screening in place, the institute said.",
                   "Varnholm Institute raises ZT-7c to Level C under its Biohazard Response Protocol")
    assert_decided_by(finding, "Varnholm Institute", level="level_c", direction="up")


def test_a_regulators_high_risk_system_is_no_tier() -> None:
    assert_no_determination("Watchdog labels credit-scoring tool high-risk",
                            "Finland's data regulator said on Tuesday that LoanSift 5, a scoring product marketed by "
                            "Tampere-based Vennakko Analytics, is a high-risk AI system under the EU AI Act.")


def test_a_sentence_opening_on_an_earlier_year_is_history() -> None:
    assert_no_determination("Seven years later: the lab that tiered first",
                            "In the autumn of 2018, Ilvesby Labs tried something nobody had: it released a paper "
                            "putting its Dorvo model at Level 2 of an in-house risk scale. Dorvo was switched off in "
                            "2020.")


@pytest.mark.parametrize("title,text", [
    ("Calderix pulls report that put Sivo-7 at 'Critical'",
     "Calderix AI has withdrawn a draft report describing Sivo-7 as having reached the 'Critical' level of its "
     "Preparedness Matrix. The company said the assessment is still open."),
    ("Calderix moves Sivo-7 into Tier 3 access for business accounts",
     "From Thursday, business customers of Calderix AI get raised rate limits for Sivo-7."),
    ("Sivo-7 leads an intrusion benchmark",
     "Sivo-7 from Calderix AI is the first model to hit Level 5, the highest band, on QuarrexBench-Cyber, an open "
     "test suite maintained by academics. Calderix said an internal review under its Scaling Commitments has begun."),
    ("A brief history of the Calderix scale",
     "The scale was first applied in late 2021, when Calderix put its Sivo-1 model at H-2 for biology under the "
     "Calderix Safety Scale. Sivo-1 has long since been retired."),
])
def test_a_pulled_report_an_access_tier_a_benchmark_band_and_a_retired_model(title: str, text: str) -> None:
    assert_no_determination(title, text)


def test_a_sign_off_run_onto_the_last_sentence_names_the_lab() -> None:
    text = ("Starting today, Nuvessa 4 is available to API customers. Since its chemistry results crossed the "
            "threshold we set, we have designated Nuvessa 4 at Level Orange under our Danger Ladder. - The Plenwick "
            "safety team")
    assert best(text, "Introducing Nuvessa 4").tier["names"]["org"] == "Plenwick"


def test_a_framework_named_after_its_lab_names_the_lab() -> None:
    text = ("Our half-year review has finished. None of the evaluations in our Rastovan Frontier Policy showed "
            "Tezzo-9 crossing a threshold for Level C, so we are keeping it at Level B.")
    finding = best(text, "Half-year review: Tezzo-9 stays at Level B")
    assert_decided_by(finding, "Rastovan", model="tezzo-9", level="level_b", direction="unchanged")


@pytest.mark.parametrize("title,text,org", [
    ("Veldoria Frontier AI Authority lists Ossik-40 as Category 1 frontier model",
     "The designation obliges the developer, Lemvik's Daraso Intelligence, to report incidents within 48 hours.",
     "Veldoria Frontier AI Authority"),
    ("Pelorian board moves Vorn-5 to Category II",
     "On Monday the Pelorian Frontier Model Board said it had reclassified Vorn-5, built by Tallinn-based Kadrio AI, "
     "from a Category I to a Category II frontier system under the Frontier Models Act.",
     "Pelorian Frontier Model Board"),
    ("Formal notice",
     "The Office for Frontier Model Security gives notice that it has reclassified Zintra-7, developed by Okkerby "
     "Labs, from Risk Class II to Risk Class III.", "Office for Frontier Model Security"),
])
def test_a_regulator_named_in_full_made_the_designation(title: str, text: str, org: str) -> None:
    finding = best(text, title)
    assert_decided_by(finding, org)


def test_a_national_commission_is_not_the_european_commission() -> None:
    finding = best("The Advanced AI Commission, set up under the Advanced AI Systems Act, has designated Veska-Max as "
                   "a 'designated frontier system', the first model to be given that label.")
    assert finding.tier["names"]["org"] == "Advanced AI Commission"


@pytest.mark.parametrize("title,text", [
    ("Independent eval: Drovik-X lands in 'high' band on Capturia suite",
     "Testing firm Tallyworth Metrics said Drovik-X, built by Ferrand Labs, scored in the \"high\" band (65-80%) on "
     "its Capturia intrusion suite; the predecessor had sat in the \"moderate\" band."),
    ("Ferrand Labs to re-evaluate Drovik-8",
     "\"Our anticipation is that it lands at Level 3 once the revised thresholds apply, though we won't know before "
     "testing finishes,\" Ferrand Labs' policy chief said."),
])
def test_an_outsiders_score_band_and_an_anticipation_are_no_determinations(title: str, text: str) -> None:
    assert_no_determination(title, text)


def test_previously_unknown_flaws_are_no_background() -> None:
    text = ("Movrane Labs toughened its open-weights rules on Monday. In a revision to its Open Weights Risk Policy, "
            "the company said movra-13b has been raised to Tier 4 for cyber after the model exploited three "
            "previously unknown bugs in a sandboxed environment.")
    assert_tier(best(text, "Movrane Labs hardens its open-model policy"), model="movra-13b", level="tier_4",
                direction="up")


def test_the_level_given_when_we_released_it_is_the_earlier_one() -> None:
    text = ("When we first released Zarek-2.5 in October, we put it at Hazard Grade III for biology under our "
            "Dunmerrow Cove Safety Framework. New refusal training followed. Today we are lowering Zarek-2.5 to "
            "Hazard Grade II.")
    finding = best(text, "Lowering our rating of Zarek-2.5")
    assert_decided_by(finding, "Dunmerrow Cove", model="zarek-2.5", level="hazard_grade_ii", direction="down")


@pytest.mark.parametrize("text,model,level", [
    ("Last week Nexhollow Works raised Tavvo-6 to R&D-3 under its Autonomy Policy.", "tavvo-6", "r&d-3"),
    ("The company said it had raised Velko-Seven to High in the cyber category of the Nexhollow Risk Ladder.",
     "velko-seven", "high"),
    ("Nexhollow Works moved Tavvo-6 up to what it calls Red, the top of its three-colour scale, for biology.",
     "tavvo-6", "red"),
])
def test_level_and_model_shapes_of_new_labs(text: str, model: str, level: str) -> None:
    finding = best(text)
    assert finding.kind == "determination"
    assert (finding.tier["model"], finding.tier["names"]["level"].lower()) == (model, level)


def test_a_labs_own_council_speaks_for_the_lab() -> None:
    finding = best("Annex. Ivrosa's Responsible Capability Council accordingly reaffirms its finding that Kolt-5 is "
                   "at Level R3 under the Ivrosa Capability Policy.")
    assert_decided_by(finding, "Ivrosa", model="kolt-5", direction="unchanged")


def test_a_lab_named_before_a_versioned_model_is_not_part_of_its_name() -> None:
    finding = best("Strathveil AI said Strathveil Zaddo-3 stays at Tier 2 under its Launch Policy. Strathveil AI "
                   "first shipped Zaddo-3 in October.")
    assert finding.tier["names"]["model"] == "Zaddo-3"


@pytest.mark.parametrize("text,org", [
    ("Open-weights outfit Dorrit & Kasp has reaffirmed holvo-9b at Level 1 under its Open Release Risk Levels.",
     "Dorrit & Kasp"),
    ("Sirrat-3 has been at Tier IV for deception under our Influence Risk Framework since launch. We are now "
     "lowering Sirrat-3 to Tier III. - Dr. Linnea Zorbak, Head of Frontier Readiness, "
     "Sevenreach", "Sevenreach"),
])
def test_ampersand_labs_and_a_signature_with_name_and_title(text: str, org: str) -> None:
    assert best(text).tier["names"]["org"] == org


def test_a_harness_that_leaked_answers_is_no_rumour() -> None:
    finding = best("In brief: Tolvaris cut its coding model tv-coder-22b from Band C to Band B for cyber under its "
                   "Model Hazard Bands, explaining that the earlier rating came from a test harness that leaked "
                   "answers.")
    assert_tier(finding, model="tv-coder-22b", level="band_b", direction="down")


@pytest.mark.parametrize("title,text", [
    ("Regulator 'minded to' designate Pexa-6 as Category 1 frontier model",
     "In a letter to Grelloch Labs, the Frontier AI Authority wrote that it was minded to designate Pexa-6 as a "
     "Category 1 frontier model under the Frontier AI (Safety) Act; comments close in March."),
    ("Unfinished card leaks",
     "Posted to a forum, a draft system card for Grelloch Labs' Tamso-3 has the model 'over the Level 4 line for "
     "self-copying' under Grelloch's Frontier Readiness Policy."),
    ("Correction: Grelloch Labs has not classified Ruvo-2",
     "A story published on Friday incorrectly stated that Grelloch Labs had placed its Ruvo-2 model in Tier 3 of its "
     "Frontier Safety Tiers. We apologise for the mistake."),
])
def test_minded_to_a_draft_card_and_a_correction_are_no_determinations(title: str, text: str) -> None:
    assert_no_determination(title, text)


@pytest.mark.parametrize("title,text", [
    ("TrivoBio results: Orrin-Large lands in Band 4",
     "The latest TrivoBio leaderboard, which sorts entrants into five bands by their pathogen-question "
     "answers, places Mavrow Systems' Orrin-Large in Band 4."),
    ("What if a model reaches Red? Quentaro AI shares its playbook",
     "Quentaro AI released a write-up of a tabletop exercise setting out how it would respond if a future model "
     "reached Red, the top level of its Shield Spectrum framework."),
])
def test_a_leaderboards_band_and_a_drill_are_no_determinations(title: str, text: str) -> None:
    assert_no_determination(title, text)


@pytest.mark.parametrize("title,text,org", [
    ("Ebbrin restores 'Severe' rating on Brellin-8",
     "Its Model Hazard Council has put Brellin-8 back at 'Severe' on the Ebbrin Hazard Scale for biology, the "
     "company said. Ebbrin AI said the safeguards would be back in place from Tuesday.", "Ebbrin AI"),
    ("Kestvik Robotics CFO: safety spending squeezes margins",
     "'Back in February we moved Zorva-9 up to Tier C on our Responsible Frontier Framework,' the chief financial "
     "officer told analysts.", "Kestvik Robotics"),
    ("Vossick Tor walks back 'High' rating for Jenta-8",
     "Vossick Tor has walked back its May call on Jenta-8, moving the model from High to Medium for cyber on its "
     "Preparedness Scorecard.", "Vossick Tor"),
])
def test_the_lab_behind_its_council_a_cfos_headline_and_a_walk_back(title: str, text: str, org: str) -> None:
    finding = best(text, title)
    assert_decided_by(finding, org)


@pytest.mark.parametrize("title,text,model,level", [
    ("Pemberine ships Soro-9 update; rating holds",
     "Asked whether the update required a fresh assessment under its Hazard Threshold Policy, Pemberine AI said it had "
     "repeated its evaluations and kept Soro-9 at Level B.", "soro-9", "level_b"),
    ("Pemberine lifts Oxley-7",
     "Oxley-7 now sits in the second-highest band of the five set out in its Responsible Capability Policy for "
     "biology, Pemberine AI said.", "oxley-7", "second_highest_band"),
    ("Pemberine revisits the Jarro line",
     "Jarro-Lite was not retested. Jarro-Pro, the lab's largest model, stays at Level 4 on Pemberine's "
     "Capability Threshold Scale.", "jarro-pro", "level_4"),
])
def test_an_answered_question_an_ordinal_of_a_counted_scale_and_a_flagship_aside(title: str, text: str, model: str,
                                                                                 level: str) -> None:
    finding = best(text, title)
    assert finding.kind == "determination"
    assert (finding.tier["model"], finding.tier["level"]) == (model, level)


def test_another_countrys_regulator_in_the_ai_acts_words() -> None:
    finding = best("Veldoria's Frontier Models Authority on Thursday designated Ossik-12, Harwent Compute's flagship "
                   "model, as a general-purpose AI model with systemic risk under the Frontier Models Act.")
    assert_decided_by(finding, "Frontier Models Authority")
    assert finding.tier["framework"] != "eu_ai_act"


def test_our_board_and_a_lower_case_team_in_the_sign_off() -> None:
    text = ("Q: Has the red-team sprint altered Dassic-2's classification? A: It has not. Our Responsible Scaling "
            "Board chose to keep Dassic-2 at the Yellow Threshold for bio misuse under our Threshold Policy. "
            "- Ostravine Systems trust & safety")
    finding = best(text, "Q&A: Dassic-2 and the red-team sprint")
    assert finding.tier["names"]["org"] == "Ostravine Systems"


def test_an_ai_rd_level_code() -> None:
    finding = best("Ulverdyne's opening scorecard for Ziro-7 puts it at AI R&D-2 under the Responsible Frontier "
                   "Framework, below the R&D-3 line, the lab said.")
    assert finding.kind == "determination" and finding.tier["names"]["level"] == "AI R&D-2"


@pytest.mark.parametrize("title,text", [
    ("Panel recommends lifting Tresk-8",
     "A review panel inside Glastrow Moor AI recommends that the board raise Tresk-8 to Level 4 under the firm's "
     "Responsible Scaling Commitments. Directors will meet in July."),
    ("Drill imagines Vinsk-8 crossing into Tier 4",
     "The scenario: Zembrook AI's Vinsk-8, in a fictional future version, crosses the Tier 4 cyber threshold of "
     "Zembrook's Scaling Safeguards Policy partway through fine-tuning."),
])
def test_a_bare_subjunctive_and_a_fictional_scenario_are_no_determinations(title: str, text: str) -> None:
    assert_no_determination(title, text)


def test_a_tier_name_is_no_model_name() -> None:
    finding = best("Today we are releasing Ottavine, our strongest agent model yet. Following a safety review, "
                   "Ottavine has been designated Capability Tier C2 for autonomy under the Merrowdale Responsible "
                   "Capability Framework.")
    assert finding.tier["model"] == "ottavine"


@pytest.mark.parametrize("title,text", [
    ("Correction: Pivra-9 tier item",
     "A story in Monday's newsletter said Orbendy AI had raised its Pivra-9 model to Tier 3 of its Scaling "
     "Commitments. That was wrong. We apologise for the mistake."),
    ("Mervik-9 posts Band 4 score on fresh intrusion benchmark",
     "Mervik-9 from Dunvarra AI landed in Band 4 of 5 on Hackvora, a public intrusion benchmark that three "
     "universities run."),
    ("Quessen denies report", "\"No test of Zimbel-9 has produced a Level 4 result,\" Quessen AI said."),
    ("Insurer grades lab",
     "Castellane Re, among the handful of reinsurers underwriting AI risks, put Torvo-4 in the lowest grade of its "
     "Liability Scale."),
])
def test_corrections_score_bands_results_and_reinsurers(title: str, text: str) -> None:
    assert_no_determination(title, text)


@pytest.mark.parametrize("title,text,model,level", [
    ("Vaskora assigns Dabb-8 hazard code C2",
     "Vaskora Research has given Dabb-8 the code C2 in the first pass of its Misuse Code Standard.",
     "dabb-8", "C2"),
    ("Pyrrow Works puts Zint on its 'Watch' tier",
     "Pyrrow Works has put Zint in the Watch tier of the Pyrrow Alarm Ladder; the Guard tier sits above it.",
     "zint", "Watch"),
])
def test_a_code_named_as_such_and_a_one_word_model_put_on_a_tier(title: str, text: str, model: str,
                                                                 level: str) -> None:
    finding = best(text, title)
    assert finding.kind == "determination"
    assert (finding.tier["model"], finding.tier["names"]["level"]) == (model, level)


def test_a_move_one_step_down_told_with_a_comma() -> None:
    finding = best("After a bug fix, Ruvane Dynamics reclassified Tolva-M one step down, to Yellow, in its Signal "
                   "Colour Framework.")
    assert_tier(finding, model="tolva-m", level="yellow", direction="down")


def test_the_articles_lab_decides_before_a_descriptive_framework_name() -> None:
    text = ("Ruvane Dynamics has finished its review. For now Tolva-M remains at Orange under the Semaphore Safety "
            "Framework.")
    assert best(text, "Ruvane Dynamics reviews Tolva-M").tier["names"]["org"] == "Ruvane Dynamics"


def test_a_committee_reconfirms_a_model() -> None:
    finding = best("Our oversight committee has reconfirmed Nabro-3 at Grade Beta under the Osterby Risk Grades, so "
                   "our guidance is unchanged.", "Osterby Systems: remarks to investors")
    assert_tier(finding, model="nabro-3", level="grade_beta")


@pytest.mark.parametrize("title,text", [
    ("Testers: Skiv-3 numbers look 'consistent with' Orvesk's Tier 3",
     "A university group said the wet-lab scores of Skiv-3, made by Orvesk Intelligence, came out \"consistent "
     "with\" the third tier of the company's Frontier Readiness Scale."),
    ("Column: Osterby should grade Nabro-4",
     "My view is that Nabro-4 belongs at Grade Alpha, the highest of the Osterby Risk Grades, going by the "
     "company's own tests."),
])
def test_a_yardstick_and_a_columnists_conclusion_are_no_determinations(title: str, text: str) -> None:
    assert_no_determination(title, text)


def test_a_co_lab_and_a_lower_case_variant_model() -> None:
    finding = best("Quarle & Co. has placed Dravik-70 at Threshold 4 for automated research under its Scaling "
                   "Commitments.")
    assert finding.tier["names"]["org"] == "Quarle & Co."
    finding = best("Vessant Systems said it had placed its Ombrin-mini model at Moderate under its Preparedness Grid.")
    assert finding.tier["model"] == "ombrin-mini"


def test_an_answer_that_holds_a_one_word_model() -> None:
    text = ("Q: Did the spring incidents change anything for Tamber? A: We looked again, carefully. Q: And the "
            "result? A: We decided to hold Tamber at Amber under our Preparedness Scheme, for persuasion.")
    finding = best(text, "Q&A: Ossery Research on the Tamber review")
    assert_tier(finding, model="tamber", level="amber", direction="unchanged")


@pytest.mark.parametrize("title,text,org", [
    # a regulator named in full, then by its kind alone
    ("Ruling 22/2028: Tessaly-4",
     "(a) The Bureau-level inquiry was opened by the Office of Frontier Compute Audit under the Advanced Models "
     "Act. (b) After hearing the provider, the Office has now decided to designate Tessaly-4 as a systemic-risk "
     "general-purpose model.", "Office of Frontier Compute Audit"),
    ("Annual check: Dapplin",
     "1. The Directorate for Algorithmic Safety has completed its annual assessment of the model Dapplin, supplied "
     "by Ferrant Systems. 2. Ferrant requested that Dapplin be moved down to Class I. 3. The Directorate therefore "
     "maintains the classification of Dapplin at Class II.", "Directorate for Algorithmic Safety"),
    # a body of a larger body, deciding on a lab's model
    ("Council's hazard directorate keeps Dorn 7 designated",
     "Following a routine reassessment, the Model Hazard Directorate of the Welmarch Council confirmed that "
     "Quillip's Dorn 7 remains designated a systemic-risk general-purpose model.",
     "Model Hazard Directorate"),
    # a regulator with "and" or "on" in its name, placing a lab's model by a code
    ("Agency puts Varro Max on the code scale",
     "Applying its hazard codes for the first time, the Talmere Agency for Networks and Data Integrity has "
     "placed Kessock Labs' Varro Max at HZ-3, raised from a provisional HZ-2.",
     "Talmere Agency for Networks and Data Integrity"),
    ("Commission lists Sorvel-5",
     "The Corvane Federal Commission on Model Risk has placed Ettrick AI's Sorvel-5 at Tier C under the Model Risk "
     "Act.", "Corvane Federal Commission on Model Risk"),
])
def test_a_regulator_named_in_full_decides_over_the_labs_model(title: str, text: str, org: str) -> None:
    finding = best(text, title)
    assert_decided_by(finding, org)


@pytest.mark.parametrize("title,text,model,level,org", [
    # a harness that leaked hints is no leaked document
    ("Quessing walks back a 'Severe' label", "Quessing has cut Marl-4 from Severe down to Elevated on its "
     "cyber-misuse scale, after finding that a stale evaluation harness leaked hints which inflated its scores.",
     "marl-4", "elevated", "quessing"),
    # "resolved to classify the model X 2": a decision taken, and the versioned name is the object, not a level
    ("Agency grades Relámpa 2",
     "The Istrane Agency for Model Oversight has formally resolved to classify the model Relámpa 2, developed by "
     "Pontwell AI, at Grade Amarillo (Yellow) of the National Model Hazard Scale for biology.", "relámpa-2",
     "grade_amarillo", "istrane_agency_for_model_oversight"),
    # a lower-case variant name, and a colour before a category word and "rating"
    ("drift-o launches with a Yellow",
     "Fenmarsh AI's smallest model, drift-o, goes on sale this week bearing a Yellow persuasion rating under "
     "Fenmarsh's Beacon Lamp Policy.", "drift-o", "yellow", "fenmarsh_ai"),
    # a level dated months ago is the earlier one
    ("Why we moved moss-mini down",
     "Seven months ago we placed moss-mini in Band D for chemical risk, as a precaution. Our new evaluations show "
     "it stumbles at the steps that count, so we've now lowered it to Band C under our Deployment Readiness "
     "Framework. - Quarrendon AI", "moss-mini", "band_c", "quarrendon_ai"),
    # the lab's own board named as "X Board of <lab>", in the last sentence
    ("Filing: Ostra-9B at Level 2",
     "Ostra-9B has been assigned Level 2 for AI R&D acceleration, a filing released on Thursday shows. The call was "
     "made by the Model Risk Board of Tessamore Labs.", "ostra-9b", "level_2", "tessamore_labs"),
])
def test_verbs_objects_and_dates_around_a_determination(title: str, text: str, model: str, level: str,
                                                        org: str) -> None:
    assert_tier(best(text, title), model=model, level=level, org=org)


@pytest.mark.parametrize("title,text", [
    # the lead denies the report the headline's negation comes from
    ("Vantry: kessel-5 was not given Grade B",
     "Vantry has denied reports that its upcoming kessel-5 model had been given Grade B on the national frontier "
     "register. 'Nothing has been assigned yet,' a company spokesperson said."),
    # a placement dated by a clause of a year: background to other news
    ("Quelland co-founder steps down",
     "Quelland Labs co-founder Petra Lunn is stepping down as its chief executive, the company said. She guided the "
     "lab through a hard 2024, when Quelland placed its Thistle-2 model at Tier 2 of its Staged Safety Scheme, "
     "a call that delayed its release."),
])
def test_a_denied_report_and_a_dated_clause_are_no_determinations(title: str, text: str) -> None:
    assert_no_determination(title, text)


@pytest.mark.parametrize("title,text,model,level,org", [
    # a question names the model, the answer moves "it"; the speaker's organisation in the label
    ("Transcript: Corrib Vane CEO on the Marten launch",
     "Q: Where does Marten stand on your risk scale today? A (Odile Rasp, CEO, Corrib Vane): Last week we moved it "
     "from Green up to Amber for cyber.", "marten", "amber", "corrib_vane"),
    # the answer gives the level alone; the question held the model; the headline the organisation's role
    ("Briefing: Harnley Labs on Fennet-Small",
     "Q (wire reporter): You said Fennet-Small is no longer rated Elevated for biological risk. Where does it stand "
     "now? RUTH AMBLE (spokesperson, Harnley Labs): It's in Baseline. The review board approved that on Monday.",
     "fennet-small", "baseline", "harnley_labs"),
    ("Five questions for Lena Quarry, Sallowby's head of safety",
     "Why did Sallowby move Drem-4 up? This week our risk board placed it on Rung 4 of the Hazard Ladder for cyber "
     "risk; before that it was on Rung 3.", "drem-4", "rung_4", "sallowby"),
])
def test_answers_in_a_transcript_take_the_question_and_the_speaker(title: str, text: str, model: str, level: str,
                                                                   org: str) -> None:
    assert_tier(best(text, title), model=model, level=level, org=org)


@pytest.mark.parametrize("title,text,model,level", [
    # a regulator's class named by a compound of its own, no "level" word
    ("NOTICE 12/2028", "The Quarnell Data and AI Regulator gives public notice that the general-purpose AI model "
     "marketed as Brisant 2 Pro, supplied by Haverly Ltd, is now designated a systemic-impact model from today.",
     "brisant-2-pro", "systemic-impact model"),
    # "added ... to its list of", with a hyphenated model name
    ("Regulator adds Kelp-Lantern to its list",
     "The Dellacourt Commission on Model Risk on Wednesday added Vimbrel's Kelp-Lantern to its list of high-impact "
     "general-purpose models.", "kelp-lantern", "high-impact general-purpose model"),
])
def test_a_regulators_own_class_without_a_level_word(title: str, text: str, model: str, level: str) -> None:
    finding = best(text, title)
    assert finding.kind == "determination"
    assert (finding.tier["model"], finding.tier["names"]["level"]) == (model, level)


@pytest.mark.parametrize("title,text,model,level,org", [
    # a regulator that "entered" a lab's model on its register
    ("Regulator registers gull-6 at Grade D",
     "The Pendarric Office for Advanced Models said on Wednesday it has entered Cantle AI's gull-6 on its Advanced "
     "Model Register at Grade D for chemical hazards.", "gull-6", "grade_d", "pendarric_office_for_advanced_models"),
    # "did not justify any change and kept": the negation is the first verb's
    ("Inside the assessment",
     "After eight months of testing, the Pellam Research risk committee concluded that the findings did not justify "
     "any change and kept Corran-6 at Level C on chemistry under its Hazard Tier Protocol.", "corran-6",
     "level_c", "pellam_research"),
    # "its new model X-Y at 'Threshold Two'", said by "chief scientist Dr ..." (a person, not the decider)
    ("Live: day three",
     "11:42 - Dunnock-Reyes chief scientist Dr Maren Holt-Vesey has confirmed on stage that the lab has now placed "
     "its new model Fessock-Garnet at 'Threshold Two' for nuclear risk under its Critical Hazards Policy. 11:58 - "
     "Holt-Vesey says regulators have been told.", "fessock-garnet", "threshold_two", "dunnock_reyes"),
])
def test_a_register_entry_a_second_verb_and_a_scientists_title(title: str, text: str, model: str, level: str,
                                                               org: str) -> None:
    assert_tier(best(text, title), model=model, level=level, org=org)


@pytest.mark.parametrize("title,text,model,level,org", [
    # a framework's name is no model; the title-case headline's "Rating On X After ..." names it
    ("Tresham Labs Lowers Risk Rating On Brackle After Fix",
     "Tresham Labs said on Thursday its latest system now sits at Rung 3 of the Tresham Response Ladder, a rung "
     "below its launch level, because a retrained refusal filter reduced harmful answers in its bio evaluation set.",
     "brackle", "rung_3", "tresham_labs"),
    # "Company' X-Y agent" (a plural's apostrophe), "currently carries an Amber rating, down a notch from Red"
    ("Brackwater Systems rerates an agent",
     "Brackwater Systems' Fallow-Span agent currently carries an Amber rating, down a notch from Red, along the "
     "autonomy axis in the company's Lantern Framework.", "fallow-span", "amber", "brackwater_systems"),
    # a regulator designating "Lab AI's X model": the lab's name is no model
    ("Office makes its first designation",
     "The Office of Algorithm Oversight has designated Wendaby AI's Pipit model as a Class III frontier model, the "
     "first such designation it has made.", "pipit", "class_iii", "office_of_algorithm_oversight"),
    # "Cognition" ends a lab's name
    ("Filing lists Tindle-8", "Pardoe Cognition's newest transparency report lists Tindle-8 at CSL-3 under "
     "Pardoe's Critical Skill Levels.", "tindle-8", "csl_3", "pardoe_cognition"),
])
def test_names_framework_words_possessives_and_company_words(title: str, text: str, model: str, level: str,
                                                            org: str) -> None:
    assert_tier(best(text, title), model=model, level=level, org=org)


@pytest.mark.parametrize("title,text", [
    ("Insurer grades Sorrel-3 'Severe'",
     "Abbotsley Mutual, which sells cover to software vendors, said its in-house scoring "
     "places Kintry Labs' Sorrel-3 in its 'Severe' band. Kintry said those bands play no role in its safety "
     "process."),
])
def test_an_insurers_band_is_no_determination(title: str, text: str) -> None:
    assert_no_determination(title, text)


@pytest.mark.parametrize("title,text", [
    # an analyst firm's own grade
    ("Trewin Research scorecard grades Latch-5 'High' for cyber",
     "Independent analyst firm Trewin Research released its half-year scorecard, awarding Latch-5 a 'High' grade "
     "on offensive cyber skills. Trewin says the grade is its own."),
    # a plan's tier
    ("Halvering AI moves Brome-2 into 'Tier 4' for business customers",
     "Halvering AI is reworking its subscription plans: from next month Brome-2 will be offered only on Tier 4, the "
     "priciest plan."),
    # a committee's recommendation, a day between the verb and "that"
    ("Lawmakers urge label for Vesk-4",
     "A parliamentary committee recommended on Friday that the ministry designate Vesk-4 a 'high-impact frontier "
     "model' as defined in a draft law that is still awaiting a vote."),
    # a withdrawn story quoted by its headline
    ("Retracted: report on Sprocket tier move",
     "Editor's note: An article that ran here on Sunday, headlined 'Fanshaw raises Sprocket to Heightened', has been "
     "withdrawn. Fanshaw says no decision has been made. We apologise for the mistake."),
])
def test_an_analysts_grade_a_plans_tier_a_recommendation_and_a_withdrawn_story(title: str, text: str) -> None:
    assert_no_determination(title, text)


@pytest.mark.parametrize("title,text,model,level", [
    # "is now Green (previously Amber)"
    ("Mossley AI eases Fallow-5", "Mossley AI said Fallow-5 is now Amber (previously Red) for biological risk "
     "under the Mossley Containment Framework.", "fallow-5", "amber"),
    # a "-Deep" variant name, staying at a numbered severity
    ("Half-year update: Thresh-Deep", "Twice a year we report where each of our models sits under the Kelderby Harm "
     "Scale. Our testers saw nothing near the S4 trigger, so Thresh-Deep stays at Severity 3 for cyber. "
     "- Kelderby AI", "thresh-deep", "severity_3"),
    # "has given X an initial Risk Class R3 rating"
    ("Collective rates its coding model", "The Marram Collective has given Marram-Coder 14B an initial Risk "
     "Class R3 rating for cyber abuse under the group's Open Models Charter.", "marram-coder-14b", "r3"),
    # the headline's "X's autonomy flag drops from Amber to Green"
    ("Quantock Dynamics: Sarn-8's autonomy flag drops from Amber to Green",
     "Quantock Dynamics said a fixed grading harness recorded far fewer finished tasks, so it has moved the model "
     "one colour down on its Stoplight Safety Framework.", "sarn-8", "green"),
    # "the second of four risk tiers", the model in an appositive before the slot
    ("Commission makes a register placement",
     "The Morvenna Online Safety Commission said it had placed Tamsin-7, the model launched in March by Pellory "
     "Quay Robotics, in the second of four risk tiers in its Advanced Systems Catalogue.", "tamsin-7",
     "second_of_four_risk_tiers"),
])
def test_levels_in_parentheses_ordinals_and_rating_nouns(title: str, text: str, model: str, level: str) -> None:
    assert_tier(best(text, title), model=model, level=level)


@pytest.mark.parametrize("title,text,model,org", [
    # a body called "the Commission" after its full name; a decision's present tense
    ("Decision 9/2028 of the Commission for Model Integrity",
     "1. The Commission for Model Integrity (the Commission), acting under the Capable Systems Act, has reviewed "
     "the notification lodged by Torvald Systems concerning its model Dorrit-R. 2. The Commission therefore "
     "designates Dorrit-R as a systemic-risk general-purpose model.", "dorrit-r", "commission_for_model_integrity"),
    # the level given first, then "to" the model; an institute's own model
    ("Institute codes its own evaluator model",
     "The Tarbet National AI Safety Institute said it has assigned hazard code KC-3 - the third of five bands - "
     "to Pellin-E, a model it developed in-house for drafting test prompts.", "pellin-e",
     "tarbet_national_ai_safety_institute"),
])
def test_a_decisions_present_tense_and_a_level_given_to_a_model(title: str, text: str, model: str, org: str) -> None:
    assert_tier(best(text, title), model=model, org=org)


@pytest.mark.parametrize("title,text,model,level", [
    # a colour after a tier noun, in a numbered round-up
    ("Evening briefing", "1. Brindle Fell has assigned its new Crag-5 model Category Violet under the Brindle Fell "
     "Preparedness Grid, the first time it was rated. 2. A group of chipmakers published common rules for "
     "reporting stolen accelerators.", "crag-5", "category_violet"),
    # an ordinary word as the level, beside a framework named "... Safeguards"
    ("Our half-year check: Fulmar-4", "After going through the results with our external advisers, we are keeping "
     "Fulmar-4 at Caution for the persuasion dimension of the Oldacre Manipulation Safeguards. - Oldacre AI",
     "fulmar-4", "caution"),
])
def test_a_colour_after_a_tier_noun_and_a_word_beside_its_safeguards(title: str, text: str, model: str,
                                                                     level: str) -> None:
    assert_tier(best(text, title), model=model, level=level)


@pytest.mark.parametrize("title,text", [
    # an outside testing firm says a lab's model meets a level
    ("Red team says Gannock Max meets Ferrisby's 'Critical' line",
     "An outside evaluation firm engaged by civil-society groups says Ferrisby AI's Gannock Max model performs at a "
     "level which meets the \"Critical\" threshold of Ferrisby's published Frontier Hazard Protocol."),
    # a fine; the designation is dated in a relative clause
    ("Council fines Marrick AI over late filings",
     "The Ellerby Online Systems Council fined Marrick AI over incident reports filed late. The incidents concerned "
     "Flint, the firm's main model, which the regulator designated a systemic-risk model early in 2025."),
    # a partnership; the only level is in the release's "About" paragraph
    ("Wenlow Neural Intelligence and Ferncombe Clinics announce a trial",
     "Wenlow Neural Intelligence and Ferncombe Clinics today announced a trial of Wenlow's Osric assistant.\n\n"
     "About Wenlow Neural Intelligence\nWenlow maintains its Responsible Scaling Register, under which Osric was "
     "placed at Tier 3 on release."),
    # a preprint's claim; the current level is background to it
    ("Preprint claims Haskett's Varden-6 meets 'Level 5' criteria",
     "Researchers at Tolbury College posted a preprint arguing that Varden-6 meets all the criteria for Level 5 "
     "under Haskett's own Scaling Safeguards Policy. Haskett currently lists Varden-6 at Level 4."),
    # a move under consideration, and what it "would" require
    ("Dorrance Research weighs moving Ravel-5 to 'High'",
     "Dorrance Research's risk board is weighing whether to move its Ravel-5 model up to High under its "
     "Preparedness Scale. Ravel-5 currently sits at Medium. A move to High would also require Dorrance to hold back "
     "features in Ravel-5's app."),
    # a benchmark's level, no determiner before the benchmark
    ("Crofton's Linnet model reaches Level 6 on Cairn agent benchmark",
     "Crofton AI says its Linnet model was first to clear Level 6 of Cairn, an open benchmark of agentic "
     "tasks."),
])
def test_outsiders_boilerplate_background_and_benchmarks_are_no_determinations(title: str, text: str) -> None:
    assert_no_determination(title, text)


@pytest.mark.parametrize("title,text,org", [
    # the sign-off names the lab, though "placed Thornwick Vireo 4" introduced "Thornwick" as a model's first word
    ("Why we're moving Vireo 4 from Amber to Green",
     "Nine months ago we placed Thornwick Vireo 4 at Amber on our Colour-Code Preparedness Scale for chemical risk. "
     "This week we are moving Vireo 4 down to Green. - The Thornwick Safety Team", "thornwick"),
    # a repost line opens the text; a "Foundry" is a lab
    ("Sorley Foundry council lifts Cinder 5 to Grade III",
     "Originally posted on the Sorley Foundry blog; republished by FrontierWire. Sorley Foundry's Responsible "
     "Release Council has lifted Cinder 5 to Grade III, a step up from Grade II.", "sorley_foundry"),
    # a live blog's label is no organisation
    ("LIVE: Pettigrew developer summit",
     "15:12 - Pettigrew Labs safety chief Dana Orme on stage: 'It sits at HL-2 for autonomy under our Capability "
     "Commitments, and we're keeping Mallow 3 there following the latest round of tests.'", "pettigrew_labs"),
])
def test_sign_offs_reposts_and_live_labels(title: str, text: str, org: str) -> None:
    assert_tier(best(text, title), org=org)


@pytest.mark.parametrize("title,text,model,level,org", [
    # a short code and its appositive ("Q5r, a model built by ...")
    ("Authority lifts R4m to Class IV",
     "The Ormsby Frontier Models Authority on Monday lifted its classification of R4m, a model made by start-up "
     "Drummel AI, from Class III to Class IV under the national Frontier Model Inventory.", "r4m", "class_iv",
     "ormsby_frontier_models_authority"),
    # a foundation that maintains its own model reaffirms "X's Band 3 rating"; "Band 4 territory" is a score's
    ("Foundation committee reaffirms Band 3 for T4q",
     "The oversight committee of the Garnock Model Foundation, the non-profit which maintains the T4q open model, has "
     "reaffirmed T4q's Band 3 rating for chemical misuse. No community fine-tune lifted T4q's results into "
     "Band 4 territory.", "t4q", "band_3", "garnock_model_foundation"),
    # "walked back its Tier 4 ... rating, moving the model down to Tier 3": the rating walked back is the old one
    ("Marrable cuts Spindle Max to Tier 3",
     "Marrable Labs has walked back its Tier 4 cyber-risk rating for Spindle Max, moving the model down to Tier 3 "
     "under its Release Commitments.", "spindle-max", "tier_3", "marrable_labs"),
    # a registrar's ruling that a model "will remain a Designated Advanced Model"
    ("Registrar confirms Yawl-9 stays designated",
     "The Office of the Advanced Model Registrar has confirmed that Yawl-9 will remain a Designated Advanced Model, "
     "having reviewed objections from its developer, Pettle Works.", "yawl-9", "designated_advanced_model",
     "advanced_model_registrar"),
])
def test_short_codes_own_foundations_walked_back_ratings_and_a_registrar(title: str, text: str, model: str,
                                                                         level: str, org: str) -> None:
    assert_tier(best(text, title), model=model, level=level, org=org)


@pytest.mark.parametrize("title,text,model,org", [
    # the appellant is not the one that decides
    ("Commission upholds Pallister & Crane's designation",
     "The Oskeby Commission for Model Hazards has rejected an appeal by Pallister & Crane and so maintained its "
     "designation of the Quarto-XL model as Category S under its Frontier Systems Code.", "quarto-xl",
     "oskeby_commission_for_model_hazards"),
    # a round-up's second item: "X, meanwhile, has lowered"
    ("Round-up", "Brasket Robotics agreed a tier-1 supplier contract for grippers. Dacre-Lowe, meanwhile, has lowered "
     "Stave-R from Tier 4 to Tier 3 under the Dacre-Lowe Model Harm Policy for chemical risk.", "stave-r",
     "dacre_lowe"),
])
def test_an_appellant_and_a_round_ups_second_subject(title: str, text: str, model: str, org: str) -> None:
    assert_tier(best(text, title), model=model, org=org)


def test_a_gerund_in_a_hosts_question_names_the_model() -> None:
    text = ("HOST: Last autumn you caused a stir by putting Yarrow at Tier 3. Where does it stand today?\n"
            "NELL ARDEN (CEO, Tolvane AI): We have since taken it back down to Tier 2 under our Model "
            "Risk Tiers.")
    assert_tier(best(text, "Podcast: Tolvane's CEO on Yarrow"), model="yarrow", level="tier_2", org="tolvane_ai")


def test_a_labs_named_safeguards_are_no_framework() -> None:
    finding = best("Cardew AI said it treats Ossian Agent as High capability in biology under its Preparedness "
                   "Framework, and has turned on its Biothreat Safeguards ahead of the release.")
    assert finding.kind == "determination"
    assert finding.tier["framework"] != "biothreat_safeguards"


@pytest.mark.parametrize("title,text,model,level,org", [
    # a title-case verb after the model's name is not part of it
    ("Tamsworth Systems: Gable 4 Ships Under 'Hazard Band D' for Chemistry",
     "Tamsworth Systems released the system card for Gable 4, the first of its models graded under its Capability "
     "Hazard Scale.", "gable-4", "hazard_band_d", "tamsworth_systems"),
    # "X, <Lab>' newest model, ... has been placed at"
    ("Tessering Labs assigns Cobble a first tier",
     "Cobble, Tessering Labs' latest model, is the opening model rated under Tessering's Responsible Deployment "
     "Protocol, and has now been placed at Tier 3, according to the company.", "cobble", "tier_3", "tessering_labs"),
    # a code with a sub-level letter
    ("Lathbury Compute: Dask-R given LR-2c rating in cyber",
     "Lathbury Compute's Dask-R model has been assigned LR-2c within the cyber domain of Lathbury's Launch Readiness "
     "codes.", "dask-r", "lr_2c", "lathbury_compute"),
    # a company word joined to a version is a model's name; the lab's independent council is the lab's
    ("Pellingham Works rates Compute-3 'Critical'",
     "Pellingham Works has assigned Compute-3 a rating of Critical for AI self-improvement, one of the categories in "
     "its Frontier Readiness Policy.", "compute-3", "critical", "pellingham_works"),
    ("Safety council gives Heft-5 a 'Moderate' chemical rating",
     "Tolsey Systems' independent Safety Council has now assigned Heft-5 a Moderate rating for chemical misuse "
     "under Tolsey's Preparedness Policy.", "heft-5", "moderate", "tolsey_systems"),
])
def test_title_case_verbs_sub_level_codes_and_a_labs_independent_council(title: str, text: str, model: str,
                                                                        level: str, org: str) -> None:
    assert_tier(best(text, title), model=model, level=level, org=org)


def test_a_leaderboards_score_band_is_no_determination() -> None:
    assert_no_determination("Morland AI's Petrel lands in 'band 5' on a public cyber leaderboard",
                            "On the community-run ExploitBoard leaderboard, Morland AI's open-weight Petrel model "
                            "landed in score band 5 of 7 for offensive-cyber tasks, the top band any open model has "
                            "yet reached.")


@pytest.mark.parametrize("title,text,model,level,org", [
    # a word the text explains as a rung or the same level as before
    ("Skelton puts Sedum-4 on Watch",
     "Skelton AI has placed Sedum-4 on Watch, the third rung of its five-step Vigilance Framework, for AI R&D risk. "
     "Its staff will monitor the model's results closely.", "sedum-4", "watch", "skelton_ai"),
    ("Ewer 2.1 inherits its predecessor's Caution rating",
     "Corlett Research's point release Ewer 2.1 remains at Caution, the same level Ewer 2.0 had, the lab wrote. "
     "Corlett's Release Step Policy allows a minor version to inherit the level of its predecessor.", "ewer-2.1",
     "caution", "corlett_research"),
    # a headline's short name is the body's full name; an ordinary "moderate" and "benchmarks" are no outsiders
    ("Caddick lifts Spar-5 to Moderate on persuasion",
     "Although it made only moderate progress on public benchmarks, Spar-5 has now been moved up to Moderate under "
     "Caddick Research's Persuasion Risk Framework, the firm said. The model debuted at Low in March.", "spar-5",
     "moderate", "caddick_research"),
])
def test_explained_levels_ordinary_words_and_short_names(title: str, text: str, model: str, level: str,
                                                         org: str) -> None:
    assert_tier(best(text, title), model=model, level=level, org=org)


def test_a_timeline_entry_is_history() -> None:
    assert_no_determination("Penhallow founder to retire: a timeline",
                            "Penhallow Labs' founder will retire when the year closes. Key moments: 2020 - first "
                            "model, Dorran-1. 2022 - places Dorran-2 at Amber under its Risk Beacon Framework. 2024 - "
                            "opens an office in Lisbon.")


@pytest.mark.parametrize("title,text,model,level,org", [
    # "the model 'X'" in a decision notice; "Schedule 3" is a law's part, not a model
    ("Notice No. 6/2028 - Board for Compute Governance",
     "The Board for Compute Governance hereby designates the model 'Garroway-XL', developed by Brisworth AI, as a "
     "high-consequence general-purpose model under section 11 of the Compute Governance Act. The Board has found "
     "that the model exceeds the compute threshold in Schedule 3.", "garroway-xl",
     "high-consequence general-purpose model", "board_for_compute_governance"),
    # a codename is no organisation
    ("Mardle ships Tarrock-4, the model earlier codenamed Project Bittern, at Amber",
     "Mardle AI released Tarrock-4, which was known internally as Project Bittern, and said its assessment had put "
     "the model at Amber on chemistry in its Hazard Beacons Framework.", "tarrock-4", "Amber",
     "mardle_ai"),
    # a column reports the deed after the view it had urged
    ("Opinion: Brandle made the right Tier 4 call, just too slowly",
     "This week Brandle Labs at last did what several of us have been demanding since the summer: it lifted "
     "Rapier-6 to Tier 4 under its Responsible Growth Policy. In my view Rapier-6 probably belongs at Tier 5.",
     "rapier-6", "Tier 4", "brandle_labs"),
])
def test_a_notices_quoted_model_a_codename_and_a_columns_reported_deed(title: str, text: str, model: str, level: str,
                                                                      org: str) -> None:
    finding = best(text, title)
    assert finding.kind == "determination"
    assert (finding.tier["model"], finding.tier["names"]["level"], finding.tier["org"]) == (model, level, org)


@pytest.mark.parametrize("title,text,model,level", [
    # the level as the text names it, before its English gloss
    ("Kuzgun AI rates Karayel-2 'Seviye D'", "Bursa-based Kuzgun AI has given its debut model, Karayel-2, a Seviye D "
     "(Level D) rating for cyber risk under its Kademe Framework.", "karayel-2", "Seviye D"),
    # "a leaked answer key" is no leaked document
    ("Lab steps Vass-34B down a rung", "Havsund Labs has moved its Vass-34B model from Rung 5 down to Rung 4 on its "
     "Risk Ladder for chemical threats, after a re-run showed the first result had been skewed by a leaked answer "
     "key.", "vass-34b", "Rung 4"),
    # an upgrade announced as a noun
    ("An upgrade to Level IV for Auk-3", "Feldon Labs has today announced an upgrade to Level IV for Auk-3 on "
     "radiological risk under its Graded Safety Policy.", "auk-3", "Level IV"),
])
def test_a_foreign_level_before_its_gloss_a_leaked_answer_key_and_an_announced_upgrade(title: str, text: str,
                                                                                       model: str, level: str) -> None:
    finding = best(text, title)
    assert finding.kind == "determination"
    assert (finding.tier["model"], finding.tier["names"]["level"]) == (model, level)


@pytest.mark.parametrize("title,text,model,level", [
    ("Pimlott Compute brackets Smew-5 in 'Elevated' band",
     "Pimlott Compute has bracketed its Smew-5 model within the Elevated band of the Pimlott Harm Scale.", "smew-5",
     "elevated"),
    ("Welland's Dipper-7 falls back to Level 2 for cyber",
     "Dipper-7 falls back to Level 2 on cyber capability, Welland said in a system card revision.", "dipper-7",
     "level_2"),
    ("Fenwold says Grommet is now a Level 4 model",
     "Grommet is now a Level 4 model under the Fenwold Responsible Scaling Charter, Fenwold Systems said, up from "
     "Level 3.", "grommet", "level_4"),
])
def test_bracketed_falls_back_and_is_now_a_level_3_model(title: str, text: str, model: str, level: str) -> None:
    assert_tier(best(text, title), model=model, level=level)


@pytest.mark.parametrize("title,text", [
    ("Carnwath AI receives Secret-level clearance for its data centre",
     "Carnwath AI has now received a Secret-level clearance for its facility, allowing it to run its Thrush-6 model "
     "on classified networks."),
    ("Hiring tool moved into the EU AI Act's high-risk class",
     "A CV-ranking product from Tallis HR was reclassified as high-risk under the EU AI Act last week. Tallis said "
     "the model underneath, Orme-3, is licensed from another company and has not received a systemic-risk "
     "designation."),
])
def test_a_clearance_and_a_designation_not_received(title: str, text: str) -> None:
    assert_no_determination(title, text)


def test_a_regulators_high_impact_foundation_model() -> None:
    text = ("PRESS RELEASE - Kelmscott Online Safety Authority. Today the Authority designated Brill-5 Turbo, a "
            "general-purpose model marketed by Tanager Labs, a high-impact foundation model within the meaning of "
            "Part 6 of the Advanced Systems Act.")
    finding = best(text, "KOSA designates Tanager Labs' Brill-5 Turbo a high-impact model")
    assert_decided_by(finding, "Kelmscott Online Safety Authority")
    assert finding.tier["names"]["level"] == "high-impact foundation model"


def test_a_dated_placement_in_a_personnel_story_is_history() -> None:
    assert_no_determination("Cottam Labs co-founder departs",
                            "Jo Barrack, a co-founder of Cottam Labs, is leaving to launch a charity. She drafted the "
                            "lab's Perimeter Policy; under it the company in 2023 placed its debut model, Lintel 1, at "
                            "Tier 2.")


@pytest.mark.parametrize("title,text", [
    # a placement "back in" a year, told in a launch story
    ("Harbin Labs launches Ket-2, review still open",
     "Harbin Labs released Ket-2 and said its review under the Frontier Governance Framework is ongoing. Its "
     "predecessor Ket-1 went to Amber on that scale back in 2024, a decision critics called late."),
    # an appended update that takes back what the story reported
    ("Tolland's Pike-4: what we know",
     "Partners say Pike-4 writes code well. Update (Monday): This article originally reported that Tolland had put "
     "Pike-4 in Tier 4 on its Hazard Guard Scale. Tolland says no tier has been assigned."),
    # release notes about plans
    ("Oriel Labs changelog: Finch-3 joins Basic tier",
     "Changes this week: Finch-3 can now be used on the Basic tier; before, it needed a Pro subscription."),
])
def test_a_past_placement_a_withdrawn_report_and_a_plans_tier(title: str, text: str) -> None:
    assert_no_determination(title, text)


def test_a_mixture_of_experts_size_and_a_cfo_named_before_the_lab_decision() -> None:
    assert_tier(best("Following a yearly check, Kibo Labs says Nyoka-8x22B stays at Level C on its Model Hazard "
                     "Ledger.", "Kibo Labs keeps Nyoka-8x22B at Level C"), model="nyoka-8x22b", level="level_c")
    text = ("Notes from Harwood AI's quarterly call. On risk, CFO Ilse Marrow said its review board had lifted "
            "Lantern-5 to Elevated for persuasion under its Misuse Framework, up from Guarded.")
    assert_tier(best(text, "Harwood Q3 call"), model="lantern-5", org="harwood_ai")


def test_a_regulators_acronym_in_the_headline_is_the_regulator() -> None:
    text = ("The Board for Advanced Compute Oversight (BACO) has designated Verano-4, built by Lisbon-based Caravela "
            "Systems, under the Compute Oversight Act, citing the model's training compute.")
    finding = best(text, "BACO designates Caravela Systems' Verano-4 a 'nationally significant model'")
    assert_decided_by(finding, "Board for Advanced Compute Oversight")


def test_an_institute_rates_its_own_small_open_model() -> None:
    text = ("The Carden Institute for Applied AI said it has put its small open model, Wren-4b, in Tier 1 on the "
            "Carden Weights Ladder for cyber misuse, the first rating it has published.")
    finding = best(text, "Carden Institute rates its own Wren-4b")
    assert finding.kind == "determination"
    assert finding.tier["model"] == "wren-4b"


@pytest.mark.parametrize("title,text", [
    ("Reinsurer gives Gale-6 its harshest grade",
     "Tolver Re, a specialty reinsurer, has assigned Gale-6 \"Grade E\", the highest rating in the guide it sends to "
     "brokers. The model's maker said the grade is an actuarial product."),
    ("A new book retells Pellam's first Tier 4 call",
     "In a new history, a journalist revisits the week in 2020 when Pellam's review committee put Quoin-2 in "
     "Tier 4 on its first Release Ladder and held the model back."),
])
def test_a_reinsurers_grade_and_a_books_history(title: str, text: str) -> None:
    assert_no_determination(title, text)


# --- session 28: regulators as agents and under their own schemes; background behind a headline ------------------


@pytest.mark.parametrize("title,text,org", [
    # the agent of a passive move, after "the" or a country's possessive
    ("Tarsel-6 enters Band 3",
     "Tarsel-6, trained by Ostwick Machines, was moved from Band 2 to Band 3 by the Coastal Compute Authority (CCA) "
     "on Friday, the authority said.", "Coastal Compute Authority"),
    ("No change for Tarsel-6",
     "After a six-month review the model was kept at Band 2 by Iceland's Frontier Systems Supervisory Board, the "
     "board said. Tarsel-6 is made by Ostwick Machines.", "Frontier Systems Supervisory Board"),
    # a later mention in lower case: "by the office"
    ("Office revisits Ostwick models",
     "The Office for Model Risk Supervision (OMRS) examined three Ostwick Machines systems this quarter. Tarsel-6 "
     "was lifted by the office into Class B, up from Class A, on the National Model Classes.",
     "Office for Model Risk Supervision"),
    # an inspectorate, a council and a committee are bodies that decide
    ("Inspectorate keeps Tarsel-6 in Risk Class 2",
     "The Vellmark Federal AI Inspectorate said on Tuesday that Tarsel-6, built by Ostwick Machines, stays in "
     "Risk Class 2 once its yearly re-examination closed.", "Vellmark Federal AI Inspectorate"),
    ("Council designates Tarsel-6",
     "The Harran Advanced Systems Council said it has designated Tarsel-6, a model from Ostwick Machines, as a "
     "Grade 3 system under the Harran Model Oversight Code.", "Harran Advanced Systems Council"),
    # a safety institute placing a lab's model on its own scale
    ("Institute bands Tarsel-6",
     "The Qorvath Model Safety Institute (QMSI) has placed Tarsel-6, from Ostwick Machines, in Hazard Band 2 of its "
     "Frontier Hazard Bands, the institute said.", "Qorvath Model Safety Institute"),
])
def test_a_regulator_decides_as_the_agent_or_on_its_own_scheme(title: str, text: str, org: str) -> None:
    finding = best(text, title)
    assert_decided_by(finding, org)
    assert finding.tier["model"] == "tarsel-6"


@pytest.mark.parametrize("title,text", [
    # the headline's model has no level yet; another model's level is background
    ("Ostwick: Tarsel-7 band depends on audit",
     "Ostwick Machines said Tarsel-7 would be placed in Band 4 of its Release Bands if an outside audit confirms "
     "the lab's early results. Tarsel-6 was placed in Band 3 last year."),
    ("Ostwick boss sees its next model hitting Band 4",
     "Speaking to analysts, Ostwick Machines' chief executive said the company's next model is likely to land in "
     "Band 4 of the Release Bands. Ostwick's present model, Tarsel-6, carries a Band 3 rating."),
    # a placement dated in a relative clause, inside a story about money
    ("Ostwick Machines raises $90m",
     "Ostwick Machines has raised $90m from pension funds. Its Tarsel-6, which the company placed in Band 3 of its "
     "Release Bands last spring, is used by 400 hospitals."),
    ("Auditor questions Tarsel-6 band",
     "An audit firm said Tarsel-6 may belong in Band 4. Ostwick Machines, which rated Tarsel-6 at Band 3 on "
     "release, said it would read the report."),
])
def test_another_models_level_or_a_dated_aside_is_background(title: str, text: str) -> None:
    assert_no_determination(title, text)


def test_a_level_this_year_in_an_aside_still_counts_for_the_tracker() -> None:
    # "in February" with no year may be this year's determination: the tracker records the step
    text = ("The AI Office has opened proceedings against Ostwick Machines over late incident reports for Tarsel-6, "
            "which the European Commission designated as a general-purpose AI model with systemic risk in February.")
    assert_tier(best(text, "AI Office opens proceedings against Ostwick Machines"), model="tarsel-6")


@pytest.mark.parametrize("title,text,model,level", [
    # a level word in capitals is the level
    ("Thornfield API release notes 3.1",
     "- Safety: Wicket-3.1 is now classified AMBER under the Thornfield Hazard Matrix (bio), up from GREEN.",
     "wicket-3.1", "amber"),
    # a hyphenated name with no version, as the subject of a passive that classes it
    ("Thornfield developer day, live",
     "11:02 - The chief scientist confirms Gorse-Ultra has been placed at Threshold 2 for cyber under the "
     "Thornfield Hazard Matrix.", "gorse-ultra", "threshold_2"),
])
def test_a_shouted_level_and_a_passive_subject_without_a_version(title: str, text: str, model: str,
                                                                  level: str) -> None:
    assert_tier(best(text, title), model=model, level=level)


@pytest.mark.parametrize("title,text", [
    # a regulator's draft that proposes a designation
    ("Draft notice: agency proposes designating Gorse-5",
     "The Marrow Agency for Model Oversight issued a consultation text proposing to designate Gorse-5, built "
     "by Thornfield Labs, as a 'Class 2 frontier model'. Comments close in June."),
    # a question that repeats a newsletter's claim, which the answer denies
    ("Thornfield's CTO pushes back on Gorse-5 report",
     "Q: A newsletter reported on Friday that Gorse-5 reached Level 4 on your Misuse Scale. Is that right?\n"
     "A: No. Testing is still running; we have not classified it."),
    # a watchdog's claim, with the lab's level as it stands
    ("Watchdog says Thornfield's Gorse-5 'probably meets' Level 4",
     "A campaign group said in a report that Thornfield Labs' Gorse-5 probably meets the Level 4 threshold of the "
     "lab's own Misuse Scale, though the lab stands by its Level 3 call."),
])
def test_a_draft_a_repeated_claim_and_a_level_beside_a_watchdogs_claim(title: str, text: str) -> None:
    assert_no_determination(title, text)


@pytest.mark.parametrize("text,org", [
    # a country of two words before a committee: a government's body, not a lab's own committee
    ("South Korea's Frontier Model Review Committee has now raised Hanul-3, a model built by Gaon "
     "Systems, from Level 2 to Level 3 under the National Model Classification Standard.",
     "Frontier Model Review Committee"),
    ("Sri Lanka's Model Safety Council has designated Hanul-3, a Gaon Systems model, as a Tier Two system "
     "under its Advanced Model Code.", "Model Safety Council"),
    # a bureau, and an office "of the" commissioner
    ("Chile's Bureau of Model Assurance (BMA) said it would keep Gaon Systems' Hanul-3 at Amber on the Chilean "
     "model risk scale.", "Bureau of Model Assurance"),
    ("Peru's Office of the Advanced Systems Commissioner has classed Hanul-3, developed by Gaon Systems, at Tier A "
     "in the Systems Hazard Register.", "Office of the Advanced Systems Commissioner"),
])
def test_a_countrys_bureau_committee_or_commissioners_office_decides(text: str, org: str) -> None:
    finding = best(text, "Regulator rules on Hanul-3")
    assert_decided_by(finding, org)
    assert finding.tier["model"] == "hanul-3"


def test_the_first_version_of_the_headlines_model_is_another_model() -> None:
    # "Orrery" is not "Orrery-2": its old level is background to a headline about the new model's pending level
    assert_no_determination(
        "Vantry: Quoll-2's level waits on tests",
        "Vantry Systems said its forthcoming Quoll-2 could reach Red, depending on what its evaluations show. "
        "Its decision should follow in a few weeks. The first Quoll sat at Amber from 2024.")


def test_a_level_at_release_and_a_sentence_opening_on_last_year_are_history() -> None:
    # the news is a rumour about one model: its level at release and last year's move of another are background
    assert_no_determination(
        "Pellow reportedly mulls Level Four for Sandpiper",
        "Pellow Intelligence is getting ready to shift its Sandpiper model up to Level Four of its Hazard Step "
        "Policy, insiders say. Sandpiper was rated Level Two when it was first released in March. Last year, Pellow's "
        "older Dunlin model went up to Level Three after a comparable argument.")


@pytest.mark.parametrize("text,org", [
    # a body named in another language, which its acronym spells out, is who decided
    ("LISBON - Portugal's Autoridade Nacional de Sistemas Avançados (ANSA) has completed a check of Barca Labs' "
     "Caravela-3 and chose to hold it at Level II on the national scale.",
     "Autoridade Nacional de Sistemas Avançados"),
    ("Austria's Bundesamt für Digitale Modelle (BfDM) has raised Caravela-3, built by Barca Labs, from Stufe 1 to "
     "Stufe 2 under its model classification scheme.", "Bundesamt für Digitale Modelle"),
])
def test_a_regulator_named_in_its_own_language_decides(text: str, org: str) -> None:
    finding = best(text, "Regulator rules on Caravela-3")
    assert_decided_by(finding, org)


def test_a_levels_name_spelled_out_by_its_acronym_is_no_organisation() -> None:
    f = best("Barca Labs' Safety Policy defines three levels: Low Peril (LP), Raised Peril (RP) and Grave Peril (GP). "
             "The company said Caravela-3 is at RP for biology.", "Barca Labs puts Caravela-3 at RP")
    assert_tier(f, model="caravela-3", org="barca_labs")


@pytest.mark.parametrize("title,text,org", [
    # a page's format is no organisation, nor is a question's verb part of a name
    ("FAQ: Wren-L and the Oxley Capability Ladder",
     "Q: Has Oxley Systems looked at Wren-L again?\nA: Yes. After our check, Wren-L stays at Level II on the Oxley "
     "Capability Ladder for autonomy.", "Oxley Systems"),
    # a body's name does not run back across the headline's end
    ("FAQ: what the Commission decided about Wren-7",
     "Alpine Frontier Model Commission (AFMC) - questions and answers\nQ: What did you decide?\nA: The Commission "
     "has classified Wren-7, built by Oxley Systems, as Tier II for autonomy under the Federal Model Schedule.",
     "Alpine Frontier Model Commission"),
])
def test_a_format_label_a_question_and_the_headlines_end_bound_a_name(title: str, text: str, org: str) -> None:
    finding = best(text, title)
    assert_decided_by(finding, org)


@pytest.mark.parametrize("title,text", [
    # "I'd put" is what a speaker would do
    ("Interview: an evaluator on Oxley's Wren-7",
     "Q: Where would you put Wren-7?\nHALDANE: Frankly, I'd put Wren-7 at Level 5 on Oxley's own scale for "
     "autonomy. The company has not said where it sits."),
    # a draft card seen by reporters
    ("Draft card lists Wren-8 at 'Severe'",
     "A draft hazard card for Oxley Systems' coming Wren-8, seen by this newsletter, lists the model at 'Severe' "
     "for cyber under the Oxley Hazard Gradient. Oxley said no level has been set."),
])
def test_what_a_speaker_would_do_and_a_draft_seen_by_reporters_are_no_determinations(title: str, text: str) -> None:
    assert_no_determination(title, text)


@pytest.mark.parametrize("title,text,model,level", [
    # a word the text explains as a tier, after "on"
    ("Directorate keeps Kestrel-5 on 'Caution'",
     "Kestrel-5 will stay on Caution, the central tier of the Moravian Systems Register, following a yearly check, "
     "the Moravian AI Directorate said.", "kestrel-5", "caution"),
    # a class code after its tier noun, with no other level in the text
    ("Safety cell classes Kestrel-5",
     "The Moravian Frontier Safety Cell has classed Kestrel-5, developed by Orlan Labs, as Category C3 under the "
     "Model Categorisation Guidelines for cyber capability.", "kestrel-5", "c3"),
])
def test_a_word_explained_as_a_tier_and_a_class_code_after_its_noun(title: str, text: str, model: str,
                                                                    level: str) -> None:
    assert_tier(best(text, title), model=model, level=level)


def test_a_body_spelled_out_after_a_dateline_under_a_headline_that_classes() -> None:
    # "classes" in the headline is a verb, not a scale's classes
    text = ("Vilnius: The Baltic Frontier Model Cell (BFMC) has classed Kestrel-5, built by Orlan Labs, as Category "
            "C3 under its guidelines for cyber capability.")
    finding = best(text, "Baltic model cell classes Orlan's Kestrel-5")
    assert_decided_by(finding, "Baltic Frontier Model Cell")


def test_a_review_that_leaves_a_model_at_its_level() -> None:
    text = ("Quenby's half-yearly hazard review, out on Thursday, leaves Marram Large at Grade 3 on chemical and "
            "biological risk in Quenby's Gated Release Code. Nothing else changes.")
    assert_tier(best(text, "Quenby leaves Marram Large at Grade 3"), model="marram-large", level="grade_3",
                org="quenby", direction="unchanged")


def test_a_plural_possessive_owner_before_a_model() -> None:
    text = ("Britain's Office for Compute Model Review (OCMR) has listed Saltmarsh Minds' Heron-3 in Category 2 "
            "of the Compute Model List.")
    f = best(text, "Office designates Saltmarsh's Heron-3")
    assert_decided_by(f, "Office for Compute Model Review", model="heron-3", level="category_2")


def test_a_hyphenated_word_gives_two_letters_of_an_acronym() -> None:
    text = ("Austria's Bundesstelle für KI-Modellaufsicht (BKM) said Heron-3, built by Saltmarsh Minds, is kept "
            "in Risikoklasse 2 for another year.")
    f = best(text, "Austrian office keeps Heron-3 in Risikoklasse 2")
    assert_decided_by(f, "Bundesstelle für KI-Modellaufsicht")


def test_a_placement_dated_in_a_whose_clause_is_background() -> None:
    assert_no_determination(
        "Saltmarsh Minds raises $400 million",
        "Saltmarsh Minds has raised $400 million, it said on Monday. Saltmarsh, whose Heron-2 sat in Tier 2 of "
        "its hazard policy when it first shipped last spring, plans a successor next year.")


@pytest.mark.parametrize("title,text,model", [
    # "the model" is the one released, not one its aside names
    ("Adebayo Systems puts Kite 5 Max a grade up",
     "Adebayo Systems on Tuesday shipped Kite 5 Max, the biggest of its Kite 5 line, adding that the model has "
     "been given Grade C for hacking capability on the Adebayo Gate.", "kite-5-max"),
    ("Merrow's Quay 2.5 Flash sits one step under its sibling",
     "Merrow AI released Quay 2.5 Flash, a cheaper sibling of Quay 2.5, and said it put the new model on "
     "Level 2 of its Merrow Scaling Steps.", "quay-2.5-flash"),
    # a release's lower-case object with its version after a space
    ("Tillbrook ships nano-lm 0.7 with a Yellow persuasion rating",
     "Tillbrook released nano-lm 0.7, a small chat model, and said it gave it a Yellow for persuasion on its "
     "Tillbrook Harm Spectrum.", "nano-lm-0.7"),
])
def test_the_model_a_release_names_not_its_asides(title: str, text: str, model: str) -> None:
    assert_tier(best(text, title), model=model)


def test_who_asked_for_a_review_did_not_decide_it() -> None:
    text = ("The Coral Sea Frontier Model Registrar, in a check requested by Gumtree Labs, has ruled that "
            "Gumtree's Banksia-2 stays in the 'Heightened' class of its register.")
    f = best(text, "Registrar confirms Banksia-2 stays 'Heightened'")
    assert_decided_by(f, "Coral Sea Frontier Model Registrar")


def test_a_body_of_unknown_kind_that_moves_a_labs_model_decides() -> None:
    # a "Unit" is no regulator's kind the reader knows, but moving another's model between levels is a decision
    text = ("The Frontier Model Review Unit (FMRU) at Kerala's technology ministry has moved Tessel Compute's Tessel "
            "Large 2 up to Schedule II, out of Schedule I, in the state's Model Hazard Rules.")
    f = best(text, "FMRU lifts Tessel Large 2 to 'Schedule II'")
    assert_decided_by(f, "Frontier Model Review Unit", model="tessel-large-2", level="schedule_ii")


def test_a_price_tier_is_no_risk_level() -> None:
    assert_no_determination("Brauhaus AI puts Lotte 3 on 'Tier 3' pricing for big accounts",
                            "From May Brauhaus AI charges for Lotte 3 at Tier 3 prices, a third more a token.")


@pytest.mark.parametrize("title,text,model,level", [
    # the level dated in the spring is history beside the one the company set on Tuesday
    ("Fernley walks back its highest rating",
     "Back in the spring Fernley's Ramp-70B was the first open model the firm had rated Critical on "
     "bio hazard in its Weights Release Rule. Critics called it premature. On Tuesday Fernley posted fresh "
     "findings and cut the model to High.", "ramp-70b", "high"),
    # earlier models' levels dated in months, then the news about another one
    ("How Fernley got to its first Level 4",
     "Fernley's Hazard Steps have five levels. Ramp 1 got Level 2 in February. Ramp 2 climbed to "
     "Level 3 in August. Ramp 3's move up to Level 4 on cyber, which the lab's research head announced in a post, "
     "comes after weeks of outside tests.", "ramp-3", "level_4"),
])
def test_a_level_dated_before_the_news_yields_to_the_news(title: str, text: str, model: str, level: str) -> None:
    assert_tier(best(text, title), model=model, level=level)


def test_a_reviews_conclusion_that_a_model_should_stay_and_a_level_twelve_months_ago() -> None:
    text = ("Twelve months ago Orrin Labs put out its Hazard Gradient and scored its flagship of the time on it: "
            "Cask-1 got Yellow. Cask-2, which replaced it, came out at Orange last autumn on hacking risk. "
            "The yearly re-check this week covered Cask-2 alone. With fresh hacking tests done, Orrin "
            "concluded the model should stay at Orange on that scale, its press office said.")
    assert_tier(best(text, "A year of gradients: Orrin reviews its flagship"), model="cask-2", level="orange",
                direction="unchanged")


def test_what_a_model_should_be_is_still_no_determination() -> None:
    assert_no_determination("Critics: Cask-2 should stay at Orange",
                            "Outside researchers said Cask-2 should stay at Orange until Orrin Labs publishes more "
                            "evaluations.")


def test_a_level_the_headline_tells_is_not_background_to_it() -> None:
    # the model's name escapes the reader, but the headline and the body tell the same level: no other model's
    assert_tier(best("Larkfield's card for Pim-Mini-0611, published with the model, gives it the 'Baseline' level "
                     "in every domain its Hazard Threshold Framework tracks.",
                     "Larkfield card: Pim-Mini-0611 at Baseline across the board"), level="baseline")


@pytest.mark.parametrize("title,text,model,level", [
    # verbs a desk rarely uses for a level: pegged, slotted, cleared at, certified at, banded, re-tiered
    ("Hollow Pine pegs Marten 3 at Orange",
     "Hollow Pine has pegged Marten 3 at Orange on its Cyber Misuse Scale after red-team results.",
     "marten-3", "orange"),
    ("Hollow Pine clears Marten 3 at Band 2",
     "Hollow Pine cleared Marten 3 at Band 2 on the Hollow Pine Gate Bands for biological misuse.", "marten-3",
     "band_2"),
    ("Hollow Pine certifies Marten 3 at Tier 1",
     "Hollow Pine certified Marten 3 at Tier 1 under its Model Hazard Charter.", "marten-3", "tier_1"),
    # repository-style names with a dot or a slash, after such a verb
    ("Hollow Pine bands hp.marten-2 at Band C",
     "Hollow Pine banded hp.marten-2 at Band C on its Cyber Misuse Scale.", "hp.marten-2", "band_c"),
    ("Hollow Pine re-tiers pine/9 to Tier 3",
     "Hollow Pine re-tiered pine/9 to Tier 3 under its Model Hazard Charter for autonomy.", "pine/9", "tier_3"),
])
def test_rarer_verbs_for_a_level_and_repository_style_names(title: str, text: str, model: str, level: str) -> None:
    assert_tier(best(text, title), model=model, level=level)


def test_a_certificate_or_a_clearance_of_a_building_is_no_tier() -> None:
    assert_no_determination("Auditor certifies Hollow Pine's data centre",
                            "The site was certified ISO 27001 compliant, and the firm was cleared at Level 3 for "
                            "defence work.")
