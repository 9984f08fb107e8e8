"""A real conformance run over the scenarios that handle the most secrets: none of them reaches any report file."""

import base64
import contextlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

from ibkey_conformance.redaction import MIN_SECRET_LENGTH
from ibkey_conformance.report.html import render_html

REPO = Path(__file__).resolve().parents[4]
SECRET_HEAVY_SCENARIOS = " or ".join([
    "テンポラリーパスコードでクライアントポータルにログインする",
    "テンポラリーパスコードを小文字で入力する",
    "オンラインセキュリティカードでログインする",
    "自動的に有効化されたデバイスでログインする",
    "pinで認証する",
    "session_id_field",
    "a_pin_of_length",
])


def _ocra_secrets(basetemp: Path) -> set[str]:
    keys = set()
    for database in basetemp.rglob("*.sqlite3"):
        with sqlite3.connect(database) as connection:
            for (secret,) in connection.execute("SELECT ocra_secret FROM devices"):
                keys |= {secret.hex(), base64.b64encode(secret).decode("ascii")}
    return keys


def _occurs(secret: str, text: str) -> bool:
    """As a value of its own: a 4-digit PIN inside a content hash or a port number is a coincidence, not a leak."""
    return re.search(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])", text) is not None


def _fixed_text(results: dict) -> str:
    """What a report holds whatever its scenarios did: the page's frame, the run's header, the catalogue."""
    frame = render_html(results | {"scenarios": [], "phone_screens": {}})
    header = {key: value for key, value in results.items() if key not in {"scenarios", "phone_screens"}}
    return frame + json.dumps(header)


def _without_embedded_screenshots(cucumber_text: str, images_dir: Path) -> str:
    """cucumber.json less its embedded screenshots, each checked to be one of the run's painted-over PNGs: as
    base64 text they are no place to look for a secret (a 4-digit PIN between two '+' occurs there by chance)."""
    screenshots = {path.read_bytes() for path in images_dir.glob("*.png")}
    features = json.loads(cucumber_text)
    embedded = 0
    for step in (step for feature in features for element in feature["elements"] for step in element["steps"]):
        for embedding in step.pop("embeddings", []):
            assert embedding["mime_type"] == "image/png"
            assert base64.b64decode(embedding["data"], validate=True) in screenshots
            embedded += 1
    assert embedded, "the run's steps showed the portal: cucumber.json embeds its screenshots"
    return json.dumps(features, ensure_ascii=False)


def test_no_secret_handed_out_in_a_run_appears_in_its_reports(tmp_path):
    report_dir, basetemp, noted = tmp_path / "report", tmp_path / "base", tmp_path / "secrets"
    command = [sys.executable, "-m", "pytest", "features", "-q", "-n", "2", "-k", SECRET_HEAVY_SCENARIOS]
    command += [f"--basetemp={basetemp}", f"--ibkey-report-dir={report_dir}"]
    command += ["--tracing=on", f"--output={report_dir / 'traces'}"]
    command += ["-p", "ibkey_conformance.report.plugin", "-p", "tests.unit.ibkey_conformance.report.secret_recorder"]
    environment = os.environ | {"IBKEY_SECRETS_OUT": str(noted)}
    done = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    by_kind = {"ocra key": _ocra_secrets(basetemp)}
    for path in noted.glob("*.json"):
        for kind, values in json.loads(path.read_text()).items():
            by_kind.setdefault(kind, set()).update(values)
    results = json.loads((report_dir / "results.json").read_text(encoding="utf-8"))
    assert results["totals"]["passed"] >= 10
    assert len(by_kind["password"]) >= results["totals"]["passed"], "every scenario creates a user with a password"
    assert {"pin", "temporary passcode", "physical device", "phone", "ocra key"} <= {k for k, v in by_kind.items() if v}
    # A value shorter than the shortest valid PIN (a refused 3-digit PIN) is no secret and is everywhere as a number.
    secrets = {secret for secret in set().union(*by_kind.values()) if len(secret) >= MIN_SECRET_LENGTH}
    # A PIN that happens to equal a number every report prints (the year, port 4000) cannot be told from it.
    fixed_text = _fixed_text(results)
    indistinguishable = {secret for secret in secrets if _occurs(secret, fixed_text)}
    assert len(indistinguishable) <= 2, indistinguishable
    secrets -= indistinguishable
    text_files = [path for path in report_dir.rglob("*") if path.is_file() and path.suffix not in (".png", ".zip")]
    assert {path.name for path in text_files} == {"results.json", "conformance.html", "junit.xml", "cucumber.json"}
    texts = {path.name: path.read_text("utf-8") for path in text_files}
    texts["cucumber.json"] = _without_embedded_screenshots(texts["cucumber.json"], report_dir / "images")
    traces = list(report_dir.rglob("trace.zip"))
    assert len(traces) >= results["totals"]["passed"] - 2, "every browser scenario keeps its trace with --tracing=on"
    for trace in traces:
        texts |= _trace_texts(trace)
    encoded = {quote_plus(secret) for secret in secrets} | {quote(secret, safe="") for secret in secrets}
    leaks = {(name, secret) for name, text in texts.items() for secret in secrets | encoded if _occurs(secret, text)}
    assert not leaks


def _trace_texts(path: Path) -> dict[str, str]:
    """The entries of a Playwright trace that are text: its actions, network log, page snapshots, request bodies."""
    texts = {}
    with zipfile.ZipFile(path) as trace:
        for name in trace.namelist():
            with contextlib.suppress(UnicodeDecodeError):
                texts[f"{path.parent.name}/{name}"] = trace.read(name).decode("utf-8")
    return texts


def test_a_secret_counts_where_it_stands_alone_not_inside_a_longer_value():
    assert _occurs("2071", 'PIN "2071".') and _occurs("2071", "pin=2071&next") and _occurs("a#b2", "(a#b2)")
    assert not _occurs("2071", "scenario-8a2071fc3a9") and not _occurs("2071", "127.0.0.1:42071/portal")
