"""`ibkey-conform serve` as a person runs it: a process, a URL, a login page that works, Ctrl-C to stop."""

import re
import signal
import socket
import subprocess
import sys
import time

import httpx


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_creates_the_user_and_serves_a_working_login(tmp_path):
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "ibkey_conformance.cli",
        "serve",
        "--port",
        str(port),
        "--db",
        str(tmp_path / "portal.sqlite3"),
        "--user",
        "alice",
        "--password",
        "s3cret-pw",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "created user alice"
        assert f"http://127.0.0.1:{port}/sso/Login" in process.stdout.readline()
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as browser:
            page = _get_when_up(browser, "/sso/Login")
            assert 'id="xyz-field-username"' in page.text
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            reply = browser.post("/sso/Login", data={"username": "alice", "password": "s3cret-pw", "csrf_token": csrf})
            assert reply.status_code == 303 and reply.headers["location"] == "/portal/home"
            assert "Welcome" in browser.get("/portal/home").text
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert "Traceback" not in err and "s3cret-pw" not in out + err


def _get_when_up(browser: httpx.Client, path: str) -> httpx.Response:
    """uvicorn binds after printing the URL: retry the connection (not a timing rule) for up to 15 s."""
    deadline = time.monotonic() + 15
    while True:
        try:
            return browser.get(path)
        except httpx.ConnectError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_serve_on_a_busy_port_says_so_in_one_line_and_leaves_no_database(tmp_path, capsys):
    from ibkey_conformance.cli import main

    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port), "--db", str(tmp_path / "portal.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ibkey-conform serve: cannot listen on 127.0.0.1:{port}: Address already in use")
    assert f"choose another with --port (e.g. --port {port + 1})" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_serve_demo_prints_a_demo_user_whose_password_logs_in(tmp_path):
    port = _free_port()
    command = [sys.executable, "-m", "ibkey_conformance.cli", "serve", "--demo", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        announced = re.match(r"demo: log in as demo with the password (\S+) ", process.stdout.readline())
        assert announced, "the first line names the demo user's password"
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as browser:
            page = _get_when_up(browser, "/sso/Login")
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            login = {"username": "demo", "password": announced.group(1), "csrf_token": csrf}
            assert browser.post("/sso/Login", data=login).headers["location"] == "/portal/home"
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
    assert process.returncode == 0
    assert list(tmp_path.iterdir()) == [], "the demo's database is temporary"
