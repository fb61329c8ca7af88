"""The taxonomy owns the label ids and the names people read (the classifier's use of it is
tested in tests/classify/test_classify.py)."""

import pytest

from monitor.taxonomy import TaxonomyError, load_taxonomy


def test_every_label_of_the_bundled_taxonomy_has_its_name():
    names = load_taxonomy(use_env=False)
    assert [names.jurisdiction_name(j) for j in names.jurisdiction_ids] == [
        "US federal", "US states", "EU", "UK", "China", "International", "Other"]
    assert (names.theme_name("ip"), names.theme_name("cbrn"), names.action_name("tier_change")) == (
        "Intellectual property", "CBRN", "tier change")


def test_ids_without_a_name_are_said_in_words():
    names = load_taxonomy(use_env=False)
    assert names.theme_name("energy_use") == "Energy use"


def test_a_users_taxonomy_names_its_own_labels_and_is_read_again_when_it_changes(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("themes:\n  energy:\n    name: Energy and water\n    cues: [grid capacity]\n")
    names = load_taxonomy(mine)
    assert (names.theme_name("energy"), names.theme_name("cyber")) == ("Energy and water", "Cyber")
    assert load_taxonomy(mine) is names  # read once
    mine.write_text("themes:\n  energy:\n    name: Energy\n    cues: [grid capacity]\n")
    assert load_taxonomy(mine).theme_name("energy") == "Energy"


def test_a_taxonomy_that_still_names_tier_orgs_is_told_where_they_went(tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text("orgs:\n  northwind: Northwind Labs\n")
    with pytest.raises(TaxonomyError, match="old.yaml: 'orgs' is no longer read here.*MONITOR_FRAMEWORKS"):
        load_taxonomy(old)
