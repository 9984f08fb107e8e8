"""conformance.html: the verdict first, every scenario with its evidence, the matrix; escaped, self-contained."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from ibkey_conformance.report.html import render_html, scenario_anchor

from .sample_results import FACE_ID, IMAGES, IOS_QR, IOS_TYPED, sample_results


class Page(HTMLParser):
    """What a browser would fetch and what links point at, read from the markup."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.resources: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.fragments: list[str] = []
        self.tags: list[str] = []
        self.open_details: list[str] = []
        self.closed_details: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("src", "href", "srcset", "poster", "data", "action", "formaction"):
            if attrs.get(name) is not None:
                self.resources.append((tag, name, attrs[name]))
        if attrs.get("href", "").startswith("#"):
            self.fragments.append(attrs["href"][1:])
        if tag == "details" and "scenario" in attrs.get("class", ""):
            (self.open_details if "open" in attrs else self.closed_details).append(attrs["id"])


@pytest.fixture
def html() -> str:
    return render_html(sample_results())


def test_the_verdict_opens_the_page(html):
    banner = html.index('class="banner tone-bad" data-verdict="does_not_conform"')
    assert html.index("DOES NOT CONFORM", banner) < html.index('id="flows"')
    assert "1 of 4 scenarios did not pass." in html


@pytest.mark.parametrize(
    ("verdict", "label", "tone"),
    [
        ("conforms", "CONFORMS", "good"),
        ("does_not_conform", "DOES NOT CONFORM", "bad"),
        ("did_not_run", "DID NOT RUN", "none"),
    ],
)
def test_each_verdict_has_its_banner(verdict, label, tone):
    results = sample_results()
    results["verdict"] = verdict
    html = render_html(results)
    assert (
        f'<header class="banner tone-{tone}" data-verdict="{verdict}">\n    <div class="verdict">{label}</div>' in html
    )


def test_the_summary_names_the_target_and_the_run(html):
    for text in (
        "IB Key reference",
        "adapter: reference",
        "20261127-162642-3fa2",
        "2026-11-27 16:26:42 UTC",
        "1 min 13 s",
        "2 (pytest-xdist)",
        "platform ios",
        '<span class="chip">challenge_response</span>',
        "0.1.0",
        "Clauses passed against the target: 1 of 5 implementation clauses = 20%",
        "harness model only: 1 of 1 walked",
    ):
        assert text in html, text


def test_each_scenario_that_did_not_pass_is_linked_from_the_summary(html):
    summary = html[: html.index('id="flows"')]
    assert f'href="#{scenario_anchor(FACE_ID)}"' in summary
    assert f'href="#{scenario_anchor(IOS_QR)}"' not in summary


def test_scenarios_are_grouped_by_area_in_the_seed_order(html):
    assert html.index('id="area-activation"') < html.index('id="area-authentication"')
    assert html.index(scenario_anchor(IOS_QR)) < html.index(scenario_anchor(FACE_ID), html.index('id="flows"'))


def test_failed_scenarios_are_open_and_the_others_folded(html):
    page = Page(html)
    assert page.open_details == [scenario_anchor(FACE_ID)]
    assert scenario_anchor(IOS_QR) in page.closed_details
    assert scenario_anchor(IOS_TYPED) in page.closed_details


def test_the_failing_step_shows_the_error_with_expected_and_actual(html):
    step = html.index(f'id="{scenario_anchor(FACE_ID)}-step-4"')
    box = html[step : html.index("</li>", step)]
    assert '<span class="error-type">AssertionError</span>' in box
    assert "スマートフォンに通知が届きませんでした: 5秒待っても0件" in box
    assert re.search(r'class="diff-col expected"><h5>Expected</h5><pre>IBKRモバイルからの通知 1件</pre>', box)
    assert re.search(r'class="diff-col actual"><h5>Actual</h5><pre>通知 0件 \(5秒待機\)</pre>', box)
    assert '<details class="traceback"><summary>Traceback</summary><pre>steps/phone.py:212' in box
    # the screens as they were when it failed, not "unchanged"
    assert 'src="images/c9d0e1f2.png"' in box and 'data-screen="ロック画面"' in box


