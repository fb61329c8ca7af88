"""The taxonomy owns the label ids and the names people read (the classifier's use of it is
tested in tests/classify/test_classify.py)."""

import pytest

from monitor.taxonomy import level_name, load_taxonomy


def test_every_label_of_the_bundled_taxonomy_has_its_name():
    names = load_taxonomy(use_env=False)
    assert [names.jurisdiction_name(j) for j in names.jurisdiction_ids] == [
        "US federal", "US states", "EU", "UK", "China", "International", "Other"]
    assert (names.theme_name("ip"), names.theme_name("cbrn"), names.action_name("tier_change")) == (
        "Intellectual property", "CBRN", "tier change")
    assert (names.org_name("google_deepmind"), names.framework_name("rsp")) == (
        "Google DeepMind", "Responsible Scaling Policy")


def test_ids_without_a_name_are_said_in_words():
    names = load_taxonomy(use_env=False)
    assert names.theme_name("energy_use") == "Energy use"
    assert (names.org_name("new_lab"), names.org_name(None)) == ("New Lab", "Unknown org")
    assert names.framework_name("lab_policy") == "lab_policy"


def test_a_users_taxonomy_names_its_own_labels_and_is_read_again_when_it_changes(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("themes:\n  energy:\n    name: Energy and water\n    cues: [grid capacity]\n"
                    "orgs:\n  northwind: Northwind Labs\n")
    names = load_taxonomy(mine)
    assert (names.theme_name("energy"), names.org_name("northwind"), names.org_name("openai")) == (
        "Energy and water", "Northwind Labs", "OpenAI")
    assert load_taxonomy(mine) is names  # read once
    mine.write_text("themes:\n  energy:\n    name: Energy\n    cues: [grid capacity]\n")
    assert load_taxonomy(mine).theme_name("energy") == "Energy"


@pytest.mark.parametrize("level,name", [
    ("asl-3", "ASL-3"), ("high", "High"), ("below_high", "below High"), ("ccl", "CCL"),
    ("alert_threshold", "alert threshold"), ("cb-1", "CB-1"), ("cbrn-4", "CBRN-4"), ("ai-r&d-4", "AI R&D-4"),
])
def test_levels_are_named_as_their_scheme_writes_them(level, name):
    assert level_name(level) == name
