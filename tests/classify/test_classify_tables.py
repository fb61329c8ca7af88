"""Tables written as text: each row becomes a sentence the tier reader reads."""

from __future__ import annotations

from monitor.classify.tiers import extract_tier
from monitor.classify.tiers.tables import rows_as_sentences


def test_a_table_a_row_a_line_becomes_a_sentence_a_row() -> None:
    text = ("Current levels under the Brill Safety Commitments\n"
            "Model | Domain | Level | Change\n"
            "Perch-2 | cyber | Level 2 | none\n"
            "Perch-3 | bio | Level 3 | raised from Level 2\n"
            "Note: the change is effective today.")
    assert rows_as_sentences(text).splitlines() == [
        "Current levels under the Brill Safety Commitments",
        "Perch-2 stays at Level 2 for cyber.",
        "Perch-3 is at Level 3 for bio, raised from Level 2.",
        "Note: the change is effective today.",
    ]


def test_rows_run_together_with_dashes_and_sentences_around_them() -> None:
    text = ("The report includes this table. Model | Area | Tier \u2014 Dace-1 | Autonomy | T2 \u2014 Dace-2 | Cyber | "
            "T1. T2 is the second of four tiers.")
    assert rows_as_sentences(text).splitlines() == [
        "The report includes this table.", "Dace-1 is at level T2 for Autonomy.", "Dace-2 is at level T1 for Cyber.",
        "T2 is the second of four tiers."]


def test_pipes_that_are_no_table_of_levels_are_left_alone() -> None:
    text = "Prices | Q1 | Q2 | Q3\nWidgets | 4 | 5 | 6"
    assert rows_as_sentences(text) == text


def test_the_moving_row_of_a_labs_table_is_its_determination() -> None:
    text = ("Brill AI's quarterly report lists its current determinations under the Brill Safety Commitments.\n"
            "Model | Domain | Level | Change\nPerch-2 | Cyber | L2 | none\nPerch-3 | Autonomy | L2 | lowered from L3\n"
            "The change followed the removal of a code-execution tool.")
    finding = extract_tier("Brill AI quarterly report: model risk levels", text)
    assert finding.kind == "determination"
    assert (finding.tier["model"], finding.tier["names"]["level"], finding.tier["direction"]) == ("perch-3", "L2",
                                                                                                  "down")
    assert finding.tier["names"]["org"] == "Brill AI"


def test_previous_and_current_level_columns_give_the_move() -> None:
    text = ("Here is the table. System | Prior level | Level now | Risk area. Perch-2 | Quiet | Quiet | none. "
            "Perch-3 | Quiet | Loud | deception. Perch-3 Mini | pending | pending | -. A note follows.")
    assert rows_as_sentences(text).splitlines() == [
        "Here is the table.", "Perch-2 stays at Quiet.", "Perch-3 moved from Quiet to Loud for deception.",
        "Perch-3 Mini is not assessed.", "A note follows."]