def test_checks_list_expected_actual_and_result(html):
    scenario = html[html.index(f'id="{scenario_anchor(FACE_ID)}"') :]
    table = scenario[scenario.index('<table class="checks">') : scenario.index("</table>")]
    assert table.count("<tr class=") == 2
    assert '<tr class="failed">' in table and "✗ fail" in table and "✓ pass" in table


def test_evidence_repeated_from_the_previous_step_is_shown_once(html):
    scenario = html[html.index(f'id="{scenario_anchor(IOS_QR)}"') : html.index(f'id="{scenario_anchor(IOS_TYPED)}"')]
    # steps 2-6 all show the same portal page: one image, then "unchanged"
    assert scenario.count('src="images/a1b2c3d4.png"') == 1
    assert scenario.count('src="images/b5e6f7a8.png"') == 1
    assert "Portal and phone unchanged since" in scenario
    assert scenario.count('data-screen="Home"') == 1
    assert scenario.count('data-screen="Activation Successful"') == 1


def test_screenshots_are_linked_by_relative_path_and_open_full_size(html):
    page = Page(html)
    images = {value for tag, name, value in page.resources if tag == "img"}
    assert images == {f"images/{name}.png" for name in IMAGES}
    for image in images:
        assert f'<a href="{image}" target="_blank"' in html
    assert "base64" not in html


def test_the_page_loads_nothing_from_the_network(html):
    page = Page(html)
    for tag, attribute, value in page.resources:
        assert not re.match(r"(?i)\s*(https?:)?//", value), (tag, attribute, value)
    assert not {"script", "link", "iframe", "object", "embed"} & set(page.tags)
    assert "url(" not in html and "@import" not in html


def test_every_link_inside_the_page_has_a_target(html):
    page = Page(html)
    assert page.fragments
    assert set(page.fragments) <= page.ids, set(page.fragments) - page.ids


def test_matrix_has_a_row_per_clause_with_status_and_verdict(html):
    matrix = html[html.index('id="matrix"') : html.index('id="untested"')]
    for clause in sample_results()["clauses"]:
        row = matrix[matrix.index(f'<tr id="clause-{clause["id"]}" data-verdict="{clause["verdict"]}">') :]
        row = row[: row.index("</tr>")]
        assert f'class="badge s-{clause["status"]}"' in row
        assert f'class="badge v-{clause["verdict"]}"' in row
        for scenario_id in clause["scenarios"]:
            assert f'href="#{scenario_anchor(scenario_id)}"' in row
    assert matrix.index("Activation on iOS and Android") < matrix.index("IBKRモバイル認証の使用方法")


def test_untested_clauses_and_findings_are_listed(html):
    untested = html[html.index('id="untested"') : html.index('id="findings"')]
    assert "PIN-LENGTH" in untested and "Needs a phone keyboard model" in untested
    findings = html[html.index('id="findings"') :]
    assert "F-01" in findings and "figure only" in findings
    assert "「始ります」は「始まります」の誤り。" in findings


def test_japanese_is_marked_as_japanese(html):
    assert '<article class="feature" id="' in html
    assert re.search(
        r'<article class="feature" id="feature-[0-9a-f]+" lang="ja">\s*<header>\s*<h3>Face IDでの使用方法', html
    )
    assert "Noto Sans CJK JP" in html and "IPAGothic" in html


def test_markup_in_the_data_is_escaped_everywhere():
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    results = sample_results()
    scenario = results["scenarios"][2]
    scenario["name"] = attack
    scenario["steps"][3]["text"] = attack
    scenario["error"]["message"] = attack
    scenario["error"]["expected"] = attack
    scenario["checks"][0]["actual"] = attack
    scenario["tags"].append(attack)
    results["clauses"][0]["text"] = attack
    results["findings"][0]["text"] = attack
    results["run"]["implementation"]["name"] = attack
    results["run"]["command"] = attack
    html = render_html(results)
    assert "<script" not in html.lower()
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_phone_screens_are_the_simulator_html_inside_a_phone_frame(html):
    frames = html.count('<div class="phone-frame"><div class="phone-screen"><div class="phone-scale">')
    assert frames == html.count('<section class="ibkp"')
    assert frames >= 4


def test_an_empty_run_still_renders():
    results = sample_results()
    results.update(verdict="did_not_run", scenarios=[], findings=[])
    for clause in results["clauses"]:
        clause["scenarios"] = []
    html = render_html(results)
    assert "DID NOT RUN" in html and "No scenario in this run." in html and "No findings." in html
