"""`ibkey-conform run` against targets given on the command line: the reference through the adapter path,
a target lacking capabilities, and a target with an expected-failure list."""

import subprocess
import sys
from pathlib import Path

from ibkey_conformance.report.results_file import load_results

# Activation on both platforms, push approval and challenge/response: every Authenticator method is used.
AUTHENTICATOR_CLAUSES = "CR-1,PUSH-3,AND-SID-7,IOS-TYPED-8"
REFERENCE_AUTHENTICATOR = "ibkey_reference.phone.ibkr_mobile.authenticator:ReferenceAuthenticator"


def _run(tmp_path: Path, *options: str) -> tuple[subprocess.CompletedProcess, dict]:
    command = [sys.executable, "-m", "ibkey_conformance.cli", "run", *options, "--report-dir", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    [run_dir] = [path for path in tmp_path.iterdir() if path.name != "latest"]
    return done, load_results(run_dir / "results.json")


def _outcomes(results: dict) -> dict[str, str]:
    return {scenario["name"]: scenario["outcome"] for scenario in results["scenarios"]}


def test_the_reference_authenticator_passes_through_the_third_party_path(tmp_path):
    done, results = _run(tmp_path, "--authenticator", REFERENCE_AUTHENTICATOR, "--clauses", AUTHENTICATOR_CLAUSES)
    assert done.returncode == 0, done.stdout[-2000:]
    assert results["verdict"] == "conforms" and results["totals"]["passed"] == results["totals"]["scenarios"] >= 5
    assert results["run"]["implementation"]["adapter"] == f"Python authenticator {REFERENCE_AUTHENTICATOR}"


def test_scenarios_needing_what_the_target_lacks_are_not_applicable_with_the_reason(tmp_path):
    module = tmp_path.parent / "android_only.py"
    module.write_text(
        "from ibkey_reference.phone.ibkr_mobile.authenticator import ReferenceAuthenticator\n\n\n"
        "def create(phone):\n    return ReferenceAuthenticator(phone)\n\n\n"
        'create.capabilities = {"android", "challenge_response"}\n'
    )
    done, results = _run(tmp_path, "--authenticator", f"{module}:create", "--clauses", AUTHENTICATOR_CLAUSES)
    scenarios = results["scenarios"]
    not_applicable = [scenario for scenario in scenarios if scenario["outcome"] == "not_applicable"]
    assert done.returncode == 0 and results["verdict"] == "conforms", done.stdout[-2000:]
    assert all("ios" in s["tags"] or "PUSH-3" in s["clauses"] for s in not_applicable)
    assert all(s["reason"].startswith("not applicable: ") and "does not declare" in s["reason"] for s in not_applicable)
    assert {s["outcome"] for s in scenarios if s not in not_applicable} == {"passed"}
    assert len(not_applicable) >= 3 and results["totals"]["not_applicable"] == len(not_applicable)


def test_expected_failures_are_reported_as_such_and_an_unexpected_pass_is_flagged(tmp_path):
    mutant = tmp_path.parent / "three_character_pin.py"
    mutant.write_text(
        "from ibkey_reference.phone.ibkr_mobile.authenticator import ReferenceAuthenticator\n\n\n"
        "class ThreeCharacterPin(ReferenceAuthenticator):\n"
        "    def check_pin(self, pin):\n        if len(pin) != 3:\n            super().check_pin(pin)\n"
    )
    config = tmp_path.parent / "target.toml"
    config.write_text(
        f'[implementation]\nname = "Three-character PIN"\n[authenticator]\nfactory = "{mutant}:ThreeCharacterPin"\n'
        '[expected_failures]\n"A PIN of 3 digits is refused" = "we allow 3 digits"\n'
        '"A PIN of 4 digits is accepted" = "listed by mistake"\n'
    )
    done, results = _run(tmp_path, "--config", str(config), "--clauses", "AND-PIN-RULE")
    outcomes = _outcomes(results)
    assert done.returncode == 1 and "verdict: DOES NOT CONFORM" in done.stdout
    assert outcomes["A PIN of 3 digits is refused"] == "xfailed"
    assert outcomes["A PIN of 4 digits is accepted"] == "xpassed"
    assert results["run"]["implementation"]["name"] == "Three-character PIN"


HANGING_AUTHENTICATOR = """\
import json, sys, time
for line in sys.stdin:
    request = json.loads(line)
    if request["method"] != "hello":
        time.sleep(3600)
    result = {"protocol": 1, "name": "hangs", "version": "0", "capabilities": ["ios", "android", "push",
              "challenge_response"]}
    print(json.dumps({"id": request["id"], "result": result}), flush=True)
"""


def test_a_hanging_authenticator_is_cut_off_and_the_run_completes(tmp_path):
    script = tmp_path.parent / "hangs.py"
    script.write_text(HANGING_AUTHENTICATOR)
    config = tmp_path.parent / "hangs.toml"
    config.write_text(f'[authenticator]\ncommand = ["{sys.executable}", "{script}"]\ntimeout = 1\n')
    done, results = _run(tmp_path, "--config", str(config), "--clauses", AUTHENTICATOR_CLAUSES)
    assert done.returncode == 1 and "verdict: DOES NOT CONFORM" in done.stdout
    errors = [scenario["error"]["message"] for scenario in results["scenarios"]]
    assert len(errors) >= 5 and all(errors)
    cut_off = [message for message in errors if message.startswith("not started: the authenticator died in 3")]
    timed_out = [message for message in errors if message not in cut_off and "within 1.0 s" in message]
    assert len(timed_out) == 3 and len(cut_off) == len(errors) - 3, errors


def test_the_node_authenticator_passes_through_the_bridge(tmp_path):
    node_authenticator = Path(__file__).resolve().parents[4] / "fixtures/implementations/node_authenticator"
    command = f"node {node_authenticator / 'authenticator.js'}"
    done, results = _run(tmp_path, "--authenticator-cmd", command, "--clauses", AUTHENTICATOR_CLAUSES, "-n", "2")
    assert done.returncode == 0, done.stdout[-3000:]
    assert results["verdict"] == "conforms" and results["totals"]["passed"] == results["totals"]["scenarios"] >= 5
    implementation = results["run"]["implementation"]
    assert implementation["adapter"].startswith("bridge (JSON lines) to node ") and "node" in implementation["name"]
