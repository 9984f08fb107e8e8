#!/usr/bin/env bash
# Idempotent set-up: Debian packages the suites need, then .venv with the project installed.
# Fast when already done: each step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(chromium libzbar0 fonts-ipafont-gothic chromium-driver xvfb)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# Node.js and npm for tools/cucumber-consumer, the Cucumber report tools the report tests load cucumber.json with.
# Checked by command, not by Debian package: a machine may have Node.js from elsewhere, with npm inside it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: nodejs npm"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "setup: missing node and npm (Debian packages nodejs npm)" >&2
    echo "setup: run: sudo apt-get update && sudo apt-get install -y nodejs npm" >&2
    exit 1
  fi
fi
consumer=tools/cucumber-consumer
if [ ! -f "$consumer/node_modules/.package-lock.json" ] \
  || [ "$consumer/package-lock.json" -nt "$consumer/node_modules/.package-lock.json" ]; then
  echo "setup: installing $consumer from its package-lock.json"
  npm ci --prefix "$consumer" --no-audit --no-fund --loglevel=error >/dev/null
fi

stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  echo "setup: installing the project into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>/dev/null
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]' 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import ibkey_reference, ibkey_conformance, pyzbar.pyzbar" 
  touch "$stamp"
fi

# IBeam (tests/interop) in a venv of its own: it pins cryptography 40, the project needs 42 or later.
ibeam_stamp=.venv-ibeam/.installed
if [ ! -f "$ibeam_stamp" ] || [ tools/ibeam/requirements.txt -nt "$ibeam_stamp" ]; then
  [ -x .venv-ibeam/bin/python ] || python3 -m venv .venv-ibeam
  echo "setup: installing IBeam into .venv-ibeam"
  .venv-ibeam/bin/python -m pip install -q --disable-pip-version-check -r tools/ibeam/requirements.txt 2>&1 \
    | grep -v "^WARNING: Location" || true
  touch "$ibeam_stamp"
fi

# Chromium's headless-only build runs the suites with half the CPU; a machine without it uses full Chromium.
if [ ! -x /usr/bin/chromium-headless-shell ] && [ "$(id -u)" = 0 ]; then
  echo "setup: installing Debian package chromium-headless-shell"
  install_shell() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-headless-shell >/dev/null 2>&1; }
  install_shell || { apt-get update -qq && install_shell; } \
    || echo "setup: chromium-headless-shell is not available here; the suites use full Chromium"
fi

if [ ! -x /usr/bin/chromium ] && [ ! -x /usr/bin/chromium-headless-shell ]; then
  echo "setup: no system Chromium; falling back to Playwright's own browser"
  .venv/bin/python -m playwright install chromium
fi
