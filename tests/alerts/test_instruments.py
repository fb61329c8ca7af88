"""The law a regulatory move names, and the stage it is at, read from the text."""

import pytest

from monitor.alerts.instruments import find_instrument, find_stage


@pytest.mark.parametrize("title, text, jurisdiction, instrument, stage", [
    ("California enacts SB 53 on frontier AI", "Governor Newsom signed Senate Bill 53 into law.", ["us_state"],
     "SB 53", "signed"),
    ("EU delays high-risk rules of the AI Act", "The Commission proposed to postpone obligations of the AI Act.",
     ["eu"], "EU AI Act", "delayed"),
    ("New York RAISE Act heads to governor", "The legislature passed the RAISE Act.", ["us_state"], "RAISE Act",
     "passed"),
    ("Judge blocks Colorado AI Act", "A federal judge blocked the Colorado AI Act from taking effect.", ["us_state"],
     "Colorado AI Act", "struck down"),
    ("AI Act obligations for general-purpose models now apply",
     "From today the AI Act's obligations for general-purpose AI models apply in the EU.", ["eu"], "EU AI Act",
     "in force"),
    ("Senator introduces AI whistleblower bill", "The AI Whistleblower Protection Act was introduced on Tuesday.",
     ["us"], "AI Whistleblower Protection Act", "proposed"),
    ("FTC orders chatbot makers to hand over data on teens", "The agency issued orders to seven companies.",
     ["us"], None, None),
])
def test_instrument_and_stage_where_the_text_tells_them(title, text, jurisdiction, instrument, stage):
    assert find_instrument(title, text, jurisdiction) == instrument
    assert find_stage(title, [], text) == stage


def test_a_consultation_on_guidelines_under_an_act_names_the_guidelines_not_the_act():
    title = "Commission opens consultation on guidelines for AI transparency obligations"
    text = ("The Commission has launched a public consultation on draft guidelines for the transparency "
            "obligations of Article 50 of the AI Act. The guidelines will accompany the AI Act's code of practice.")
    assert find_instrument(title, text, ["eu"]) == "Guidelines for AI transparency obligations"
    assert find_stage(title, [], text, "regulation") == "proposed"


@pytest.mark.parametrize("action, stage", [("litigation", None), ("enforcement", None), ("legislation", "proposed")])
def test_a_lawsuit_or_a_fine_has_no_legislative_stage(action, stage):
    title = "Attorney general sues chatbot maker over teen safety"
    text = ("The state attorney general filed a lawsuit on Thursday against the maker of a companion chatbot app. "
            "A federal bill that would ban such apps for minors was introduced last month.")
    assert find_stage(title, [], text, action) == stage


def test_a_court_striking_a_law_down_is_the_stage_of_litigation():
    assert find_stage("Judge blocks Colorado AI Act", [], "", "litigation") == "struck down"
