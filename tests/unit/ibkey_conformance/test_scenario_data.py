from ibkey_conformance.scenario_data import ScenarioData


def _draw(data: ScenarioData) -> tuple[str, ...]:
    return data.username(), data.password(), data.pin(4), data.pin(6, "letters and special characters")


def test_a_seed_reproduces_a_scenario_s_data_even_after_other_scenarios_drew_theirs():
    first = _draw(ScenarioData(1234))
    _draw(ScenarioData(99))
    assert _draw(ScenarioData(1234)) == first
    assert _draw(ScenarioData(4321)) != first


def test_scenarios_of_one_seeded_run_draw_different_users_and_each_draws_the_same_again():
    first, second = ScenarioData(7, "features/a::test_one"), ScenarioData(7, "features/a::test_two")
    assert first.username() != second.username()
    assert ScenarioData(7, "features/a::test_one").username() == ScenarioData(7, "features/a::test_one").username()
