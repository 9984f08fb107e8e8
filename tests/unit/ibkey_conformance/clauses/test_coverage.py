"""Reading `@clause.ID` tags from feature files with pytest-bdd's own parser, in English and Japanese."""

from __future__ import annotations

from ibkey_conformance.clauses import Catalogue, Clause, ScenarioClauses, coverage, scenario_clauses, unknown_tags

ENGLISH = """@ios @clause.FEATURE-WIDE
Feature: Activation
  Background:
    Given a user

  @negative @clause.A-1
  @clause.A-2
  Scenario: First
    Given a step

  @clause.B-1
  Scenario Outline: Second with <n>
    Given a step with <n>

    Examples:
      | n |
      | 1 |
      | 2 |
"""

JAPANESE = """# language: ja
@ja
機能: ログインの問題
  @clause.A-1
  シナリオ: 大文字のユーザー名
    前提 ユーザーがいる

  シナリオ: タグのないシナリオ
    前提 ユーザーがいる
"""


def clause(clause_id: str) -> Clause:
    return Clause(clause_id, "s", "rule", "explicit", "A rule.", (1,))


def write_features(tmp_path):
    (tmp_path / "activation").mkdir()
    (tmp_path / "activation" / "activation.feature").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "login.feature").write_text(JAPANESE, encoding="utf-8")
    return tmp_path


def test_scenarios_carry_their_own_and_their_features_clause_tags(tmp_path):
    scenarios = scenario_clauses(write_features(tmp_path))
    assert scenarios == [
        ScenarioClauses("activation/activation.feature", "Activation", "First", 8, ("A-1", "A-2", "FEATURE-WIDE")),
        ScenarioClauses("activation/activation.feature", "Activation", "Second with <n>", 12, ("B-1", "FEATURE-WIDE")),
        ScenarioClauses("login.feature", "ログインの問題", "大文字のユーザー名", 5, ("A-1",)),
        ScenarioClauses("login.feature", "ログインの問題", "タグのないシナリオ", 8, ()),
    ]


def test_coverage_lists_every_catalogue_clause_with_the_scenarios_that_name_it(tmp_path):
    scenarios = scenario_clauses(write_features(tmp_path))
    catalogue = Catalogue((), (clause("A-1"), clause("B-1"), clause("C-1")), ())
    covered = coverage(catalogue, scenarios)
    assert list(covered) == ["A-1", "B-1", "C-1"]
    assert [s.scenario for s in covered["A-1"]] == ["First", "大文字のユーザー名"]
    assert [s.scenario for s in covered["B-1"]] == ["Second with <n>"]
    assert covered["C-1"] == []


def test_unknown_tags_are_the_ids_the_catalogue_lacks(tmp_path):
    scenarios = scenario_clauses(write_features(tmp_path))
    catalogue = Catalogue((), (clause("A-1"), clause("B-1")), ())
    unknown = unknown_tags(catalogue, scenarios)
    assert sorted(unknown) == ["A-2", "FEATURE-WIDE"]
    assert [s.scenario for s in unknown["FEATURE-WIDE"]] == ["First", "Second with <n>"]
