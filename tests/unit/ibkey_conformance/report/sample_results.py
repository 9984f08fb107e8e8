"""A small but realistic results.json for the report renderers: two features (one Japanese), a passed scenario
with portal and phone evidence, a failed one with expected and actual, a skipped and a not-applicable one, five
clauses with every verdict, two documentation findings, and real PNG screenshots. As a run records them, a
scenario's tags include its feature's and leave out the @clause tags, which are its clauses."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from PIL import Image, ImageDraw

from ibkey_reference.phone.screen import Control, Screen

RUN_ID = "20261127-162642-3fa2"
IOS_QR = "features/test_scenarios.py::test_more_twofactor_authentication_add_user_then_the_qr_code"
IOS_TYPED = "features/test_scenarios.py::test_activation_code_typed_by_hand_on_android"
FACE_ID = "features/test_scenarios.py::test_通知を選択してface_idで認証する"
TOUCH_ID = "features/test_scenarios.py::test_通知を選択してtouch_idで認証する"

# name -> (width, height, colour of the page header, what the page shows)
IMAGES = {
    "a1b2c3d4": (640, 400, (209, 36, 42), "Client Portal - Home: IB Key is recommended (QR code)"),
    "b5e6f7a8": (640, 400, (209, 36, 42), "Client Portal - Home: IB Key active"),
    "c9d0e1f2": (640, 400, (40, 80, 160), "Client Portal - Login: waiting for IB Key notification"),
}

# screenshot -> (page title, address)
PAGES = {
    "a1b2c3d4": ("Client Portal - Home", "http://127.0.0.1:8000/sso/Home"),
    "b5e6f7a8": ("Client Portal - Home", "http://127.0.0.1:8000/sso/Home"),
    "c9d0e1f2": ("Client Portal - ログイン", "http://127.0.0.1:8000/sso/Login?lang=ja"),
}

_ACTIVATION_FEATURE = {
    "name": "Activate IB Key on iOS with the in-app QR scanner, starting from the Home page (1.b)",
    "file": "activation/ios_qr_from_home_page.feature",
    "area": "activation",
    "language": "en",
    "line": 2,
    "description": "If the app opens with your Home Page, Portfolio, Watchlists, or similar, tap on More on the\n"
    "bottom-right corner. Then tap on Two-Factor Authentication, followed by Add User.",
    "tags": ["ios", "browser", "camera"],
}
_FACE_ID_FEATURE = {
    "name": "Face IDでの使用方法",
    "file": "authentication/face_id.feature",
    "area": "authentication",
    "language": "ja",
    "line": 3,
    "description": "通知を選択することにより、IBKRモバイル認証(IB Key)が起動します。",
    "tags": ["ja", "ios", "browser"],
}


def _screen(name: str, *widgets: Control, lines: tuple[str, ...] = (), message: str | None = None) -> str:
    return Screen(name, "IBKR Mobile", list(widgets), lines=lines, message=message).to_html()


SCREEN_NAMES = {"s-home": "Home", "s-more": "More", "s-done": "Activation Successful", "s-lock": "ロック画面"}
PHONE_SCREENS = {
    "s-home": _screen("Home", Control("Portfolio"), Control("Watchlists"), Control("More", position="bottom right")),
    "s-more": _screen("More", Control("Two-Factor Authentication"), Control("Settings"), Control("Log Out")),
    "s-done": _screen(
        "Activation Successful", Control("Done"), lines=("IB Key is now active for this user on this iPhone.",)
    ),
    "s-lock": _screen("ロック画面", lines=("通知はありません",), message="IBKRモバイルからの通知が届いていません"),
}


def _step(index, keyword, text, line, kind, outcome="passed", duration=0.2, portal=None, phone=None) -> dict:
    evidence: dict = {}
    if portal:
        title, url = PAGES[portal]
        evidence["portal"] = {"image": f"images/{portal}.png", "url": url, "title": title}
    if phone:
        evidence["phone"] = {"screen_id": phone, "screen": SCREEN_NAMES[phone], "app": "IBKR Mobile"}
    return {
        "index": index,
        "keyword": keyword,
        "text": text,
        "line": line,
        "type": kind,
        "outcome": outcome,
        "duration_s": duration,
        "evidence": evidence,
    }


def _check(clauses, what, expected, actual, outcome, step) -> dict:
    return {"clauses": clauses, "what": what, "expected": expected, "actual": actual, "outcome": outcome, "step": step}


def _scenarios() -> list[dict]:
    passed = {
        "id": IOS_QR,
        "feature": _ACTIVATION_FEATURE,
        "name": "More, Two-Factor Authentication, Add User, then the QR code",
        "line": 7,
        "tags": ["browser", "camera", "ios"],
        "clauses": ["IOS-QR-1B"],
        "outcome": "passed",
        "reason": None,
        "duration_s": 4.82,
        "worker": "gw0",
        "seed": 1234567,
        "error": None,
        "exercised": True,
        "checks": [
            _check(["IOS-QR-1B"], "the phone's screen", "Home", "Home", "passed", 3),
            _check(["IOS-QR-1B"], "the phone's screen", "Activation Successful", "Activation Successful", "passed", 6),
        ],
        "steps": [
            _step(0, "Given", "a Client Portal user", 8, "given", duration=0.05),
            _step(
                1,
                "And",
                "I am logged in to the Client Portal, which recommends IB Key",
                9,
                "given",
                duration=1.3,
                portal="a1b2c3d4",
            ),
            _step(2, "When", 'I open the "IBKR Mobile" app', 12, "when", portal="a1b2c3d4", phone="s-home"),
            _step(3, "Then", 'the "Home" screen is shown', 14, "then", portal="a1b2c3d4", phone="s-home"),
            _step(4, "When", 'I tap "More"', 15, "when", portal="a1b2c3d4", phone="s-more"),
            _step(
                5,
                "When",
                "I point the camera at the QR code",
                21,
                "when",
                duration=1.1,
                portal="a1b2c3d4",
                phone="s-done",
            ),
            _step(6, "Then", 'the "Activation Successful" screen is shown', 24, "then", phone="s-done"),
            _step(7, "And", "IB Key is activated for my user", 25, "then", portal="b5e6f7a8", phone="s-done"),
        ],
    }
    skipped = {
        "id": IOS_TYPED,
        "feature": _ACTIVATION_FEATURE,
        "name": "Activation Code typed by hand on Android",
        "line": 28,
        "tags": ["android", "browser", "camera", "ios"],
        "clauses": ["ANDROID-CODE"],
        "outcome": "skipped",
        "reason": "deselected by --platform ios",
        "duration_s": 0.0,
        "worker": None,
        "seed": None,
        "error": None,
        "exercised": False,
        "checks": [],
        "steps": [
            _step(0, "Given", "a Client Portal user", 29, "given", outcome="not_run", duration=0),
            _step(1, "When", "I type the Activation Code", 30, "when", outcome="not_run", duration=0),
        ],
    }
    failed = {
        "id": FACE_ID,
        "feature": _FACE_ID_FEATURE,
        "name": "通知を選択してFace IDで認証する",
        "line": 8,
        "tags": ["browser", "ios", "ja", "slow"],
        "clauses": ["PUSH-WAIT", "FACEID-PUSH"],
        "outcome": "failed",
        "reason": None,
        "duration_s": 7.31,
        "worker": "gw1",
        "seed": 987654,
        "error": {
            "step": 3,
            "phase": "call",
            "type": "AssertionError",
            "message": "スマートフォンに通知が届きませんでした: 5秒待っても0件",
            "expected": "IBKRモバイルからの通知 1件",
            "actual": "通知 0件 (5秒待機)",
            "traceback": 'steps/phone.py:212: in notification_is_sent\n    assert phone.notifications, "..."\n'
            "E   AssertionError: スマートフォンに通知が届きませんでした: 5秒待っても0件",
        },
        "exercised": True,
        "checks": [
            _check(["PUSH-WAIT"], "the login page", "waiting for IB Key", "waiting for IB Key", "passed", 2),
            _check(["FACEID-PUSH"], "notifications on the phone", "IBKRモバイルからの通知 1件", "通知 0件 (5秒待機)",
                   "failed", 3),
        ],
        "steps": [
            _step(0, "前提", "クライアント・ポータルのユーザーがいる", 9, "given", duration=0.04),
            _step(1, "かつ", "Face IDでロックを解除するiPhoneがある", 10, "given", duration=0.02),
            _step(
                2,
                "もし",
                "ユーザー名とパスワードを入力し、ログインをクリックする",
                12,
                "when",
                duration=1.6,
                portal="c9d0e1f2",
            ),
            _step(
                3,
                "ならば",
                "スマートフォンに通知が送信される",
                13,
                "then",
                outcome="failed",
                duration=5.01,
                portal="c9d0e1f2",
                phone="s-lock",
            ),
            _step(
                4,
                "もし",
                "画面を下にスワイプし、IBKRモバイル通知をタップする",
                14,
                "when",
                outcome="not_run",
                duration=0,
            ),
        ],
    }
    not_applicable = {
        "id": TOUCH_ID,
        "feature": _FACE_ID_FEATURE,
        "name": "通知を選択してTouch IDで認証する",
        "line": 20,
        "tags": ["browser", "ios", "ja"],
        "clauses": ["TOUCHID-PUSH"],
        "outcome": "not_applicable",
        "reason": "the target has no capability 'touch_id'",
        "duration_s": 0.0,
        "worker": None,
        "seed": None,
        "error": None,
        "exercised": False,
        "checks": [],
        "steps": [
            _step(0, "前提", "Touch IDでロックを解除するiPhoneがある", 21, "given", outcome="not_run", duration=0)
        ],
    }
    return [passed, skipped, failed, not_applicable]


def _clause(
    cid, section, kind, status, text, sources, scenarios, verdict,
    note=None, untested=None, checks=0, on="implementation",
) -> dict:
    return {
        "id": cid,
        "section": section,
        "kind": kind,
        "status": status,
        "text": text,
        "sources": sources,
        "note": note,
        "untested": untested,
        "scenarios": scenarios,
        "verdict": verdict,
        "checked_on": on,
        "checks": checks,
    }


CLAUSES = [
    _clause(
        "IOS-QR-1B",
        "act-ios",
        "step",
        "explicit",
        "From the Home page: More, Two-Factor Authentication, Add User, then scan the portal's QR code.",
        [41, 42],
        [IOS_QR],
        "passed",
        checks=2,
        on="harness model",
    ),
    _clause(
        "ANDROID-CODE",
        "act-ios",
        "step",
        "inferred",
        "An Android phone can activate with the Activation Code typed by hand.",
        [77],
        [IOS_TYPED],
        "not_run",
        note="The seed shows this only for iOS; the reference offers it on Android too.",
    ),
    _clause(
        "PIN-LENGTH",
        "act-ios",
        "rule",
        "conflicting",
        "The PIN has 4 to 6 characters.",
        [88, 131],
        [],
        "not_tested",
        note="Line 88 says 4 to 6, line 131 says at least 4; the reference takes 4 to 6.",
        untested="Needs a phone keyboard model that accepts more than 6 characters.",
    ),
    _clause(
        "FACEID-PUSH",
        "auth-ja",
        "step",
        "explicit",
        "通知をタップすると IB Key が起動し、Face ID で認証するとログインが進む。",
        [402, 403],
        [FACE_ID],
        "failed",
        checks=1,
    ),
    _clause(
        "PUSH-WAIT",
        "auth-ja",
        "step",
        "explicit",
        "ログイン後、ポータルはIBKRモバイルからの承認を待つ。",
        [398],
        [FACE_ID],
        "passed",
        checks=1,
    ),
    _clause(
        "TOUCHID-PUSH",
        "auth-ja",
        "message",
        "explicit",
        "通知をタップすると IB Key が起動し、Touch ID で認証する。",
        [410],
        [TOUCH_ID],
        "not_applicable",
    ),
]

SECTIONS = [
    {"id": "act-ios", "title": "Activation on iOS and Android", "lang": "en", "lines": [30, 140]},
    {"id": "auth-ja", "title": "IBKRモバイル認証の使用方法", "lang": "ja", "lines": [390, 430]},
]

FINDINGS = [
    {
        "id": "F-01",
        "kind": "figure_only",
        "lines": [57],
        "text": "Where the Add User button is shown only in a screenshot; the text never names it.",
    },
    {"id": "F-02", "kind": "typo", "lines": [403], "text": "「始ります」は「始まります」の誤り。"},
]


def sample_results() -> dict:
    """A fresh copy each call, so a test may break it freely."""
    scenarios = _scenarios()
    results = {
        "schema": "ibkey-conformance/results/v2",
        "run": {
            "id": RUN_ID,
            "started_at": "2026-11-27T16:26:42+00:00",
            "finished_at": "2026-11-27T16:27:55+00:00",
            "duration_s": 73.4,
            "harness_version": "0.1.0",
            "command": "ibkey-conform run --platform ios -n 2",
            "selection": {"tags": None, "platform": "ios", "lang": None},
            "workers": 2,
            "implementation": {
                "name": "IB Key reference",
                "adapter": "reference",
                "capabilities": ["portal", "push", "qr_code", "challenge_response", "face_id"],
            },
            "machine": {"python": "3.11.2", "platform": "Linux-6.1-x86_64", "cpus": 2},
        },
        "verdict": "does_not_conform",
        "totals": {
            "scenarios": 4,
            "passed": 1,
            "failed": 1,
            "harness_error": 0,
            "skipped": 1,
            "xfailed": 0,
            "xpassed": 0,
            "not_applicable": 1,
            "clauses": 6,
            "clauses_implementation": 5,
            "clauses_passed": 1,
            "clauses_failed": 1,
            "clauses_harness_model": 1,
            "clauses_harness_model_walked": 1,
        },
        "verdict_detail": {
            "scope": "selection",
            "selection": {"platform": "ios"},
            "clauses_selected": 6,
            "clauses_total": 6,
            "clauses_not_applicable": 1,
            "profile": [],
            "cause": None,
        },
        "scenarios": scenarios,
        "clauses": CLAUSES,
        "sections": SECTIONS,
        "findings": FINDINGS,
        "phone_screens": PHONE_SCREENS,
    }
    return copy.deepcopy(results)


def write_images(folder: Path) -> list[Path]:
    """The screenshots the sample's steps refer to, as real PNGs under `folder`/images/."""
    images = folder / "images"
    images.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (width, height, header, caption) in IMAGES.items():
        image = Image.new("RGB", (width, height), (246, 247, 249))
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, width, 48), fill=header)
        draw.text((16, 18), "Interactive Brokers  Client Portal", fill=(255, 255, 255))
        draw.text((24, 72), caption, fill=(20, 20, 20))
        draw.rectangle((24, 100, width - 24, height - 24), outline=(200, 200, 200), fill=(255, 255, 255))
        for row in range(7):
            for col in range(7):
                if (row * 3 + col * 5) % 4 < 2:
                    x, y = 48 + col * 16, 124 + row * 16
                    draw.rectangle((x, y, x + 14, y + 14), fill=(0, 0, 0))
        path = images / f"{name}.png"
        image.save(path, format="PNG")
        written.append(path)
    return written


def write_sample_run(folder: Path, results: dict | None = None) -> Path:
    """A run folder as `ibkey-conform run` leaves it: results.json beside images/. Returns results.json."""
    folder.mkdir(parents=True, exist_ok=True)
    write_images(folder)
    path = folder / "results.json"
    path.write_text(json.dumps(results or sample_results(), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def with_outcome(results: dict, scenario_id: str, outcome: str, reason: str | None = None) -> dict:
    """The same run with one scenario ending otherwise; totals follow, so the file stays valid."""
    scenario = next(s for s in results["scenarios"] if s["id"] == scenario_id)
    scenario["outcome"] = outcome
    scenario["reason"] = reason
    if outcome in ("passed", "xpassed"):
        scenario["error"] = None
        for step in scenario["steps"]:
            step["outcome"] = "passed"
    for key in ("passed", "failed", "harness_error", "skipped", "xfailed", "xpassed", "not_applicable"):
        results["totals"][key] = sum(1 for s in results["scenarios"] if s["outcome"] == key)
    return results


def with_setup_error(results: dict, scenario_id: str) -> dict:
    """The scenario broke in a fixture before its first step: outcome error, every step not run."""
    scenario = next(s for s in results["scenarios"] if s["id"] == scenario_id)
    scenario["error"] = {
        "step": None,
        "phase": "setup",
        "type": "ConnectionRefusedError",
        "message": "[Errno 111] Connection refused: the portal at 127.0.0.1:8000 did not answer",
        "expected": None,
        "actual": None,
        "traceback": "\x1b[31mconftest.py:33: in live_portal\x1b[0m\n    raise ConnectionRefusedError(111)\x07",
    }
    for step in scenario["steps"]:
        step["outcome"] = "not_run"
    scenario["checks"] = []
    scenario["exercised"] = False
    return with_outcome(results, scenario_id, "harness_error")
